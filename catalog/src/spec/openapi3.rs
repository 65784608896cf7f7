//! OpenAPI 3.0 and 3.1: parameters, request bodies, responses, media types, headers, security
//! schemes and components into the normalized model (the few differences between 3.0 and 3.1
//! live in the schema reader).

use super::builder::{Builder, RawParam};
use super::model::*;
use super::refs::{FileId, ROOT};
use crate::doc::{Node, Value};

impl<'f> Builder<'f> {
    /// Everything in a 3.x document.
    pub(super) fn openapi3(&mut self, spec: &mut Spec) {
        let root = self.files.root();
        let mut paths = None;
        let mut webhooks = Vec::new();
        for e in root.as_map().unwrap_or_default() {
            let v = &e.value;
            match e.key.as_str() {
                "servers" => spec.servers = self.servers(ROOT, v),
                "tags" => spec.tags = self.tags(v),
                "security" => spec.security = self.security(ROOT, v),
                "externalDocs" => spec.external_docs = self.external_docs(ROOT, v),
                "paths" => paths = Some(v),
                "webhooks" | "x-webhooks" => webhooks.push((e.key.as_str(), v)),
                "components" => {
                    for c in self.map(ROOT, "components", v) {
                        match c.key.as_str() {
                            "schemas" => spec.components = self.named_schemas(ROOT, "schemas", &c.value),
                            "securitySchemes" => spec.security_schemes = self.security_schemes(&c.value),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(p) = paths {
            spec.operations = self.path_items(p, "paths");
        }
        for (section, node) in webhooks {
            let ops = self.path_items(node, section);
            spec.webhooks.extend(ops);
        }
    }

    /// The 3.x parts of an operation.
    pub(super) fn operation3(&mut self, file: FileId, node: &'f Node, params: Vec<RawParam<'f>>, op: &mut Operation) {
        for raw in &params {
            if let Some(p) = self.parameter3(raw) {
                op.parameters.push(p);
            }
        }
        if let Some(body) = node.get("requestBody") {
            op.request_body = self.request_body3(file, body);
        }
        if let Some(responses) = node.get("responses") {
            op.responses = self.responses3(file, responses);
        }
    }

    fn parameter3(&mut self, raw: &RawParam<'f>) -> Option<Parameter> {
        let location = self.location(raw)?;
        let file = raw.file;
        let mut p = Parameter {
            name: raw.name.clone(),
            location,
            required: location == ParamLocation::Path,
            deprecated: false,
            description: None,
            schema: None,
            style: None,
            explode: None,
            example: None,
            examples: Vec::new(),
        };
        for e in raw.node.as_map().unwrap_or_default() {
            let v = &e.value;
            let key = e.key.as_str();
            match key {
                "required" => p.required |= self.boolean(file, key, v).unwrap_or(false),
                "deprecated" => p.deprecated = self.boolean(file, key, v).unwrap_or(false),
                "description" => p.description = self.text(file, key, v),
                "schema" => p.schema = Some(self.schema(file, v)),
                "content" => {
                    // A parameter serialized as a media type: its schema is the one that counts.
                    let content = self.content(file, v);
                    if p.schema.is_none() {
                        p.schema = content.iter().find_map(|m| m.schema);
                    }
                    if p.examples.is_empty() {
                        p.examples = content.into_iter().flat_map(|m| m.examples).collect();
                    }
                }
                "style" => p.style = self.text(file, key, v),
                "explode" => p.explode = self.boolean(file, key, v),
                "example" => p.example = Some(v.to_json()),
                "examples" => p.examples = self.examples(file, v),
                _ => {}
            }
        }
        Some(p)
    }

    fn request_body3(&mut self, file: FileId, node: &'f Node) -> Option<RequestBody> {
        let (file, node) = self.deref(file, node)?;
        let mut body = RequestBody { description: None, required: false, content: Vec::new() };
        for e in self.map(file, "requestBody", node) {
            let v = &e.value;
            match e.key.as_str() {
                "description" => body.description = self.text(file, "description", v),
                "required" => body.required = self.boolean(file, "required", v).unwrap_or(false),
                "content" => body.content = self.content(file, v),
                _ => {}
            }
        }
        Some(body)
    }

    fn responses3(&mut self, file: FileId, node: &'f Node) -> Vec<Response> {
        let mut out = Vec::new();
        for e in self.map(file, "responses", node) {
            if e.key.starts_with("x-") {
                continue;
            }
            let Some((f, r)) = self.deref(file, &e.value) else { continue };
            let mut resp = Response { status: e.key.clone(), description: None, headers: Vec::new(), content: Vec::new() };
            for x in self.map(f, &e.key, r) {
                let v = &x.value;
                match x.key.as_str() {
                    "description" => resp.description = self.text(f, "description", v),
                    "headers" => resp.headers = self.headers3(f, v),
                    "content" => resp.content = self.content(f, v),
                    _ => {}
                }
            }
            out.push(resp);
        }
        out
    }

    fn headers3(&mut self, file: FileId, node: &'f Node) -> Vec<Header> {
        let mut out = Vec::new();
        for e in self.map(file, "headers", node) {
            let Some((f, h)) = self.deref(file, &e.value) else { continue };
            let mut header = Header { name: e.key.clone(), description: None, required: false, schema: None };
            for x in self.map(f, &e.key, h) {
                let v = &x.value;
                match x.key.as_str() {
                    "description" => header.description = self.text(f, "description", v),
                    "required" => header.required = self.boolean(f, "required", v).unwrap_or(false),
                    "schema" => header.schema = Some(self.schema(f, v)),
                    "content" if header.schema.is_none() => header.schema = self.content(f, v).iter().find_map(|m| m.schema),
                    _ => {}
                }
            }
            out.push(header);
        }
        out
    }

    /// A `content` mapping: one entry per media type.
    fn content(&mut self, file: FileId, node: &'f Node) -> Vec<MediaType> {
        let mut out = Vec::new();
        for e in self.map(file, "content", node) {
            let mut m = MediaType { media_type: e.key.clone(), schema: None, examples: Vec::new() };
            let mut named = Vec::new();
            for x in self.map(file, &e.key, &e.value) {
                let v = &x.value;
                match x.key.as_str() {
                    "schema" => m.schema = Some(self.schema(file, v)),
                    "example" => m.examples.insert(0, Self::default_example(v)),
                    "examples" => named = self.examples(file, v),
                    _ => {}
                }
            }
            m.examples.extend(named);
            out.push(m);
        }
        out
    }

    fn security_schemes(&mut self, node: &'f Node) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        for e in self.map(ROOT, "securitySchemes", node) {
            let Some((f, s)) = self.deref(ROOT, &e.value) else { continue };
            let text = |b: &mut Self, key: &str| s.get(key).and_then(|v| b.text(f, key, v));
            let kind_name = text(self, "type").unwrap_or_default();
            let kind = match kind_name.as_str() {
                "apiKey" => {
                    let name = text(self, "name").unwrap_or_default();
                    let location = match text(self, "in").as_deref() {
                        Some("query") => ParamLocation::Query,
                        Some("cookie") => ParamLocation::Cookie,
                        _ => ParamLocation::Header,
                    };
                    SecuritySchemeKind::ApiKey { name, location }
                }
                "http" => {
                    SecuritySchemeKind::Http { scheme: text(self, "scheme").unwrap_or_default().to_lowercase(), bearer_format: text(self, "bearerFormat") }
                }
                "oauth2" => {
                    let mut flows = Vec::new();
                    if let Some(fl) = s.get("flows") {
                        for x in self.map(f, "flows", fl) {
                            let kind = match x.key.as_str() {
                                "implicit" => FlowKind::Implicit,
                                "password" => FlowKind::Password,
                                "clientCredentials" => FlowKind::ClientCredentials,
                                "authorizationCode" => FlowKind::AuthorizationCode,
                                _ => continue,
                            };
                            flows.push(self.flow(f, kind, &x.value));
                        }
                    }
                    SecuritySchemeKind::OAuth2 { flows }
                }
                "openIdConnect" => SecuritySchemeKind::OpenIdConnect { url: text(self, "openIdConnectUrl").unwrap_or_default() },
                "mutualTLS" => SecuritySchemeKind::MutualTls,
                _ => SecuritySchemeKind::Other { name: kind_name },
            };
            let description = text(self, "description");
            out.push(SecurityScheme { key: e.key.clone(), kind, description });
        }
        out
    }

    /// One OAuth flow (3.x flow object, or a 2.0 oauth2 scheme itself).
    pub(super) fn flow(&mut self, file: FileId, kind: FlowKind, node: &'f Node) -> OAuthFlow {
        let mut flow = OAuthFlow { kind, authorization_url: None, token_url: None, refresh_url: None, scopes: Vec::new() };
        for e in self.map(file, "flow", node) {
            let v = &e.value;
            match e.key.as_str() {
                "authorizationUrl" => flow.authorization_url = self.text(file, "authorizationUrl", v),
                "tokenUrl" => flow.token_url = self.text(file, "tokenUrl", v),
                "refreshUrl" => flow.refresh_url = self.text(file, "refreshUrl", v),
                "scopes" => {
                    for s in self.map(file, "scopes", v) {
                        let text = match &s.value.value {
                            Value::Null => String::new(),
                            _ => self.text(file, &s.key, &s.value).unwrap_or_default(),
                        };
                        flow.scopes.push((s.key.clone(), text));
                    }
                }
                _ => {}
            }
        }
        flow
    }
}

#[cfg(test)]
#[path = "openapi3_tests.rs"]
mod tests;
