use crate::spec::model::*;
use crate::spec::test_util::spec;

const HEAD: &str = "swagger: '2.0'\ninfo: {title: T, version: '1'}\n";

#[test]
fn servers_come_from_schemes_host_and_base_path() {
    let (s, _) = spec(&format!("{HEAD}schemes: [http, https]\nhost: api.gov.pl\nbasePath: /v1\npaths: {{}}\n"));
    let urls: Vec<&str> = s.spec.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["http://api.gov.pl/v1", "https://api.gov.pl/v1"]);
}

#[test]
fn without_schemes_the_server_is_https() {
    let (s, _) = spec(&format!("{HEAD}host: api.gov.pl\npaths: {{}}\n"));
    assert_eq!(s.spec.servers[0].url, "https://api.gov.pl");
}

#[test]
fn without_host_the_server_is_the_relative_base_path() {
    let (s, _) = spec(&format!("{HEAD}basePath: /api\npaths: {{}}\n"));
    assert_eq!(s.spec.servers[0].url, "/api");
}

#[test]
fn the_body_parameter_is_the_request_body_for_each_consumed_type() {
    let (s, _) = spec(&format!(
        "{HEAD}consumes: [application/xml]\npaths:\n  /a:\n    post:\n      consumes: [application/json, text/json]\n      parameters:\n        - {{name: b, in: body, required: true, schema: {{type: object}}}}\n      responses: {{}}\n"
    ));
    let op = &s.spec.operations[0];
    assert!(op.parameters.is_empty());
    let body = op.request_body.as_ref().unwrap();
    let types: Vec<&str> = body.content.iter().map(|m| m.media_type.as_str()).collect();
    assert_eq!(types, ["application/json", "text/json"]);
    assert!(body.required);
    assert_eq!(s.spec.schema(body.content[0].schema.unwrap()).types, ["object"]);
}

#[test]
fn form_data_parameters_are_an_urlencoded_object_body() {
    let (s, _) = spec(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      parameters:\n        - {{name: a, in: formData, type: string, required: true}}\n        - {{name: b, in: formData, type: integer}}\n      responses: {{}}\n"
    ));
    let body = s.spec.operations[0].request_body.as_ref().unwrap();
    assert_eq!(body.content[0].media_type, "application/x-www-form-urlencoded");
    let schema = s.spec.schema(body.content[0].schema.unwrap());
    let props: Vec<&str> = schema.properties.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(props, ["a", "b"]);
    assert_eq!(schema.required, ["a"]);
    assert_eq!(s.spec.schema(schema.properties[1].1).types, ["integer"]);
}

#[test]
fn a_file_parameter_makes_the_form_multipart() {
    let (s, _) = spec(&format!("{HEAD}paths:\n  /a:\n    post:\n      parameters: [{{name: f, in: formData, type: file}}]\n      responses: {{}}\n"));
    assert_eq!(s.spec.operations[0].request_body.as_ref().unwrap().content[0].media_type, "multipart/form-data");
}

#[test]
fn other_parameters_get_a_schema_from_their_own_fields() {
    let (s, _) = spec(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: n, in: query, type: array, items: {{type: string, enum: [a, b]}}, maxItems: 3, description: Names, required: true}}\n      responses: {{}}\n"
    ));
    let p = &s.spec.operations[0].parameters[0];
    assert_eq!((p.required, p.description.as_deref()), (true, Some("Names")));
    let schema = s.spec.schema(p.schema.unwrap());
    assert_eq!((schema.types.as_slice(), schema.max_items, schema.description.as_deref()), (&["array".to_string()][..], Some(3), None));
    assert_eq!(s.spec.schema(schema.items.unwrap()).enum_values.len(), 2);
}

#[test]
fn response_schemas_and_examples_go_to_each_produced_type() {
    let (s, _) = spec(&format!(
        "{HEAD}produces: [application/json, application/xml]\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {{type: string}}\n          examples: {{application/json: {{a: 1}}}}\n"
    ));
    let r = &s.spec.operations[0].responses[0];
    let types: Vec<&str> = r.content.iter().map(|m| m.media_type.as_str()).collect();
    assert_eq!(types, ["application/json", "application/xml"]);
    assert_eq!(r.content[0].examples[0].value, Some(serde_json::json!({"a": 1})));
    assert!(r.content[1].examples.is_empty());
}

#[test]
fn x_nullable_adds_null() {
    let (s, _) = spec(&format!("{HEAD}paths: {{}}\ndefinitions:\n  A: {{type: string, x-nullable: true}}\n"));
    assert_eq!(s.spec.schema(s.spec.components[0].id).types, ["string", "null"]);
}

#[test]
fn security_definitions_map_to_scheme_kinds() {
    let (s, _) = spec(&format!(
        "{HEAD}paths: {{}}\nsecurityDefinitions:\n  basic: {{type: basic}}\n  key: {{type: apiKey, name: k, in: query}}\n  oauth: {{type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {{r: Read}}}}\n"
    ));
    let schemes = &s.spec.security_schemes;
    assert!(matches!(&schemes[0].kind, SecuritySchemeKind::Http { scheme, .. } if scheme == "basic"));
    assert!(matches!(&schemes[1].kind, SecuritySchemeKind::ApiKey { location: ParamLocation::Query, .. }));
    match &schemes[2].kind {
        SecuritySchemeKind::OAuth2 { flows } => {
            assert_eq!(flows[0].kind, FlowKind::AuthorizationCode);
            assert_eq!(flows[0].scopes, [("r".to_string(), "Read".to_string())]);
        }
        other => panic!("{other:?}"),
    }
}
