use crate::diag::Severity;
use crate::spec::test_util::{rules, Folder};

/// A 3.0 spec whose one response schema is `$ref: <target>`.
fn referencing(target: &str) -> String {
    format!(
        "openapi: 3.0.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '{target}'\n"
    )
}

fn response_schema(s: &crate::spec::LoadedSpec) -> &crate::spec::Schema {
    s.spec.schema(s.spec.operations[0].responses[0].content[0].schema.unwrap())
}

#[test]
fn a_ref_to_a_sibling_file_is_resolved_relative_to_the_referencing_file() {
    let folder = Folder::new()
        .file("versions/1.0/openapi.yaml", &referencing("../../schemas/pet.yaml#/Pet"))
        .file("schemas/pet.yaml", "Pet:\n  type: object\n  properties:\n    tag: {$ref: 'common.yaml#/Tag'}\n")
        .file("schemas/common.yaml", "Tag: {type: string, maxLength: 5}\n");
    let (s, diags) = folder.load("versions/1.0/openapi.yaml");
    let s = s.unwrap();
    assert!(diags.is_empty(), "{diags:#?}");
    let pet = response_schema(&s);
    assert_eq!(pet.types, ["object"]);
    let tag = s.spec.schema(pet.properties[0].1);
    assert_eq!(tag.max_length, Some(5));
    assert_eq!(tag.source.as_ref().unwrap().0, "schemas/common.yaml");
}

#[test]
fn a_whole_file_ref_without_fragment_is_the_file() {
    let folder = Folder::new().file("openapi.yaml", &referencing("./pet.json")).file("pet.json", r#"{"type": "integer"}"#);
    let (s, diags) = folder.load("openapi.yaml");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(response_schema(&s.unwrap()).types, ["integer"]);
}

#[test]
fn a_ref_climbing_out_of_the_folder_is_refused_at_its_position() {
    let root = Folder::new().file("outside.yaml", "type: string\n");
    let api = root.path().join("api");
    std::fs::create_dir(&api).unwrap();
    std::fs::write(api.join("openapi.yaml"), referencing("../outside.yaml")).unwrap();
    let (s, diags) = crate::spec::load(&api, "openapi.yaml", "apis/x/", &Default::default());
    assert_eq!(rules(&diags), ["spec/ref-outside-folder"]);
    assert_eq!(diags[0].file, "apis/x/openapi.yaml");
    assert_eq!(diags[0].pos.map(|p| p.line), Some(12));
    assert_eq!(response_schema(&s.unwrap()).unresolved_ref.as_deref(), Some("../outside.yaml"));
}

#[test]
fn an_absolute_path_ref_is_refused() {
    let (s, diags) = Folder::new().file("openapi.yaml", &referencing("/etc/passwd")).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/ref-outside-folder"]);
    assert!(response_schema(&s.unwrap()).unresolved_ref.is_some());
}

#[test]
fn a_file_url_ref_is_refused() {
    let (_, diags) = Folder::new().file("openapi.yaml", &referencing("file:///etc/passwd")).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/ref-outside-folder"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_outside_the_folder_is_refused_and_not_read() {
    let root = Folder::new().file("secret.yaml", "type: string\n");
    let api = root.path().join("api");
    std::fs::create_dir(&api).unwrap();
    std::fs::write(api.join("openapi.yaml"), referencing("link.yaml")).unwrap();
    std::os::unix::fs::symlink(root.path().join("secret.yaml"), api.join("link.yaml")).unwrap();
    let (s, diags) = crate::spec::load(&api, "openapi.yaml", "", &Default::default());
    assert_eq!(rules(&diags), ["spec/ref-outside-folder"]);
    assert!(response_schema(&s.unwrap()).types.is_empty());
}

#[test]
fn a_remote_ref_is_a_warning_and_left_unresolved() {
    let (s, diags) = Folder::new().file("openapi.yaml", &referencing("https://example.com/pet.yaml")).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/ref-remote"]);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(response_schema(&s.unwrap()).unresolved_ref.as_deref(), Some("https://example.com/pet.yaml"));
}

#[test]
fn a_missing_file_is_unresolved_with_a_hint() {
    let (_, diags) = Folder::new().file("openapi.yaml", &referencing("nope.yaml#/Pet")).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/ref-unresolved"]);
    assert!(diags[0].hint.is_some());
}

#[test]
fn a_missing_pointer_is_unresolved() {
    let (_, diags) = Folder::new().file("openapi.yaml", &referencing("#/components/schemas/Nope")).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/ref-unresolved"]);
}

#[test]
fn a_syntax_error_in_a_sibling_file_is_reported_in_that_file() {
    let folder = Folder::new().file("openapi.yaml", &referencing("bad.yaml")).file("bad.yaml", "a: [\n");
    let (s, diags) = folder.load("openapi.yaml");
    assert!(s.is_some());
    assert_eq!(rules(&diags), ["spec/syntax", "spec/ref-unresolved"]);
    assert_eq!(diags[0].file, "apis/test/bad.yaml");
}

#[test]
fn a_ref_inside_an_example_is_data_not_a_reference() {
    let src = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example: {$ref: 'https://api.github.com/x'}\n              schema: {type: object, example: {$ref: '../../etc/passwd'}}\n";
    let (s, diags) = Folder::new().file("openapi.yaml", src).load("openapi.yaml");
    assert!(diags.is_empty(), "{diags:#?}");
    let s = s.unwrap();
    let media = &s.spec.operations[0].responses[0].content[0];
    assert_eq!(media.examples[0].value, Some(serde_json::json!({"$ref": "https://api.github.com/x"})));
    assert_eq!(s.bundled.pointer("/paths/~1a/get/responses/200/content/application~1json/example/$ref").unwrap(), "https://api.github.com/x");
}

#[test]
fn a_cycle_of_parameter_refs_is_an_error_not_a_hang() {
    let src = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n      responses: {}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n";
    let (s, diags) = Folder::new().file("openapi.yaml", src).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/ref-cycle"]);
    assert!(s.unwrap().spec.operations[0].parameters.is_empty());
}

#[test]
fn a_sibling_file_referenced_many_times_is_read_once() {
    let folder = Folder::new()
        .file("openapi.yaml", &referencing("common.yaml#/A"))
        .file("common.yaml", "A: {properties: {b: {$ref: './common.yaml#/B'}, c: {$ref: 'common.yaml#/B'}}}\nB: {type: string}\n");
    let (s, diags) = folder.load("openapi.yaml");
    assert!(diags.is_empty(), "{diags:#?}");
    let s = s.unwrap();
    let a = response_schema(&s);
    // Both spellings reach the same node, hence the same schema.
    assert_eq!(a.properties[0].1, a.properties[1].1);
}

#[test]
fn no_more_than_max_files_siblings_are_read() {
    let mut folder = Folder::new().file("openapi.yaml", &referencing("f0.yaml"));
    for i in 0..5 {
        folder = folder.file(&format!("f{i}.yaml"), &format!("properties: {{next: {{$ref: 'f{}.yaml'}}}}\n", i + 1));
    }
    let limits = crate::spec::SpecLimits { max_files: 3, ..Default::default() };
    let (s, diags) = crate::spec::load(folder.path(), "openapi.yaml", "", &limits);
    assert!(s.is_some());
    assert_eq!(rules(&diags), ["spec/too-many-files"]);
}
