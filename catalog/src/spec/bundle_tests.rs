use serde_json::json;

use crate::spec::test_util::Folder;
use crate::spec::LoadedSpec;

fn load(folder: &Folder) -> LoadedSpec {
    let (s, diags) = folder.load("openapi.yaml");
    assert!(diags.is_empty(), "{diags:#?}");
    s.unwrap()
}

/// Every `$ref` string in a JSON value.
fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => refs(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

const ROOT: &str = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: 'common.yaml#/components/parameters/Limit'}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'common.yaml#/components/schemas/Pet'}\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Error'}\ncomponents:\n  schemas:\n    Error: {type: object}\n";
const COMMON: &str = "components:\n  parameters:\n    Limit: {name: limit, in: query, schema: {$ref: '#/components/schemas/Count'}}\n  schemas:\n    Pet: {type: object, properties: {owner: {$ref: 'people/owner.yaml'}}}\n    Count: {type: integer}\n";

#[test]
fn the_bundle_has_no_external_refs_and_sibling_schemas_are_components() {
    // Lifted in the order first met: `Count` through the inlined `Limit` parameter.
    let folder = Folder::new().file("openapi.yaml", ROOT).file("common.yaml", COMMON).file("people/owner.yaml", "type: string\n");
    let s = load(&folder);
    let mut all = Vec::new();
    refs(&s.bundled, &mut all);
    assert!(all.iter().all(|r| r.starts_with('#')), "{all:?}");
    let schemas = &s.bundled["components"]["schemas"];
    let names: Vec<&str> = schemas.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["Error", "Count", "Pet", "owner"]);
    assert_eq!(schemas["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/owner"}));
}

#[test]
fn a_non_schema_sibling_target_is_inlined_in_place() {
    let folder = Folder::new().file("openapi.yaml", ROOT).file("common.yaml", COMMON).file("people/owner.yaml", "type: string\n");
    let s = load(&folder);
    assert_eq!(
        s.bundled.pointer("/paths/~1a/get/parameters/0").unwrap(),
        &json!({"name": "limit", "in": "query", "schema": {"$ref": "#/components/schemas/Count"}})
    );
}

#[test]
fn local_refs_stay_as_written() {
    let folder = Folder::new().file("openapi.yaml", ROOT).file("common.yaml", COMMON).file("people/owner.yaml", "type: string\n");
    let s = load(&folder);
    assert_eq!(s.bundled.pointer("/paths/~1a/get/responses/400/content/application~1json/schema/$ref").unwrap(), "#/components/schemas/Error");
}

#[test]
fn lifted_sibling_schemas_are_components_of_the_spec_too() {
    let folder = Folder::new().file("openapi.yaml", ROOT).file("common.yaml", COMMON).file("people/owner.yaml", "type: string\n");
    let s = load(&folder);
    let names: Vec<&str> = s.spec.components.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["Error", "Count", "Pet", "owner"]);
    let pet = &s.spec.components[2];
    assert_eq!(s.spec.schema(pet.id).name.as_deref(), Some("Pet"));
}

#[test]
fn a_name_clash_with_different_content_gets_a_suffix() {
    let root = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: string}\n    Other: {$ref: 'common.yaml#/components/schemas/Pet'}\n";
    let folder = Folder::new().file("openapi.yaml", root).file("common.yaml", COMMON).file("people/owner.yaml", "type: string\n");
    let s = load(&folder);
    assert_eq!(s.bundled["components"]["schemas"]["Other"], json!({"$ref": "#/components/schemas/Pet_2"}));
    assert_eq!(s.bundled["components"]["schemas"]["Pet_2"]["type"], "object");
}

#[test]
fn swagger_2_lifts_into_definitions() {
    let root = "swagger: '2.0'\ninfo: {title: T, version: 2.10}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, schema: {$ref: 'defs.yaml#/definitions/Pet'}}\n";
    let folder = Folder::new().file("openapi.yaml", root).file("defs.yaml", "definitions:\n  Pet: {type: object}\n");
    let s = load(&folder);
    assert_eq!(s.bundled["definitions"]["Pet"], json!({"type": "object"}));
    assert_eq!(s.bundled.pointer("/paths/~1a/get/responses/200/schema/$ref").unwrap(), "#/definitions/Pet");
    assert_eq!(s.bundled["info"]["version"], "2.10");
}

#[test]
fn refused_refs_stay_as_written_in_the_bundle() {
    let root = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '../secret.yaml'}\n";
    let (s, _) = Folder::new().file("openapi.yaml", root).load("openapi.yaml");
    assert_eq!(s.unwrap().bundled["components"]["schemas"]["A"], json!({"$ref": "../secret.yaml"}));
}
