//! Code samples for an operation — curl, Python (requests) and JavaScript (fetch) — built from
//! the first server, the path with example values, the required query, header and cookie
//! parameters, the credentials the operation asks for, and a body from the spec's example (or a
//! skeleton from the schema). The code is written and highlighted in one pass with the classes
//! syntect uses, so thousands of operations cost milliseconds, not seconds.

use catalog::spec::{MediaType, Method, Operation, ParamLocation, Parameter, SchemaId, SecuritySchemeKind, Spec};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

use crate::highlight::{json_into, JsonStyle, Token};
use crate::markdown::escape_into;

/// Largest pretty-printed body put in a sample; bigger examples give way to a schema skeleton.
const MAX_BODY: usize = 4096;
/// Most schema nodes a skeleton body has.
const SKELETON_NODES: usize = 60;

const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The three samples, as highlighted HTML (the inside of `<pre><code>`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Samples {
    /// curl.
    pub(crate) curl: String,
    /// Python with requests.
    pub(crate) python: String,
    /// JavaScript with fetch.
    pub(crate) javascript: String,
}

/// What a request to the operation looks like, language-neutral.
#[derive(Debug, Default)]
struct Request {
    method: &'static str,
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    basic_auth: bool,
    mutual_tls: bool,
    body: Option<Body>,
    accept_json: bool,
}

#[derive(Debug)]
enum Body {
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(Vec<(String, String, bool)>),
    Text(String),
    File,
}

/// Builds the samples of one operation.
pub(crate) fn build(spec: &Spec, op: &Operation) -> Samples {
    let req = request(spec, op);
    Samples { curl: curl(&req), python: python(&req), javascript: javascript(&req) }
}

fn request(spec: &Spec, op: &Operation) -> Request {
    let server = op.servers.first().or(spec.servers.first()).map(|s| s.url.as_str()).unwrap_or("");
    let base = if server.starts_with("http://") || server.starts_with("https://") {
        server.trim_end_matches('/').to_string()
    } else {
        format!("https://HOST{}", if server.is_empty() || server.starts_with('/') { "" } else { "/" }) + server.trim_end_matches('/')
    };
    let mut path = String::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        let value = op
            .parameters
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.name == name)
            .map(|p| param_value(spec, p))
            .unwrap_or_else(|| name.to_uppercase());
        path.extend(utf8_percent_encode(&value, PATH_SEGMENT));
        rest = &rest[open + close + 1..];
    }
    path.push_str(rest);
    let mut req = Request { method: op.method.as_upper(), url: base + &path, ..Request::default() };
    let mut cookies = Vec::new();
    for p in op.parameters.iter().filter(|p| p.required) {
        let v = param_value(spec, p);
        match p.location {
            ParamLocation::Query => req.query.push((p.name.clone(), v)),
            ParamLocation::Header => req.headers.push((p.name.clone(), v)),
            ParamLocation::Cookie => cookies.push(format!("{}={v}", p.name)),
            ParamLocation::Path => {}
        }
    }
    let security = op.security.as_ref().unwrap_or(&spec.security);
    if let Some(alternative) = security.first() {
        for (key, _) in &alternative.schemes {
            let Some(scheme) = spec.security_schemes.iter().find(|s| &s.key == key) else { continue };
            match &scheme.kind {
                SecuritySchemeKind::ApiKey { name, location } => match location {
                    ParamLocation::Query => req.query.push((name.clone(), "YOUR_API_KEY".into())),
                    ParamLocation::Cookie => cookies.push(format!("{name}=YOUR_API_KEY")),
                    _ => req.headers.push((name.clone(), "YOUR_API_KEY".into())),
                },
                SecuritySchemeKind::Http { scheme, .. } if scheme == "basic" => req.basic_auth = true,
                SecuritySchemeKind::Http { scheme, .. } if scheme == "bearer" => req.headers.push(("Authorization".into(), "Bearer YOUR_TOKEN".into())),
                SecuritySchemeKind::Http { scheme, .. } => req.headers.push(("Authorization".into(), format!("{} YOUR_CREDENTIALS", capitalize(scheme)))),
                SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. } => {
                    req.headers.push(("Authorization".into(), "Bearer YOUR_ACCESS_TOKEN".into()));
                }
                SecuritySchemeKind::MutualTls => req.mutual_tls = true,
                SecuritySchemeKind::Other { .. } => {}
            }
        }
    }
    if !cookies.is_empty() {
        req.headers.push(("Cookie".into(), cookies.join("; ")));
    }
    let success = op.responses.iter().find(|r| r.status.starts_with('2')).or(op.responses.first());
    if let Some(media) = success.and_then(|r| r.content.first()) {
        req.accept_json = media.media_type.contains("json");
        if !req.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case("accept")) {
            req.headers.push(("Accept".into(), media.media_type.clone()));
        }
    }
    if let Some(rb) = &op.request_body {
        let media = rb.content.iter().find(|m| m.media_type.contains("json")).or(rb.content.first());
        if let Some(media) = media {
            req.body = Some(body(spec, media));
            if !matches!(req.body, Some(Body::Multipart(_))) {
                req.headers.push(("Content-Type".into(), media.media_type.clone()));
            }
        }
    }
    req
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A value for a parameter: its example, else the schema's, else a placeholder from its type.
pub(crate) fn param_value(spec: &Spec, p: &Parameter) -> String {
    let example = p.example.as_ref().or_else(|| p.examples.iter().find_map(|e| e.value.as_ref()));
    let from_schema = p.schema.and_then(|id| schema_example(spec, id));
    match example.or(from_schema) {
        Some(v) => value_text(v),
        None => placeholder(spec, p.schema, &p.name),
    }
}

/// An example the schema itself gives (`example`, `const`, `default`, the first `enum` value).
pub(crate) fn schema_example(spec: &Spec, id: SchemaId) -> Option<&Value> {
    let s = spec.schema(id);
    s.example.as_deref().or(s.const_value.as_deref()).or(s.default.as_deref()).or(s.enum_values.first())
}

/// A value as a parameter would carry it: strings bare, arrays comma-separated.
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn placeholder(spec: &Spec, schema: Option<SchemaId>, name: &str) -> String {
    let s = schema.map(|id| spec.schema(id));
    let ty = s.and_then(|s| s.types.iter().find(|t| *t != "null")).map(String::as_str).unwrap_or("string");
    match (ty, s.and_then(|s| s.format.as_deref())) {
        ("integer" | "number", _) => "1".into(),
        ("boolean", _) => "true".into(),
        (_, Some("date")) => "2025-01-31".into(),
        (_, Some("date-time")) => "2025-01-31T12:00:00Z".into(),
        (_, Some("uuid")) => "00000000-0000-0000-0000-000000000000".into(),
        _ => name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect(),
    }
}

fn body(spec: &Spec, media: &MediaType) -> Body {
    let m = media.media_type.to_ascii_lowercase();
    let example = media.examples.iter().find_map(|e| e.value.as_ref()).or_else(|| media.schema.and_then(|id| spec.schema(id).example.as_deref()));
    let value = || {
        let fits = |v: &Value| serde_json::to_string_pretty(v).map(|s| s.len() <= MAX_BODY).unwrap_or(false);
        match example {
            Some(v) if fits(v) => v.clone(),
            _ => media.schema.map(|id| skeleton(spec, id)).filter(fits).unwrap_or_else(|| Value::Object(Map::new())),
        }
    };
    if m.contains("json") {
        Body::Json(value())
    } else if m.starts_with("application/x-www-form-urlencoded") {
        Body::Form(fields(&value()))
    } else if m.starts_with("multipart/") {
        let binary = |name: &str| {
            media.schema.is_some_and(|id| {
                spec.schema(id).properties.iter().any(|(n, p)| n == name && matches!(spec.schema(*p).format.as_deref(), Some("binary" | "base64")))
            })
        };
        Body::Multipart(
            fields(&value())
                .into_iter()
                .map(|(k, v)| {
                    let b = binary(&k);
                    (k, v, b)
                })
                .collect(),
        )
    } else if let Some(Value::String(text)) = example.filter(|v| v.as_str().is_some_and(|s| s.len() <= MAX_BODY)) {
        Body::Text(text.clone())
    } else {
        Body::File
    }
}

fn fields(v: &Value) -> Vec<(String, String)> {
    match v {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), value_text(v))).collect(),
        _ => Vec::new(),
    }
}

/// A request body made from the schema: example values where the schema has them, placeholders
/// from types and formats elsewhere; read-only properties left out; bounded in size and depth.
pub(crate) fn skeleton(spec: &Spec, id: SchemaId) -> Value {
    let mut budget = SKELETON_NODES;
    let mut path = Vec::new();
    skel(spec, id, &mut path, &mut budget)
}

fn skel(spec: &Spec, id: SchemaId, path: &mut Vec<SchemaId>, budget: &mut usize) -> Value {
    if let Some(v) = schema_example(spec, id) {
        return v.clone();
    }
    let s = spec.schema(id);
    let ty = s.types.iter().find(|t| *t != "null").map(String::as_str);
    if path.contains(&id) || path.len() > 4 || *budget == 0 {
        return match ty {
            Some("array") => Value::Array(Vec::new()),
            Some("object") | None if !s.properties.is_empty() || ty.is_some() => Value::Object(Map::new()),
            _ => Value::Null,
        };
    }
    *budget -= 1;
    path.push(id);
    let v = if !s.all_of.is_empty() {
        let mut merged = Map::new();
        for part in &s.all_of {
            if let Value::Object(m) = skel(spec, *part, path, budget) {
                merged.extend(m);
            }
        }
        if let Value::Object(m) = props(spec, s, path, budget) {
            merged.extend(m);
        }
        Value::Object(merged)
    } else if let Some(first) = s.one_of.first().or(s.any_of.first()) {
        skel(spec, *first, path, budget)
    } else {
        match ty {
            Some("array") => Value::Array(s.items.map(|i| vec![skel(spec, i, path, budget)]).unwrap_or_default()),
            Some("object") | None if !s.properties.is_empty() || ty == Some("object") => props(spec, s, path, budget),
            Some("integer") => Value::from(0),
            Some("number") => Value::from(0.0),
            Some("boolean") => Value::Bool(true),
            Some("string") => Value::String(
                match s.format.as_deref() {
                    Some("date") => "2025-01-31",
                    Some("date-time") => "2025-01-31T12:00:00Z",
                    Some("uuid") => "00000000-0000-0000-0000-000000000000",
                    Some("email") => "jan.kowalski@example.com",
                    Some("uri" | "url") => "https://example.com",
                    Some("binary" | "byte" | "base64") => "",
                    _ => "string",
                }
                .to_string(),
            ),
            _ => Value::Null,
        }
    };
    path.pop();
    v
}

fn props(spec: &Spec, s: &catalog::spec::Schema, path: &mut Vec<SchemaId>, budget: &mut usize) -> Value {
    let mut map = Map::new();
    for (name, pid) in s.properties.iter().take(20) {
        if spec.schema(*pid).read_only {
            continue;
        }
        if *budget == 0 {
            break;
        }
        map.insert(name.clone(), skel(spec, *pid, path, budget));
    }
    Value::Object(map)
}

/// Highlighted code being written.
struct Code(String);

impl Code {
    fn new() -> Code {
        Code(String::with_capacity(512))
    }
    fn text(&mut self, s: &str) -> &mut Self {
        escape_into(s, &mut self.0);
        self
    }
    fn span(&mut self, token: Token, s: &str) -> &mut Self {
        self.0.push_str("<span class=\"");
        self.0.push_str(token.class());
        self.0.push_str("\">");
        escape_into(s, &mut self.0);
        self.0.push_str("</span>");
        self
    }
    fn kw(&mut self, s: &str) -> &mut Self {
        self.span(Token::Keyword, s)
    }
    fn storage(&mut self, s: &str) -> &mut Self {
        self.span(Token::Keyword, s)
    }
    fn func(&mut self, s: &str) -> &mut Self {
        self.span(Token::Function, s)
    }
    fn flag(&mut self, s: &str) -> &mut Self {
        self.span(Token::Parameter, s)
    }
    fn string(&mut self, s: &str) -> &mut Self {
        self.span(Token::String, s)
    }
    /// A double-quoted string literal (JSON escaping is valid Python and JavaScript).
    fn dq(&mut self, s: &str) -> &mut Self {
        let q = serde_json::to_string(s).unwrap_or_default();
        self.string(&q)
    }
    /// A single-quoted shell word.
    fn sq(&mut self, s: &str) -> &mut Self {
        let q = format!("'{}'", s.replace('\'', "'\\''"));
        self.string(&q)
    }
    fn json(&mut self, v: &Value, style: JsonStyle) -> &mut Self {
        json_into(v, usize::MAX, style, &mut self.0);
        self
    }
}

fn url_with_query(req: &Request) -> String {
    let mut url = req.url.clone();
    for (i, (k, v)) in req.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.extend(utf8_percent_encode(k, PATH_SEGMENT));
        url.push('=');
        url.extend(utf8_percent_encode(v, PATH_SEGMENT));
    }
    url
}

fn curl(req: &Request) -> String {
    let mut c = Code::new();
    c.func("curl");
    match req.method {
        "GET" => {}
        "HEAD" => {
            c.text(" ").flag("--head");
        }
        m => {
            c.text(" ").flag("-X").text(" ").text(m);
        }
    }
    c.text(" ").sq(&url_with_query(req));
    let cont = |c: &mut Code| {
        c.text(" \\\n  ");
    };
    for (k, v) in &req.headers {
        cont(&mut c);
        c.flag("-H").text(" ").sq(&format!("{k}: {v}"));
    }
    if req.basic_auth {
        cont(&mut c);
        c.flag("-u").text(" ").sq("USERNAME:PASSWORD");
    }
    if req.mutual_tls {
        cont(&mut c);
        c.flag("--cert").text(" client.pem ").flag("--key").text(" client.key");
    }
    match &req.body {
        None => {}
        Some(Body::Json(v)) => {
            cont(&mut c);
            let text = serde_json::to_string_pretty(v).unwrap_or_default();
            c.flag("-d").text(" ").sq(&text);
        }
        Some(Body::Form(fields)) => {
            for (k, v) in fields {
                cont(&mut c);
                c.flag("--data-urlencode").text(" ").sq(&format!("{k}={v}"));
            }
        }
        Some(Body::Multipart(fields)) => {
            for (k, v, binary) in fields {
                cont(&mut c);
                let value = if *binary { format!("{k}=@file") } else { format!("{k}={v}") };
                c.flag("-F").text(" ").sq(&value);
            }
        }
        Some(Body::Text(t)) => {
            cont(&mut c);
            c.flag("--data-binary").text(" ").sq(t);
        }
        Some(Body::File) => {
            cont(&mut c);
            c.flag("--data-binary").text(" ").string("@body");
        }
    }
    c.text("\n");
    c.0
}

fn python(req: &Request) -> String {
    let mut c = Code::new();
    c.kw("import").text(" requests\n\n");
    c.text("response = requests.");
    let method = req.method.to_ascii_lowercase();
    if Method::ALL.iter().any(|m| m.as_str() == method && *m != Method::Trace) {
        c.func(&method).text("(\n    ").dq(&req.url).text(",\n");
    } else {
        c.func("request").text("(\n    ").dq(req.method).text(",\n    ").dq(&req.url).text(",\n");
    }
    let dict = |c: &mut Code, name: &str, pairs: &[(String, String)]| {
        c.text("    ").text(name).text("={");
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                c.text(", ");
            }
            c.dq(k).text(": ").dq(v);
        }
        c.text("},\n");
    };
    if !req.query.is_empty() {
        dict(&mut c, "params", &req.query);
    }
    if !req.headers.is_empty() {
        dict(&mut c, "headers", &req.headers);
    }
    if req.basic_auth {
        c.text("    auth=(").dq("USERNAME").text(", ").dq("PASSWORD").text("),\n");
    }
    if req.mutual_tls {
        c.text("    cert=(").dq("client.pem").text(", ").dq("client.key").text("),\n");
    }
    let style = JsonStyle { python: true, unit: "    ", base: 4 };
    match &req.body {
        None => {}
        Some(Body::Json(v)) => {
            c.text("    json=").json(v, style).text(",\n");
        }
        Some(Body::Form(fields)) => dict(&mut c, "data", fields),
        Some(Body::Multipart(fields)) => {
            let (files, data): (Vec<_>, Vec<_>) = fields.iter().partition(|(_, _, b)| *b);
            if !data.is_empty() {
                dict(&mut c, "data", &data.iter().map(|(k, v, _)| (k.clone(), v.clone())).collect::<Vec<_>>());
            }
            if !files.is_empty() {
                c.text("    files={");
                for (i, (k, _, _)) in files.iter().enumerate() {
                    if i > 0 {
                        c.text(", ");
                    }
                    c.dq(k).text(": ").func("open").text("(").dq("file").text(", ").dq("rb").text(")");
                }
                c.text("},\n");
            }
        }
        Some(Body::Text(t)) => {
            c.text("    data=").dq(t).text(",\n");
        }
        Some(Body::File) => {
            c.text("    data=").func("open").text("(").dq("body").text(", ").dq("rb").text("),\n");
        }
    }
    c.text(")\n").func("print").text("(response.status_code)\n");
    c.func("print").text(if req.accept_json { "(response.json())\n" } else { "(response.text)\n" });
    c.0
}

fn javascript(req: &Request) -> String {
    let mut c = Code::new();
    if let Some(Body::Multipart(fields)) = &req.body {
        c.storage("const").text(" form = ").kw("new").text(" ").func("FormData").text("();\n");
        for (k, v, binary) in fields {
            c.text("form.").func("append").text("(").dq(k).text(", ");
            if *binary {
                c.text("file");
            } else {
                c.dq(v);
            }
            c.text(");\n");
        }
    }
    c.storage("const").text(" response = ").kw("await").text(" ").func("fetch").text("(").dq(&url_with_query(req)).text(", {\n");
    c.text("  method: ").dq(req.method).text(",\n");
    let mut headers: Vec<(String, String)> = req.headers.clone();
    if req.basic_auth {
        headers.push(("Authorization".into(), String::new()));
    }
    if !headers.is_empty() {
        c.text("  headers: {\n");
        for (k, v) in &headers {
            c.text("    ").dq(k).text(": ");
            if req.basic_auth && k == "Authorization" && v.is_empty() {
                c.dq("Basic ").text(" + ").func("btoa").text("(").dq("USERNAME:PASSWORD").text(")");
            } else {
                c.dq(v);
            }
            c.text(",\n");
        }
        c.text("  },\n");
    }
    match &req.body {
        None => {}
        Some(Body::Json(v)) => {
            c.text("  body: ").func("JSON.stringify").text("(").json(v, JsonStyle { python: false, unit: "  ", base: 2 }).text("),\n");
        }
        Some(Body::Form(fields)) => {
            c.text("  body: ").kw("new").text(" ").func("URLSearchParams").text("({");
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    c.text(", ");
                }
                c.dq(k).text(": ").dq(v);
            }
            c.text("}),\n");
        }
        Some(Body::Multipart(_)) => {
            c.text("  body: form,\n");
        }
        Some(Body::Text(t)) => {
            c.text("  body: ").dq(t).text(",\n");
        }
        Some(Body::File) => {
            c.text("  body: file,\n");
        }
    }
    if req.mutual_tls {
        c.span(Token::Comment, "  // mutual TLS: the client certificate is chosen by the browser or the runtime\n");
    }
    c.text("});\n").func("console.log").text("(response.status, ").kw("await").text(if req.accept_json {
        " response.json());\n"
    } else {
        " response.text());\n"
    });
    c.0
}

#[cfg(test)]
#[path = "samples_tests.rs"]
mod tests;
