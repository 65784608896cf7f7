use super::*;
use crate::test_spec::spec;

const SPEC: &str = r##"openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.test/v1/"}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Faktura:
      type: object
      required: [nip]
      properties:
        nip: {type: string, example: "5261040828"}
        kwota: {type: number}
        data: {type: string, format: date}
        id: {type: string, readOnly: true}
        pozycje: {type: array, items: {$ref: "#/components/schemas/Faktura"}}
security: [{key: []}]
paths:
  /faktury/{id}:
    post:
      operationId: send
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: tryb, in: query, required: true, schema: {type: string, enum: [szybki, wolny]}}
        - {name: strona, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Faktura"}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"##;

#[test]
fn samples_fill_the_path_required_query_and_credentials() {
    let s = spec(SPEC);
    let samples = build(&s, &s.operations[0]);
    assert!(samples.curl.contains("https://api.example.test/v1/faktury/1?tryb=szybki"), "{}", samples.curl);
    assert!(!samples.curl.contains("strona"), "optional parameters stay out");
    assert!(samples.curl.contains("X-Api-Key: YOUR_API_KEY"));
    assert!(samples.python.contains("params={<span class=\"hl-s\">&quot;tryb&quot;</span>"), "{}", samples.python);
    assert!(samples.javascript.contains("method: <span class=\"hl-s\">&quot;POST&quot;</span>"));
}

#[test]
fn a_body_without_example_is_a_skeleton_from_the_schema() {
    let s = spec(SPEC);
    let body = skeleton(&s, s.operations[0].request_body.as_ref().unwrap().content[0].schema.unwrap());
    assert_eq!(body["nip"], "5261040828");
    assert_eq!(body["data"], "2025-01-31");
    assert!(body.get("id").is_none(), "read-only properties are not sent");
    // The recursion stops.
    assert!(body["pozycje"].is_array());
}

#[test]
fn python_bodies_use_python_literals() {
    let s = spec(&SPEC.replace("kwota: {type: number}", "kwota: {type: boolean, example: true}\n        uwagi: {type: string, nullable: true, example: null}"));
    let samples = build(&s, &s.operations[0]);
    assert!(samples.python.contains(">True<"), "{}", samples.python);
    assert!(samples.javascript.contains(">true<"));
}

#[test]
fn shell_quotes_are_escaped() {
    let s = spec(&SPEC.replace("example: \"5261040828\"", "example: \"it's\""));
    let samples = build(&s, &s.operations[0]);
    assert!(samples.curl.contains("it&#x27;\\&#x27;&#x27;s"), "{}", samples.curl);
}

#[test]
fn relative_servers_get_a_placeholder_host() {
    let s = spec(&SPEC.replace("https://api.example.test/v1/", "/api"));
    let samples = build(&s, &s.operations[0]);
    assert!(samples.curl.contains("https://HOST/api/faktury/1"), "{}", samples.curl);
}
