//! The validator on small specs of each dialect: what fails is named by a JSON pointer.

use serde_json::json;

use super::{normalize_pattern, Direction, Validator};
use crate::spec::{load, Spec, SpecLimits};

fn spec(src: &str) -> Spec {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.yaml"), src).unwrap();
    let (loaded, diags) = load(dir.path(), "openapi.yaml", "", &SpecLimits::default());
    loaded.unwrap_or_else(|| panic!("{diags:#?}")).spec
}

fn named(spec: &Spec, name: &str) -> crate::spec::SchemaId {
    spec.components.iter().find(|c| c.name == name).unwrap().id
}

const PETS: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      additionalProperties: false
      properties:
        id: {type: integer, minimum: 1, readOnly: true}
        name: {type: string, minLength: 2, pattern: "^[A-Z]"}
        tag: {type: string, nullable: true, enum: [a, b]}
        born: {type: string, format: date}
        friends: {type: array, items: {$ref: '#/components/schemas/Pet'}, maxItems: 2}
"#;

fn pointers(issues: &[super::Issue]) -> Vec<(&str, &str)> {
    issues.iter().map(|i| (i.pointer.as_str(), i.keyword)).collect()
}

#[test]
fn a_valid_value_has_no_issues() {
    let s = spec(PETS);
    let v = Validator::new(&s, Direction::Response);
    assert!(v.validate(named(&s, "Pet"), &json!({"id": 1, "name": "Azor", "tag": null, "born": "2020-02-29"})).is_empty());
}

#[test]
fn each_problem_is_named_by_its_pointer() {
    let s = spec(PETS);
    let v = Validator::new(&s, Direction::Response);
    let issues = v.validate(
        named(&s, "Pet"),
        &json!({"id": 0, "name": "a", "tag": "c", "born": "2021-02-30", "color": "x", "friends": [{"id": "1", "name": "Bo"}, {}, {}]}),
    );
    let p = pointers(&issues);
    for expected in [
        ("/id", "minimum"),
        ("/name", "minLength"),
        ("/name", "pattern"),
        ("/tag", "enum"),
        ("/born", "format"),
        ("/color", "additionalProperties"),
        ("/friends", "maxItems"),
        ("/friends/0/id", "type"),
        ("/friends/1", "required"),
    ] {
        assert!(p.contains(&expected), "{expected:?} missing from {p:?}");
    }
}

#[test]
fn read_only_properties_are_not_required_in_requests() {
    let s = spec(PETS);
    let pet = named(&s, "Pet");
    assert!(Validator::new(&s, Direction::Request).validate(pet, &json!({"name": "Azor"})).is_empty());
    let r = Validator::new(&s, Direction::Response).validate(pet, &json!({"name": "Azor"}));
    assert_eq!(pointers(&r), [("", "required")]);
}

#[test]
fn recursive_schemas_terminate() {
    let s = spec(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Loop: {allOf: [{$ref: '#/components/schemas/Loop'}]}
    Node: {type: object, properties: {next: {$ref: '#/components/schemas/Node'}, v: {type: integer}}}
"#,
    );
    let v = Validator::new(&s, Direction::Any);
    assert!(v.validate(named(&s, "Loop"), &json!({"a": 1})).is_empty());
    let r = v.validate(named(&s, "Node"), &json!({"next": {"next": {"v": "x"}}}));
    assert_eq!(pointers(&r), [("/next/next/v", "type")]);
}

#[test]
fn one_of_reports_the_closest_branch() {
    let s = spec(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Id:
      oneOf:
        - {type: object, required: [nip], properties: {nip: {type: string, pattern: "^[0-9]{10}$"}}}
        - {type: object, required: [regon], properties: {regon: {type: string}}}
"#,
    );
    let v = Validator::new(&s, Direction::Any);
    assert!(v.validate(named(&s, "Id"), &json!({"nip": "5261040828"})).is_empty());
    let r = v.validate(named(&s, "Id"), &json!({"nip": "52610"}));
    assert_eq!(pointers(&r), [("", "oneOf"), ("/nip", "pattern")]);
}

#[test]
fn swagger_2_and_3_1_types_are_understood() {
    let s = spec(
        r#"
swagger: "2.0"
info: {title: t, version: "1"}
paths: {}
definitions:
  Rate: {type: object, properties: {mid: {type: number}, code: {type: string, maxLength: 3}}}
"#,
    );
    let v = Validator::new(&s, Direction::Response);
    assert!(v.is_valid(named(&s, "Rate"), &json!({"mid": 4.2, "code": "EUR"})));
    assert!(!v.is_valid(named(&s, "Rate"), &json!({"mid": "4.2"})));
    let s = spec("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    N: {type: [integer, 'null'], exclusiveMinimum: 0}\n");
    let v = Validator::new(&s, Direction::Any);
    assert!(v.is_valid(named(&s, "N"), &json!(null)));
    assert!(v.is_valid(named(&s, "N"), &json!(3)));
    assert_eq!(pointers(&v.validate(named(&s, "N"), &json!(0))), [("", "exclusiveMinimum")]);
    assert_eq!(pointers(&v.validate(named(&s, "N"), &json!(1.5))), [("", "type")]);
}

#[test]
fn a_regex_literal_as_pattern_is_read_as_its_author_meant() {
    assert_eq!(normalize_pattern("/^[a-z0-9._]+$/"), "^[a-z0-9._]+$");
    assert_eq!(normalize_pattern("/^ab$/i"), "(?i)^ab$");
    assert_eq!(normalize_pattern("^/api/.*$"), "^/api/.*$", "a leading slash alone is part of the pattern");
}
