//! Unit tests of the lint rules' building blocks; the rules end to end are in
//! tests/testsuite/lint.rs on the tests/fixtures/lint catalog.

use std::collections::BTreeMap;

use super::links::resolve_for_tests as resolve;
use super::secrets::secret_for_tests as secret;
use super::{apply_rules, rule_named, RULES};
use crate::diag::{Diagnostic, Severity};
use crate::model::RuleLevel;

#[test]
fn real_looking_secrets_are_found() {
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.Xq3r9vT2mK8pL0wYzA1bC4dE6fG7hJ9kN2sQ5uV8xW0aB";
    assert_eq!(secret(Some("token"), jwt).as_deref(), Some("a JSON Web Token"));
    assert_eq!(secret(Some("Authorization"), &format!("Bearer {jwt}")).as_deref(), Some("a JSON Web Token"));
    assert_eq!(secret(None, "Bearer 8f14e45fceea167a5a36dedd4bea2543").as_deref(), Some("a bearer token"));
    assert_eq!(secret(None, "AKIAQ3EGRT5WZ7X2LM4P").as_deref(), Some("an AWS access key id"));
    assert_eq!(secret(None, "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----").as_deref(), Some("a private key"));
    assert_eq!(secret(None, "https://admin:s3cr3tPa55@api.rejestr.gov.pl/").as_deref(), Some("a URL with a user name and password"));
    assert!(secret(Some("client_secret"), "9f86d081884c7d659a2feaa0c55ad015").is_some());
    assert!(secret(Some("password"), "Tr0ub4dor3xyzQ12").is_some());
}

#[test]
fn placeholders_and_handles_are_not_secrets() {
    for (key, value) in [
        (Some("token"), "<token>"),
        (Some("password"), "********"),
        (Some("api_key"), "xxxxxxxxxxxxxxxxxxxx"),
        (Some("api_key"), "your-api-key-here"),
        (Some("token"), "{{token}}"),
        (Some("Authorization"), "Bearer <access-token>"),
        (None, "AKIAIOSFODNN7EXAMPLE"),
        // A made-up JWT signed with readable text ("signature").
        (Some("token"), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1MjYxMDQwODI4In0.c2lnbmF0dXJl"),
        // Base64 of readable text ("myEncryptedToken").
        (Some("encryptedToken"), "bXlFbmNyeXB0ZWRUb2tlbg=="),
        // Opaque handles, not credentials.
        (Some("next_page_token"), "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA"),
        (Some("sessionId"), "a1b2c3d4e5f6a7b8c9d0"),
        (Some("description"), "Token dostępowy w nagłówku Authorization"),
        (Some("token"), "/api/v2/tokens/1"),
    ] {
        assert_eq!(secret(key, value), None, "{key:?} = {value:?}");
    }
}

#[test]
fn links_resolve_like_a_browser_on_the_published_page() {
    assert_eq!(resolve("apis/eli/", "../sejm/").as_deref(), Some("apis/sejm/"));
    assert_eq!(resolve("apis/eli/", "../sejm").as_deref(), Some("apis/sejm"));
    assert_eq!(resolve("en/apis/eli/", "../sejm/#opis").as_deref(), Some("en/apis/sejm/"));
    assert_eq!(resolve("apis/eli/", "reference/?q=1").as_deref(), Some("apis/eli/reference/"));
    assert_eq!(resolve("o-katalogu/", "/apis/krs/").as_deref(), Some("apis/krs/"));
    assert_eq!(resolve("institutions/mc/", "../../").as_deref(), Some(""));
    assert_eq!(resolve("apis/eli/", "../../../x/"), None);
}

#[test]
fn every_rule_has_a_unique_name_and_aliases_resolve() {
    let mut names: Vec<&str> = RULES.iter().flat_map(|r| std::iter::once(r.name).chain(r.aliases.iter().copied())).collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate rule names");
    assert_eq!(rule_named("spec/unique-operation-id").unwrap().name, "spec/duplicate-operation-id");
    assert!(rule_named("spec/syntax").is_none(), "structural errors are not configurable");
}

#[test]
fn rules_change_severity_or_drop_diagnostics() {
    let mut diags = vec![
        Diagnostic::error("spec/https-servers", "a", None, "x"),
        Diagnostic::warning("spec/operation-summary", "a", None, "y"),
        Diagnostic::warning("metadata/no-category", "a", None, "z"),
        Diagnostic::error("spec/syntax", "a", None, "w"),
    ];
    let rules: BTreeMap<String, RuleLevel> = [
        ("spec/https-servers".to_string(), RuleLevel::Warning),
        ("spec/operation-summary".to_string(), RuleLevel::Off),
        ("metadata/no-category".to_string(), RuleLevel::Error),
    ]
    .into_iter()
    .collect();
    apply_rules(&mut diags, &rules);
    let got: Vec<(&str, Severity)> = diags.iter().map(|d| (d.rule, d.severity)).collect();
    assert_eq!(got, [("spec/https-servers", Severity::Warning), ("metadata/no-category", Severity::Error), ("spec/syntax", Severity::Error)]);
}
