//! Spec pairs: each class of breaking change is found and named; what does not break clients is
//! reported as a plain change.

use super::diff;
use crate::spec::{load, Spec, SpecLimits};

fn spec(src: &str) -> Spec {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.yaml"), src).unwrap();
    let (loaded, diags) = load(dir.path(), "openapi.yaml", "", &SpecLimits::default());
    loaded.unwrap_or_else(|| panic!("{diags:#?}")).spec
}

/// A small API; `edit` changes its text before it is read.
const BASE: &str = r#"
openapi: 3.0.3
info: {title: Rejestr, version: "1.0"}
security: []
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /firmy/{nip}:
    get:
      operationId: getFirma
      summary: Firma
      parameters:
        - {name: nip, in: path, required: true, schema: {type: string}}
        - {name: data, in: query, schema: {type: string, format: date}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  nazwa: {type: string}
                  status: {type: string, enum: [aktywna, wykreslona]}
        "404": {description: brak}
  /firmy:
    post:
      operationId: addFirma
      summary: Dodaj
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [nazwa]
              properties:
                nazwa: {type: string}
                forma: {type: string, enum: [spzoo, sa, jdg]}
                kapital: {type: number}
      responses:
        "201": {description: utworzono}
"#;

fn breaking_after(from: &str, to: &str) -> Vec<&'static str> {
    let old = spec(BASE);
    let new = spec(&BASE.replacen(from, to, 1));
    let d = diff(&old, &new);
    d.findings.iter().for_each(detail_is_listed);
    d.breaking().map(|f| f.rule).collect()
}

/// Pages word a finding by its detail: its change must be one of `CHANGES`, naming exactly the
/// values listed there.
fn detail_is_listed(f: &super::Finding) {
    let (_, names) = super::CHANGES.iter().find(|(c, _)| *c == f.detail.change).unwrap_or_else(|| panic!("{} is not in CHANGES", f.detail.change));
    let given: Vec<&str> = f.detail.values.iter().map(|(k, _)| *k).collect();
    assert_eq!(&given, names, "{f:?}");
}

#[test]
fn a_change_deep_in_a_response_says_where_it_is_as_data() {
    use super::Place;
    let old = spec(BASE);
    let new = spec(&BASE.replacen("status: {type: string, enum: [aktywna, wykreslona]}", "status: {type: integer}", 1));
    let d = diff(&old, &new);
    let f = d.findings.iter().find(|f| f.rule == "breaking/type-changed").expect("a type change");
    assert_eq!(f.detail.change, "type-changed");
    assert_eq!(
        f.detail.place,
        [Place::Response { status: "200".into(), media_type: Some("application/json".into()) }, Place::Property { name: "status".into() }]
    );
    assert_eq!(f.detail.values, [("from", "string".to_string()), ("to", "integer".to_string())]);
    assert!(f.message.contains("the type of `status` in the response 200 (application/json) changed from string to integer"), "{}", f.message);
}

#[test]
fn the_same_spec_has_no_differences() {
    assert!(diff(&spec(BASE), &spec(BASE)).is_empty());
}

#[test]
fn an_operation_removed() {
    let r = breaking_after("  /firmy:\n    post:", "  /inne:\n    post:");
    assert_eq!(r, ["breaking/operation-removed"]);
    let d = diff(&spec(BASE), &spec(&BASE.replacen("  /firmy:\n    post:", "  /inne:\n    post:", 1)));
    assert_eq!(d.removed.len(), 1);
    assert_eq!(d.added.len(), 1);
}

#[test]
fn a_renamed_path_parameter_is_the_same_operation() {
    let src = BASE.replacen("/firmy/{nip}:", "/firmy/{id}:", 1).replacen("name: nip, in: path", "name: id, in: path", 1);
    assert!(diff(&spec(BASE), &spec(&src)).breaking().next().is_none());
}

#[test]
fn a_parameter_removed() {
    assert_eq!(breaking_after("        - {name: limit, in: query, schema: {type: integer}}\n", ""), ["breaking/parameter-removed"]);
}

#[test]
fn a_parameter_became_required() {
    assert_eq!(breaking_after("{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema"), ["breaking/parameter-required"]);
}

#[test]
fn a_new_required_parameter() {
    let r = breaking_after(
        "        - {name: limit, in: query, schema: {type: integer}}\n",
        "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: X-Req, in: header, required: true, schema: {type: string}}\n",
    );
    assert_eq!(r, ["breaking/parameter-required"]);
}

#[test]
fn a_request_property_became_required() {
    assert_eq!(breaking_after("required: [nazwa]", "required: [nazwa, kapital]"), ["breaking/request-property-required"]);
}

#[test]
fn a_new_required_request_property() {
    let r = breaking_after(
        "required: [nazwa]\n              properties:\n",
        "required: [nazwa, regon]\n              properties:\n                regon: {type: string}\n",
    );
    assert_eq!(r, ["breaking/request-property-required"]);
}

#[test]
fn a_type_changed() {
    assert_eq!(breaking_after("kapital: {type: number}", "kapital: {type: string}"), ["breaking/type-changed"]);
    assert_eq!(
        breaking_after("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: string}}"),
        ["breaking/type-changed"]
    );
}

#[test]
fn a_format_changed() {
    assert_eq!(breaking_after("format: date}", "format: date-time}"), ["breaking/type-changed"]);
}

#[test]
fn a_request_enum_value_removed() {
    assert_eq!(breaking_after("enum: [spzoo, sa, jdg]", "enum: [spzoo, sa]"), ["breaking/enum-value-removed"]);
}

#[test]
fn a_response_property_removed() {
    assert_eq!(breaking_after("                  nazwa: {type: string}\n", ""), ["breaking/response-property-removed"]);
}

#[test]
fn a_success_response_removed() {
    assert_eq!(breaking_after("        \"201\": {description: utworzono}", "        \"202\": {description: przyjęto}"), ["breaking/response-removed"]);
}

#[test]
fn security_added() {
    assert_eq!(breaking_after("security: []", "security: [{key: []}]"), ["breaking/security-changed", "breaking/security-changed"]);
}

#[test]
fn a_security_scheme_changed() {
    let old = BASE.replacen("security: []", "security: [{key: []}]", 1);
    let new = old.replacen("{type: apiKey, in: header, name: X-Key}", "{type: http, scheme: bearer}", 1);
    let d = diff(&spec(&old), &spec(&new));
    let r: Vec<&str> = d.breaking().map(|f| f.rule).collect();
    assert_eq!(r, ["breaking/security-changed", "breaking/security-changed"]);
    assert!(d.findings[0].message.contains("an API key became HTTP authentication"), "{:?}", d.findings);
}

#[test]
fn changes_that_do_not_break_clients() {
    let src = BASE
        .replacen("summary: Firma", "summary: Dane firmy", 1)
        .replacen(
            "        - {name: limit, in: query, schema: {type: integer}}\n",
            "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: strona, in: query, schema: {type: integer}}\n",
            1,
        )
        .replacen("                  nazwa: {type: string}\n", "                  nazwa: {type: string}\n                  regon: {type: string}\n", 1)
        .replacen("enum: [spzoo, sa, jdg]", "enum: [spzoo, sa, jdg, sk]", 1)
        .replacen("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: number}}", 1)
        .replacen("        \"404\": {description: brak}\n", "        \"404\": {description: brak}\n        \"429\": {description: za dużo}\n", 1)
        + "  /nowe:\n    get:\n      responses:\n        \"200\": {description: ok}\n";
    let d = diff(&spec(BASE), &spec(&src));
    let breaking: Vec<_> = d.breaking().collect();
    assert!(breaking.is_empty(), "{breaking:#?}");
    let rules: Vec<&str> = d.findings.iter().map(|f| f.rule).collect();
    for r in ["change/description", "change/parameter-added", "change/property-added", "change/response-added", "change/operation-added"] {
        assert!(rules.contains(&r), "{r} missing from {rules:?}");
    }
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.changed.len(), 2);
}

#[test]
fn swagger_2_against_its_openapi_3_successor() {
    let v2 = spec(
        r#"
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /kursy/{kod}:
    get:
      parameters:
        - {name: kod, in: path, required: true, type: string}
      responses:
        "200": {description: ok, schema: {type: object, properties: {mid: {type: number}, kod: {type: string}}}}
"#,
    );
    let v3 = spec(
        r#"
openapi: 3.0.3
info: {title: t, version: "2"}
paths:
  /kursy/{kod}:
    get:
      parameters:
        - {name: kod, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {mid: {type: number}}}}}}
"#,
    );
    let r: Vec<&str> = diff(&v2, &v3).breaking().map(|f| f.rule).collect();
    assert_eq!(r, ["breaking/response-property-removed"]);
}

#[test]
fn every_rule_the_comparison_uses_is_listed() {
    let source = include_str!("mod.rs");
    let mut used: Vec<&str> = source
        .split('"')
        .filter(|s| (s.starts_with("breaking/") || s.starts_with("change/")) && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'/' || b == b'-'))
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut listed: Vec<&str> = super::RULES.to_vec();
    listed.sort_unstable();
    assert_eq!(used, listed);
}
