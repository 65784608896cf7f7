//! `katalog check`: every class of mistake is found, named and placed.

use crate::harness::*;

#[test]
fn a_valid_catalog_passes() {
    let (code, diags) = check_json(&fixture("valid"));
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors, Vec::<&serde_json::Value>::new());
    assert_eq!(code, 0);
}

#[test]
fn the_shipped_catalog_passes() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let (code, diags) = check_json(&content);
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
}

#[test]
fn an_invalid_catalog_fails_the_check() {
    let (code, _) = check_json(&fixture("invalid"));
    assert_eq!(code, 1);
}

fn invalid(api: &str) -> Vec<String> {
    let (_, diags) = check_json(&fixture("invalid"));
    rules_for(&diags, &format!("apis/{api}"))
}

#[test]
fn an_unknown_key_is_placed_and_a_fix_suggested() {
    let (_, diags) = check_json(&fixture("invalid"));
    let d = diags.iter().find(|d| d["file"] == "apis/nieznany-klucz/index.md").unwrap();
    assert_eq!(d["rule"], "front-matter/unknown-key");
    assert_eq!((d["pos"]["line"].as_u64(), d["pos"]["col"].as_u64()), (Some(8), Some(1)));
    assert_eq!(d["hint"], "did you mean `summary`?");
}

#[test]
fn a_missing_logo_is_an_error_at_its_key() {
    let (_, diags) = check_json(&fixture("invalid"));
    let d = diags.iter().find(|d| d["file"] == "institutions/brak-logo.md").expect("the institution with a missing logo is reported");
    assert_eq!(d["rule"], "metadata/logo");
    assert_eq!((d["pos"]["line"].as_u64(), d["pos"]["col"].as_u64()), (Some(4), Some(7)));
    assert!(d["message"].as_str().unwrap().contains("content/institutions/logo/brak.png"), "{d}");
}

#[test]
fn a_status_outside_the_list_is_an_error() {
    assert_eq!(invalid("zly-status"), ["front-matter/invalid-value@5:9"]);
}

#[test]
fn an_unknown_institution_is_an_error() {
    assert_eq!(invalid("nieznana-instytucja"), ["metadata/unknown-institution@4:14"]);
}

#[test]
fn deprecated_needs_a_sunset_date() {
    assert_eq!(invalid("bez-sunset"), ["metadata/sunset-required@5:9"]);
}

#[test]
fn an_impossible_date_is_an_error() {
    assert_eq!(invalid("zla-data"), ["front-matter/date@8:8"]);
}

#[test]
fn a_file_without_front_matter_is_an_error() {
    assert_eq!(invalid("bez-front-matter"), ["front-matter/missing@1:1"]);
}

#[test]
fn registration_needs_an_access_url() {
    assert_eq!(invalid("brak-access-url"), ["metadata/access-url-required@7:9"]);
}

#[test]
fn a_folder_without_a_spec_is_an_error() {
    assert_eq!(invalid("bez-specyfikacji"), ["api/missing-spec"]);
}

#[test]
fn a_yaml_syntax_error_is_placed() {
    let r = invalid("blad-skladni-yaml");
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].starts_with("spec/syntax@"), "{r:?}");
}

#[test]
fn a_duplicate_key_in_a_spec_is_placed() {
    assert_eq!(invalid("powtorzony-klucz"), ["spec/duplicate-key@10:3"]);
}

#[test]
fn a_document_that_is_not_openapi_is_an_error() {
    let r = invalid("nie-openapi");
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].starts_with("spec/not-openapi"), "{r:?}");
}

#[test]
fn a_repeated_operation_id_is_an_error() {
    assert_eq!(invalid("powtorzone-operationid"), ["spec/duplicate-operation-id@12:20"]);
}

#[test]
fn a_dangling_ref_is_an_error() {
    assert_eq!(invalid("brakujacy-ref"), ["spec/ref-unresolved@13:23"]);
}

#[test]
fn a_folder_name_that_is_not_an_id_is_an_error() {
    assert_eq!(invalid("Zla_Nazwa"), ["api/folder-name"]);
}

#[test]
fn human_output_shows_the_line_and_a_hint() {
    let o = katalog(&["check", "--content", fixture("invalid").to_str().unwrap()]);
    let out = text(&o);
    assert!(out.contains("error[front-matter/unknown-key]: unknown key `sumary`"), "{out}");
    assert!(out.contains("nieznany-klucz/index.md:8:1"), "{out}");
    assert!(out.contains("8 | sumary: literówka"), "{out}");
    assert!(out.contains("= hint: did you mean `summary`?"), "{out}");
}

#[test]
fn github_output_is_workflow_annotations() {
    let o = katalog(&["check", "--content", fixture("invalid").to_str().unwrap(), "--format", "github"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.lines().any(|l| l.starts_with("::error file=") && l.contains("line=8,col=1,title=front-matter/unknown-key::")), "{out}");
}

#[test]
fn a_broken_katalog_toml_is_reported_with_its_position() {
    let (_tmp, dir) = copy_fixture("valid");
    let toml = std::fs::read_to_string(dir.join("katalog.toml")).unwrap().replace("publisher = ", "publisher_id = ");
    std::fs::write(dir.join("katalog.toml"), toml).unwrap();
    let (code, diags) = check_json(&dir);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["rule"], "config/invalid");
    assert_eq!(diags[0]["pos"]["line"], 6);
    assert_eq!(diags[0]["hint"], "did you mean `publisher`?");
}
