use crate::spec::model::*;
use crate::spec::test_util::{rules, spec};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn path_level_parameters_are_merged_and_the_operation_wins() {
    let (s, _) = spec(&format!(
        "{HEAD}paths:\n  /pets/{{id}}:\n    parameters:\n      - {{name: id, in: path, description: path-level}}\n      - {{name: q, in: query}}\n    get:\n      parameters:\n        - {{name: id, in: path, description: own}}\n        - {{name: id, in: header}}\n      responses: {{}}\n"
    ));
    let params: Vec<(&str, ParamLocation, Option<&str>)> =
        s.spec.operations[0].parameters.iter().map(|p| (p.name.as_str(), p.location, p.description.as_deref())).collect();
    assert_eq!(params, [("q", ParamLocation::Query, None), ("id", ParamLocation::Path, Some("own")), ("id", ParamLocation::Header, None)]);
    assert!(s.spec.operations[0].parameters[1].required, "path parameters are always required");
}

#[test]
fn operations_follow_method_order_with_pointer_and_position() {
    let (s, _) = spec(&format!("{HEAD}paths:\n  /a/b:\n    post: {{responses: {{}}}}\n    get: {{responses: {{}}}}\n"));
    let ops: Vec<(Method, &str, u32)> = s.spec.operations.iter().map(|o| (o.method, o.pointer.as_str(), o.pos.line)).collect();
    assert_eq!(ops, [(Method::Get, "/paths/~1a~1b/get", 6), (Method::Post, "/paths/~1a~1b/post", 5)]);
}

#[test]
fn a_duplicate_operation_id_is_an_error_at_the_second_naming_the_first() {
    let (s, diags) =
        spec(&format!("{HEAD}paths:\n  /a:\n    get: {{operationId: same, responses: {{}}}}\n  /b:\n    get: {{operationId: same, responses: {{}}}}\n"));
    assert_eq!(rules(&diags), ["spec/duplicate-operation-id"]);
    assert_eq!(diags[0].pos.map(|p| p.line), Some(7));
    assert!(diags[0].message.contains("line 5"), "{}", diags[0].message);
    let keys: Vec<&str> = s.spec.operations.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["same", "same-2"]);
}

#[test]
fn a_path_item_ref_gives_the_operations_of_the_target() {
    let (s, _) = spec(&format!("{HEAD}paths:\n  /a:\n    get: {{responses: {{}}}}\n  /b:\n    $ref: '#/paths/~1a'\n"));
    let paths: Vec<&str> = s.spec.operations.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(paths, ["/a", "/b"]);
}

#[test]
fn server_variables_are_replaced_by_their_defaults() {
    let (s, _) = spec(&format!(
        "{HEAD}servers:\n  - url: 'https://{{env}}.example.pl/v{{v}}'\n    variables:\n      env: {{default: api, enum: [api, test]}}\n      v: {{default: '2'}}\npaths: {{}}\n"
    ));
    assert_eq!(s.spec.servers[0].url, "https://api.example.pl/v2");
    assert_eq!(s.spec.servers[0].template, "https://{env}.example.pl/v{v}");
}

#[test]
fn media_type_examples_follow_refs_into_components() {
    let (s, diags) = spec(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example: {{a: 1}}\n              examples:\n                full: {{$ref: '#/components/examples/Full'}}\ncomponents:\n  examples:\n    Full: {{summary: All, value: {{a: 2}}}}\n"
    ));
    assert!(diags.is_empty(), "{diags:#?}");
    let ex = &s.spec.operations[0].responses[0].content[0].examples;
    assert_eq!((ex[0].name.as_str(), ex[0].value.clone()), ("default", Some(serde_json::json!({"a": 1}))));
    assert_eq!((ex[1].name.as_str(), ex[1].summary.as_deref()), ("full", Some("All")));
    assert_eq!(ex[1].value, Some(serde_json::json!({"a": 2})));
}

#[test]
fn request_body_and_response_refs_are_followed() {
    let (s, _) = spec(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      requestBody: {{$ref: '#/components/requestBodies/B'}}\n      responses:\n        '404': {{$ref: '#/components/responses/NotFound'}}\ncomponents:\n  requestBodies:\n    B: {{required: true, content: {{text/plain: {{schema: {{type: string}}}}}}}}\n  responses:\n    NotFound: {{description: gone, headers: {{X-Id: {{schema: {{type: integer}}}}}}}}\n"
    ));
    let op = &s.spec.operations[0];
    let body = op.request_body.as_ref().unwrap();
    assert!(body.required);
    assert_eq!(body.content[0].media_type, "text/plain");
    assert_eq!((op.responses[0].status.as_str(), op.responses[0].description.as_deref()), ("404", Some("gone")));
    assert_eq!(op.responses[0].headers[0].name, "X-Id");
}

#[test]
fn tags_declared_come_first_then_used_ones_in_first_use_order() {
    let (s, _) = spec(&format!(
        "{HEAD}tags: [{{name: b, description: Bee}}]\npaths:\n  /a:\n    get: {{tags: [z, b], responses: {{}}}}\n    put: {{tags: [y, z], responses: {{}}}}\n"
    ));
    let tags: Vec<&str> = s.spec.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["b", "z", "y"]);
}

#[test]
fn info_version_keeps_its_written_text_in_spec_and_bundle() {
    let (s, _) = spec("openapi: 3.0.0\ninfo: {title: T, version: 1.10}\npaths: {}\n");
    assert_eq!(s.spec.info.version, "1.10");
    assert_eq!(s.bundled["info"]["version"], serde_json::json!("1.10"));
}

#[test]
fn webhooks_are_operations_named_by_the_webhook() {
    let (s, _) = spec("openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks:\n  newPet:\n    post: {responses: {}}\n");
    assert!(s.spec.operations.is_empty());
    assert_eq!((s.spec.webhooks[0].path.as_str(), s.spec.webhooks[0].pointer.as_str()), ("newPet", "/webhooks/newPet/post"));
}

#[test]
fn x_webhooks_are_read_in_3_0() {
    let (s, _) = spec(&format!("{HEAD}paths: {{}}\nx-webhooks:\n  ping:\n    post: {{responses: {{}}}}\n"));
    assert_eq!(s.spec.webhooks.len(), 1);
}

#[test]
fn security_schemes_of_every_kind_are_read() {
    let (s, _) = spec(
        "openapi: 3.1.0\ninfo: {title: T, version: '1', license: {name: MIT, identifier: MIT}}\npaths: {}\nsecurity: [{oauth: [read]}, {}]\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, name: X-Key, in: header}\n    bearer: {type: http, scheme: Bearer, bearerFormat: JWT}\n    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {read: Read}}}}\n    oidc: {type: openIdConnect, openIdConnectUrl: 'https://o'}\n    mtls: {type: mutualTLS}\n",
    );
    let kinds: Vec<String> = s.spec.security_schemes.iter().map(|x| format!("{:?}", x.kind)).collect();
    assert!(kinds[0].starts_with("ApiKey"));
    assert!(matches!(&s.spec.security_schemes[1].kind, SecuritySchemeKind::Http { scheme, .. } if scheme == "bearer"));
    assert!(matches!(&s.spec.security_schemes[2].kind, SecuritySchemeKind::OAuth2 { flows } if flows[0].kind == FlowKind::ClientCredentials));
    assert!(matches!(s.spec.security_schemes[4].kind, SecuritySchemeKind::MutualTls));
    assert_eq!(s.spec.security.len(), 2);
    assert!(s.spec.security[1].schemes.is_empty(), "{{}} is the anonymous alternative");
    assert_eq!(s.spec.info.license.as_ref().unwrap().identifier.as_deref(), Some("MIT"));
}

#[test]
fn a_parameter_without_in_is_a_warning_and_skipped() {
    let (s, diags) = spec(&format!("{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: q}}]\n      responses: {{}}\n"));
    assert_eq!(rules(&diags), ["spec/invalid-field"]);
    assert!(s.spec.operations[0].parameters.is_empty());
}
