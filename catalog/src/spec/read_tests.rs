use crate::spec::model::Dialect;
use crate::spec::test_util::{rules, spec, Folder};
use crate::spec::SpecLimits;

const PATHS: &str = "info: {title: T, version: '1'}\npaths: {}\n";

#[test]
fn swagger_2_is_recognized() {
    let (s, _) = spec(&format!("swagger: '2.0'\n{PATHS}"));
    assert_eq!((s.spec.dialect, s.spec.spec_version.as_str()), (Dialect::Swagger2, "2.0"));
}

#[test]
fn openapi_3_0_is_recognized() {
    let (s, _) = spec(&format!("openapi: 3.0.3\n{PATHS}"));
    assert_eq!((s.spec.dialect, s.spec.spec_version.as_str()), (Dialect::OpenApi30, "3.0.3"));
}

#[test]
fn openapi_3_1_is_recognized() {
    let (s, _) = spec(&format!("openapi: 3.1.0\n{PATHS}"));
    assert_eq!(s.spec.dialect, Dialect::OpenApi31);
}

#[test]
fn openapi_3_2_is_read_as_3_1_with_a_warning() {
    let (s, diags) = spec(&format!("openapi: 3.2.0\n{PATHS}"));
    assert_eq!(s.spec.dialect, Dialect::OpenApi31);
    assert_eq!(rules(&diags), ["spec/version"]);
}

#[test]
fn a_document_without_openapi_key_is_not_a_spec() {
    let (s, diags) = Folder::new().file("openapi.yaml", "title: hello\n").load("openapi.yaml");
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/not-openapi"]);
    assert_eq!(diags[0].file, "apis/test/openapi.yaml");
    assert!(diags[0].hint.as_deref().unwrap().contains("openapi: 3.1.0"));
}

#[test]
fn an_unknown_version_is_reported_at_its_value() {
    let (s, diags) = Folder::new().file("openapi.yaml", "info: {}\nopenapi: 4.0.0\n").load("openapi.yaml");
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/not-openapi"]);
    assert_eq!(diags[0].pos.map(|p| (p.line, p.col)), Some((2, 10)));
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let folder = Folder::new().file("openapi.yaml", &format!("openapi: 3.0.0\n{PATHS}"));
    let limits = SpecLimits { max_file_bytes: 10, ..SpecLimits::default() };
    let (s, diags) = crate::spec::load(folder.path(), "openapi.yaml", "", &limits);
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/too-large"]);
}

#[test]
fn a_file_that_is_not_utf8_is_an_encoding_error_with_position() {
    let folder = Folder::new();
    std::fs::write(folder.path().join("openapi.yaml"), b"openapi: 3.0.0\ninfo: {title: \xff}\n").unwrap();
    let (s, diags) = folder.load("openapi.yaml");
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/encoding"]);
    assert_eq!(diags[0].pos.map(|p| (p.line, p.col)), Some((2, 15)));
}

#[test]
fn a_syntax_error_is_reported_with_position_and_hint() {
    let (s, diags) = Folder::new().file("openapi.yaml", "openapi: 3.0.0\ninfo: [unclosed\n").load("openapi.yaml");
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/syntax"]);
    assert!(diags[0].pos.is_some() && diags[0].hint.is_some());
}

#[test]
fn a_duplicate_key_names_the_first_occurrence_line() {
    let (s, diags) = Folder::new().file("openapi.yaml", "openapi: 3.0.0\npaths: {}\npaths: {}\n").load("openapi.yaml");
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/duplicate-key"]);
    assert_eq!(diags[0].pos.map(|p| p.line), Some(3));
    assert!(diags[0].message.contains("line 2"), "{}", diags[0].message);
}

#[test]
fn nesting_over_the_depth_limit_is_too_deep() {
    let src = format!("openapi: 3.0.0\nx: {}{}\n", "[".repeat(200), "]".repeat(200));
    let (s, diags) = Folder::new().file("openapi.yaml", &src).load("openapi.yaml");
    assert!(s.is_none());
    assert_eq!(rules(&diags), ["spec/too-deep"]);
}

#[test]
fn a_key_indented_one_space_off_gets_a_hint_with_the_depths() {
    let src =
        "openapi: 3.0.3\ninfo: {title: A, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        \"200\": {description: ok}\n   /b:\n    get: {}\n";
    let (_, diags) = Folder::new().file("openapi.yaml", src).load("openapi.yaml");
    assert_eq!(rules(&diags), ["spec/syntax"]);
    assert_eq!(diags[0].pos.map(|p| p.line), Some(8));
    assert_eq!(
        diags[0].hint.as_deref(),
        Some("line 8 is indented by 3 spaces, but the lines above it are at 0, 2, 4, 6 or 8: line it up with the key it belongs to")
    );
}
