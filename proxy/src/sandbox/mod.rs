//! The sandbox: answers any operation of any API of the site from its spec alone. The request is
//! validated; the response is the one `Prefer` asks for (Prism's `code=…, example=…,
//! dynamic=true`), taken from the spec's examples or generated from the response schema,
//! deterministic for a seed (`Prefer: seed=…`, the `Katalog-Seed` header or the `__seed` query
//! parameter; by default derived from the method and the request path). It never calls out:
//! callbacks, links and `externalValue`s are not followed.

pub mod generate;
pub mod pl;
pub mod regexgen;
pub mod request;
pub mod rng;
pub mod validate;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use bytes::Bytes;
use catalog::spec::{MediaType, Operation};
use serde_json::Value;

use crate::problem::Problem;
use crate::registry::Entry;
use crate::routes::Matched;
use generate::Generator;
use validate::{Direction, Validator};

/// What `Prefer` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefer {
    /// `code=404`.
    pub code: Option<String>,
    /// `example=name`.
    pub example: Option<String>,
    /// `dynamic=true`.
    pub dynamic: bool,
    /// `seed=…`.
    pub seed: Option<String>,
}

/// Reads every `Prefer` header (`code=200, example=ok, dynamic=true`; also `;`-separated).
pub fn parse_prefer(headers: &HeaderMap) -> Prefer {
    let mut p = Prefer::default();
    for value in headers.get_all("prefer").iter().filter_map(|v| v.to_str().ok()) {
        for item in value.split([',', ';']) {
            let Some((k, v)) = item.split_once('=') else { continue };
            let v = v.trim().trim_matches('"').to_string();
            match k.trim().to_ascii_lowercase().as_str() {
                "code" => p.code = Some(v),
                "example" => p.example = Some(v),
                "dynamic" => p.dynamic = v.eq_ignore_ascii_case("true"),
                "seed" => p.seed = Some(v),
                _ => {}
            }
        }
    }
    p
}

/// The seed for a request: explicit, or derived from the method and path.
pub fn seed_of(prefer: &Prefer, headers: &HeaderMap, query: &[(String, String)], method: &str, path: &str) -> u64 {
    let explicit = prefer
        .seed
        .clone()
        .or_else(|| headers.get("katalog-seed").and_then(|v| v.to_str().ok()).map(str::to_string))
        .or_else(|| query.iter().find(|(k, _)| k == "__seed").map(|(_, v)| v.clone()));
    match explicit {
        Some(s) => s.parse::<u64>().unwrap_or_else(|_| rng::fnv1a(s.as_bytes())),
        None => rng::fnv1a(format!("{method} {path}").as_bytes()),
    }
}

/// The response status and object an operation answers with.
pub fn choose_response<'a>(op: &'a Operation, code: Option<&str>) -> Result<(u16, Option<&'a catalog::spec::Response>), Problem> {
    let numeric = |s: &str| s.parse::<u16>().ok().filter(|c| (100..600).contains(c));
    if let Some(code) = code {
        let want = numeric(code)
            .ok_or_else(|| Problem::new(StatusCode::BAD_REQUEST, "bad-prefer", "Bad Prefer header", format!("code={code} is not an HTTP status")))?;
        let range = format!("{}XX", want / 100);
        let found = op
            .responses
            .iter()
            .find(|r| r.status == code)
            .or_else(|| op.responses.iter().find(|r| r.status.eq_ignore_ascii_case(&range)))
            .or_else(|| op.responses.iter().find(|r| r.status == "default"));
        return match found {
            Some(r) => Ok((want, Some(r))),
            None => Err(Problem::new(StatusCode::BAD_REQUEST, "no-such-response", "No such response", format!("the operation declares no {code} response"))),
        };
    }
    let best = op.responses.iter().filter_map(|r| numeric(&r.status).filter(|c| (200..300).contains(c)).map(|c| (c, r))).min_by_key(|(c, _)| *c);
    if let Some((c, r)) = best {
        return Ok((c, Some(r)));
    }
    if let Some(r) = op.responses.iter().find(|r| r.status.eq_ignore_ascii_case("2XX") || r.status == "default") {
        return Ok((200, Some(r)));
    }
    match op.responses.iter().find_map(|r| numeric(&r.status).map(|c| (c, r))) {
        Some((c, r)) => Ok((c, Some(r))),
        None => Ok((204, None)),
    }
}

fn accept_ranges(accept: &str) -> Vec<String> {
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut bits = part.split(';');
        let media = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits.filter_map(|b| b.trim().strip_prefix("q=")).find_map(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
        if !media.is_empty() && q > 0.0 {
            ranges.push((q, i, media));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, m)| m).collect()
}

/// The media type to answer with, by the `Accept` header (JSON when the client takes anything).
pub fn negotiate<'a>(content: &'a [MediaType], accept: Option<&str>) -> Result<Option<&'a MediaType>, Problem> {
    if content.is_empty() {
        return Ok(None);
    }
    let json_first = || content.iter().find(|m| request::is_json(&m.media_type)).or(content.first());
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else { return Ok(json_first()) };
    for range in accept_ranges(accept) {
        if range == "*/*" {
            return Ok(json_first());
        }
        if let Some(m) = content.iter().find(|m| request::media_matches(&range, &m.media_type) || request::media_matches(&m.media_type, &range)) {
            return Ok(Some(m));
        }
    }
    let offered: Vec<&str> = content.iter().map(|m| m.media_type.as_str()).collect();
    Err(Problem::new(StatusCode::NOT_ACCEPTABLE, "not-acceptable", "Not acceptable", format!("this response comes as {}", offered.join(", "))))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn xml_name(s: &str) -> String {
    let n: String = s.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if n.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        n
    } else {
        format!("_{n}")
    }
}

/// A plain XML rendering of a JSON value (element per property, repeated element per item).
pub fn to_xml(name: &str, v: &Value, out: &mut String) {
    let tag = xml_name(name);
    match v {
        Value::Array(items) => {
            for item in items {
                to_xml(name, item, out);
            }
        }
        Value::Object(map) => {
            out.push_str(&format!("<{tag}>"));
            for (k, v) in map {
                to_xml(k, v, out);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Value::Null => out.push_str(&format!("<{tag}/>")),
        Value::String(s) => out.push_str(&format!("<{tag}>{}</{tag}>", xml_escape(s))),
        other => out.push_str(&format!("<{tag}>{other}</{tag}>")),
    }
}

fn serialize(media: &str, v: &Value, root: &str) -> Bytes {
    if request::is_json(media) {
        return Bytes::from(serde_json::to_vec(v).expect("JSON always serializes"));
    }
    if media.to_ascii_lowercase().contains("xml") {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        to_xml(root, v, &mut out);
        return Bytes::from(out);
    }
    match v {
        Value::String(s) => Bytes::from(s.clone()),
        Value::Null => Bytes::new(),
        other => Bytes::from(serde_json::to_vec(other).expect("JSON always serializes")),
    }
}

/// Answers a matched request. `raw_path` is the path inside the API (for the default seed).
#[allow(clippy::too_many_arguments)]
pub fn answer(
    entry: &Entry,
    m: &Matched,
    method: &str,
    raw_path: &str,
    headers: &HeaderMap,
    query: &[(String, String)],
    body: &[u8],
) -> Result<Response<Body>, Problem> {
    let op = &entry.spec.operations[m.op];
    let req_v = Validator { spec: &entry.spec, patterns: &entry.patterns, direction: Direction::Request };
    request::check_security(&entry.spec, op, headers, query)?;
    request::check_parameters(&req_v, op, &m.params, query, headers)?;
    request::check_body(&req_v, op, headers, body)?;

    let prefer = parse_prefer(headers);
    let seed = seed_of(&prefer, headers, query, method, raw_path);
    let (status, response) = choose_response(op, prefer.code.as_deref())?;
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let media = match response {
        Some(r) => negotiate(&r.content, accept)?,
        None => None,
    };
    let res_v = Validator { direction: Direction::Response, ..req_v };
    let mut gen = Generator::new(res_v, seed, prefer.dynamic);
    let body = match media {
        None => None,
        Some(mt) => {
            let value = match &prefer.example {
                Some(name) => match mt.examples.iter().find(|e| &e.name == name).and_then(|e| e.value.clone()) {
                    Some(v) => Some(v),
                    None => {
                        let names: Vec<&str> = mt.examples.iter().filter(|e| e.value.is_some()).map(|e| e.name.as_str()).collect();
                        return Err(Problem::new(
                            StatusCode::BAD_REQUEST,
                            "no-such-example",
                            "No such example",
                            format!("no example named {name:?} (examples: {})", if names.is_empty() { "none".into() } else { names.join(", ") }),
                        ));
                    }
                },
                None if !prefer.dynamic => mt.examples.iter().find_map(|e| e.value.clone()),
                None => None,
            };
            let value = value.or_else(|| mt.schema.map(|id| gen.value(id)));
            let root = mt.schema.and_then(|id| entry.spec.schema(id).name.as_deref()).unwrap_or("response");
            let media_type = if mt.media_type.contains('*') { "application/json" } else { mt.media_type.as_str() };
            value.map(|v| (media_type, serialize(media_type, &v, root)))
        }
    };
    let mut resp = Response::new(match &body {
        Some((_, b)) => Body::from(b.clone()),
        None => Body::empty(),
    });
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let h = resp.headers_mut();
    if let Some((ct, _)) = &body {
        if let Ok(v) = HeaderValue::from_str(ct) {
            h.insert(header::CONTENT_TYPE, v);
        }
    }
    if let Some(r) = response {
        for hd in &r.headers {
            if ["content-type", "content-length", "set-cookie", "transfer-encoding", "connection"].iter().any(|h| hd.name.eq_ignore_ascii_case(h)) {
                continue;
            }
            let Some(id) = hd.schema else { continue };
            let v = gen.value(id);
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            if let (Ok(n), Ok(v)) = (header::HeaderName::from_bytes(hd.name.as_bytes()), HeaderValue::from_str(&text)) {
                h.insert(n, v);
            }
        }
    }
    h.insert("katalog-seed", HeaderValue::from(seed));
    h.insert(header::VARY, HeaderValue::from_static("Accept, Prefer"));
    Ok(resp)
}
