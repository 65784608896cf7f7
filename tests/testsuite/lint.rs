//! Lint rules of `katalog check`: each fires where it should, is silent where it should be,
//! and katalog.toml `[rules]` can lower or silence it.

use crate::harness::*;

fn lint(api: &str) -> Vec<String> {
    let (_, diags) = check_json(&fixture("lint"));
    rules_for(&diags, &format!("apis/{api}/"))
}

#[test]
fn a_clean_api_has_nothing_to_report() {
    // Placeholders (`<token>`, `xxx`, `***`), a test server over http, a localhost server,
    // valid examples and links to real pages, files and anchors: all fine.
    assert_eq!(lint("czyste"), Vec::<String>::new());
}

#[test]
fn a_spec_is_checked_against_the_official_openapi_schema() {
    assert_eq!(lint("schemat-openapi"), ["spec/openapi-schema@7:7", "spec/openapi-schema@12:26"]);
    let (_, diags) = check_json(&fixture("lint"));
    let d = diags.iter().find(|d| d["rule"] == "spec/openapi-schema").unwrap();
    assert_eq!(d["message"], "`/paths/~1a/get/sumary`: `sumary` is not a field allowed here (OpenAPI 3.0 schema)");
    assert!(d["hint"].as_str().unwrap().contains("x-"));
    let d = diags.iter().filter(|d| d["rule"] == "spec/openapi-schema").nth(1).unwrap();
    assert!(d["message"].as_str().unwrap().contains("the required field `description` is missing"), "{d}");
}

#[test]
fn every_operation_needs_a_summary() {
    assert_eq!(lint("bez-opisu"), ["spec/operation-summary@9:5"]);
    let (_, diags) = check_json(&fixture("lint"));
    assert_eq!(diags.iter().find(|d| d["rule"] == "spec/operation-summary").unwrap()["severity"], "warning");
}

#[test]
fn operation_ids_are_unique() {
    assert_eq!(lint("powtorzone-id"), ["spec/duplicate-operation-id@11:20"]);
}

#[test]
fn production_servers_use_https() {
    assert_eq!(lint("http-serwer"), ["spec/https-servers@4:10"]);
    assert_eq!(lint("swagger-http"), ["spec/https-servers@5:5"]);
}

#[test]
fn examples_match_their_schemas() {
    assert_eq!(lint("zly-przyklad"), ["spec/example-valid@19:30", "spec/example-valid@28:23"]);
    let (_, diags) = check_json(&fixture("lint"));
    let d = diags.iter().find(|d| d["rule"] == "spec/example-valid").unwrap();
    assert!(d["message"].as_str().unwrap().contains("`/nip`"), "{d}");
}

#[test]
fn no_secrets_in_examples() {
    assert_eq!(lint("sekrety"), ["spec/no-secrets@11:20", "spec/no-secrets@31:24", "spec/no-secrets@32:22", "spec/no-secrets@33:22"]);
}

#[test]
fn relative_links_resolve_to_pages_of_the_site() {
    assert_eq!(lint("zle-linki"), ["content/internal-links@9:8", "content/internal-links@9:46", "content/internal-links@9:103"]);
    let (_, diags) = check_json(&fixture("lint"));
    let d = diags.iter().find(|d| d["rule"] == "content/internal-links").unwrap();
    assert_eq!(d["message"], "the link `../krs/` leads to /apis/krs/, which is not a page or file of the site");
    // Institution and page links resolve against their own addresses.
    assert!(rules_for(&diags, "institutions/").is_empty(), "{diags:?}");
    assert!(rules_for(&diags, "pages/").is_empty(), "{diags:?}");
}

#[test]
fn katalog_toml_lowers_or_silences_a_rule() {
    let (_tmp, dir) = copy_fixture("lint");
    let toml = std::fs::read_to_string(dir.join("katalog.toml")).unwrap()
        + "\n[rules]\n\"spec/https-servers\" = \"warning\"\n\"spec/operation-summary\" = \"off\"\n\"spec/unique-operation-id\" = \"off\"\n\"spec/no-secrets\" = \"error\"\n";
    std::fs::write(dir.join("katalog.toml"), toml).unwrap();
    let (_, diags) = check_json(&dir);
    let sev = |rule: &str| diags.iter().filter(|d| d["rule"] == rule).map(|d| d["severity"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(sev("spec/https-servers"), ["warning", "warning"]);
    assert!(sev("spec/operation-summary").is_empty());
    assert!(sev("spec/duplicate-operation-id").is_empty(), "the alias names the same rule");
    assert_eq!(sev("spec/no-secrets").len(), 4);
}

#[test]
fn loader_metadata_rules_are_configurable_too() {
    let (_tmp, dir) = copy_fixture("invalid");
    let toml = std::fs::read_to_string(dir.join("katalog.toml")).unwrap() + "\n[rules]\n\"metadata/sunset-required\" = \"warning\"\n";
    std::fs::write(dir.join("katalog.toml"), toml).unwrap();
    let (_, diags) = check_json(&dir);
    let d = diags.iter().find(|d| d["rule"] == "metadata/sunset-required").unwrap();
    assert_eq!(d["severity"], "warning");
}

#[test]
fn an_unknown_rule_in_katalog_toml_is_an_error_with_a_suggestion() {
    let (_tmp, dir) = copy_fixture("lint");
    let toml = std::fs::read_to_string(dir.join("katalog.toml")).unwrap() + "\n[rules]\n\"spec/https-server\" = \"off\"\n\"spec/no-secrets\" = \"loud\"\n";
    std::fs::write(dir.join("katalog.toml"), toml).unwrap();
    let (code, diags) = check_json(&dir);
    assert_eq!(code, 1);
    let r: Vec<_> = diags.iter().map(|d| (d["rule"].as_str().unwrap(), d["hint"].as_str().unwrap_or(""))).collect();
    assert_eq!(r[0], ("config/rules", "did you mean `spec/https-servers`?"));
    assert_eq!(r[1].0, "config/rules");
}

#[test]
fn the_rules_can_be_listed() {
    let o = katalog(&["check", "--list-rules"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for rule in [
        "spec/openapi-schema",
        "spec/https-servers",
        "spec/example-valid",
        "spec/no-secrets",
        "content/internal-links",
        "breaking/operation-removed",
        "metadata/sunset-required",
    ] {
        assert!(out.contains(rule), "{rule} missing:\n{out}");
    }
}
