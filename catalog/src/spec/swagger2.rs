//! Swagger 2.0 into the normalized model: servers from `schemes`/`host`/`basePath`, the `body`
//! parameter and `formData` parameters as a request body, parameter schemas from their own type
//! fields, response schemas per `produces` type, `securityDefinitions` and `definitions`.

use super::builder::{Builder, RawParam};
use super::model::*;
use super::refs::{FileId, ROOT};
use crate::doc::Node;

const JSON: &str = "application/json";

impl<'f> Builder<'f> {
    /// Everything in a 2.0 document.
    pub(super) fn swagger2(&mut self, spec: &mut Spec) {
        let root = self.files.root();
        let (mut schemes, mut host, mut base_path, mut paths) = (Vec::new(), None, None, None);
        for e in root.as_map().unwrap_or_default() {
            let v = &e.value;
            match e.key.as_str() {
                "schemes" => schemes = self.strings(ROOT, "schemes", v),
                "host" => host = self.text(ROOT, "host", v),
                "basePath" => base_path = self.text(ROOT, "basePath", v),
                "tags" => spec.tags = self.tags(v),
                "security" => spec.security = self.security(ROOT, v),
                "externalDocs" => spec.external_docs = self.external_docs(ROOT, v),
                "paths" => paths = Some(v),
                "x-webhooks" => {
                    let ops = self.path_items(v, "x-webhooks");
                    spec.webhooks.extend(ops);
                }
                "definitions" => spec.components = self.named_schemas(ROOT, "definitions", v),
                "securityDefinitions" => spec.security_schemes = self.security_definitions(v),
                _ => {}
            }
        }
        let base = base_path.unwrap_or_default();
        let base = if base.is_empty() { "/".to_string() } else { base };
        spec.servers = match host {
            Some(host) if !host.is_empty() => {
                if schemes.is_empty() {
                    schemes.push("https".into());
                }
                let path = if base == "/" { String::new() } else { base.clone() };
                schemes
                    .iter()
                    .map(|s| {
                        let url = format!("{s}://{host}{path}");
                        Server { url: url.clone(), template: url, description: None, variables: Vec::new() }
                    })
                    .collect()
            }
            _ => vec![Server { url: base.clone(), template: base, description: None, variables: Vec::new() }],
        };
        if let Some(p) = paths {
            spec.operations = self.path_items(p, "paths");
        }
    }

    /// Media types of `consumes` / `produces`: the operation's own, else the document's.
    fn media_types(&mut self, file: FileId, op: &'f Node, key: &str) -> Vec<String> {
        let own = op.get(key).map(|v| (file, v)).or_else(|| self.files.root().get(key).map(|v| (ROOT, v)));
        let mut types = match own {
            Some((f, v)) => self.strings(f, key, v),
            None => Vec::new(),
        };
        if types.is_empty() {
            types.push(JSON.into());
        }
        types
    }

    /// The 2.0 parts of an operation.
    pub(super) fn operation2(&mut self, file: FileId, node: &'f Node, params: Vec<RawParam<'f>>, op: &mut Operation) {
        let consumes = self.media_types(file, node, "consumes");
        let mut form: Vec<&RawParam<'f>> = Vec::new();
        let mut multipart = consumes.iter().any(|c| c == "multipart/form-data");
        for raw in &params {
            match raw.location.as_str() {
                "body" => {
                    let (mut description, mut required, mut schema) = (None, false, None);
                    for e in raw.node.as_map().unwrap_or_default() {
                        match e.key.as_str() {
                            "description" => description = self.text(raw.file, "description", &e.value),
                            "required" => required = self.boolean(raw.file, "required", &e.value).unwrap_or(false),
                            "schema" => schema = Some(self.schema(raw.file, &e.value)),
                            _ => {}
                        }
                    }
                    let content = consumes.iter().map(|m| MediaType { media_type: m.clone(), schema, examples: Vec::new() }).collect();
                    op.request_body = Some(RequestBody { description, required, content });
                }
                "formData" => {
                    multipart |= raw.node.get("type").and_then(Node::as_str) == Some("file");
                    form.push(raw);
                }
                _ => {
                    if let Some(p) = self.parameter2(raw) {
                        op.parameters.push(p);
                    }
                }
            }
        }
        if !form.is_empty() && op.request_body.is_none() {
            let mut object = Schema { types: vec!["object".into()], ..Schema::default() };
            let mut required = false;
            for raw in form {
                object.properties.push((raw.name.clone(), self.param_schema(raw.file, raw.node)));
                if raw.node.get("required").and_then(Node::as_bool) == Some(true) {
                    object.required.push(raw.name.clone());
                    required = true;
                }
            }
            self.schemas.push(object);
            let schema = Some(SchemaId(self.schemas.len() as u32 - 1));
            let media_type = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
            op.request_body =
                Some(RequestBody { description: None, required, content: vec![MediaType { media_type: media_type.into(), schema, examples: Vec::new() }] });
        }
        if let Some(responses) = node.get("responses") {
            let produces = self.media_types(file, node, "produces");
            op.responses = self.responses2(file, responses, &produces);
        }
    }

    fn parameter2(&mut self, raw: &RawParam<'f>) -> Option<Parameter> {
        let location = self.location(raw)?;
        let file = raw.file;
        let mut p = Parameter {
            name: raw.name.clone(),
            location,
            required: location == ParamLocation::Path,
            deprecated: false,
            description: None,
            schema: Some(self.param_schema(file, raw.node)),
            style: None,
            explode: None,
            example: None,
            examples: Vec::new(),
        };
        for e in raw.node.as_map().unwrap_or_default() {
            let v = &e.value;
            match e.key.as_str() {
                "required" => p.required |= self.boolean(file, "required", v).unwrap_or(false),
                "description" => p.description = self.text(file, "description", v),
                "x-example" => p.example = Some(v.to_json()),
                _ => {}
            }
        }
        Some(p)
    }

    fn responses2(&mut self, file: FileId, node: &'f Node, produces: &[String]) -> Vec<Response> {
        let mut out = Vec::new();
        for e in self.map(file, "responses", node) {
            if e.key.starts_with("x-") {
                continue;
            }
            let Some((f, r)) = self.deref(file, &e.value) else { continue };
            let mut resp = Response { status: e.key.clone(), description: None, headers: Vec::new(), content: Vec::new() };
            let (mut schema, mut examples) = (None, Vec::new());
            for x in self.map(f, &e.key, r) {
                let v = &x.value;
                match x.key.as_str() {
                    "description" => resp.description = self.text(f, "description", v),
                    "schema" => schema = Some(self.schema(f, v)),
                    "examples" => {
                        for ex in self.map(f, "examples", v) {
                            examples.push((ex.key.clone(), Self::default_example(&ex.value)));
                        }
                    }
                    "headers" => {
                        for h in self.map(f, "headers", v) {
                            let description = h.value.get("description").and_then(|d| self.text(f, "description", d));
                            let schema = Some(self.param_schema(f, &h.value));
                            resp.headers.push(Header { name: h.key.clone(), description, required: false, schema });
                        }
                    }
                    _ => {}
                }
            }
            if schema.is_some() {
                resp.content = produces.iter().map(|m| MediaType { media_type: m.clone(), schema, examples: Vec::new() }).collect();
            }
            for (mime, example) in examples {
                match resp.content.iter_mut().find(|m| m.media_type == mime) {
                    Some(m) => m.examples.push(example),
                    None => resp.content.push(MediaType { media_type: mime, schema, examples: vec![example] }),
                }
            }
            out.push(resp);
        }
        out
    }

    fn security_definitions(&mut self, node: &'f Node) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        for e in self.map(ROOT, "securityDefinitions", node) {
            let s = &e.value;
            let text = |b: &mut Self, key: &str| s.get(key).and_then(|v| b.text(ROOT, key, v));
            let kind_name = text(self, "type").unwrap_or_default();
            let kind = match kind_name.as_str() {
                "basic" => SecuritySchemeKind::Http { scheme: "basic".into(), bearer_format: None },
                "apiKey" => {
                    let name = text(self, "name").unwrap_or_default();
                    let location = if text(self, "in").as_deref() == Some("query") { ParamLocation::Query } else { ParamLocation::Header };
                    SecuritySchemeKind::ApiKey { name, location }
                }
                "oauth2" => {
                    let kind = match text(self, "flow").as_deref() {
                        Some("implicit") => Some(FlowKind::Implicit),
                        Some("password") => Some(FlowKind::Password),
                        Some("application") => Some(FlowKind::ClientCredentials),
                        Some("accessCode") => Some(FlowKind::AuthorizationCode),
                        _ => None,
                    };
                    let flows = kind.map(|k| vec![self.flow(ROOT, k, s)]).unwrap_or_default();
                    SecuritySchemeKind::OAuth2 { flows }
                }
                _ => SecuritySchemeKind::Other { name: kind_name },
            };
            let description = text(self, "description");
            out.push(SecurityScheme { key: e.key.clone(), kind, description });
        }
        out
    }
}

#[cfg(test)]
#[path = "swagger2_tests.rs"]
mod tests;
