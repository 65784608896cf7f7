//! Errors as `application/problem+json` (RFC 9457): a stable `type` URI per kind of problem, a
//! `title`, the `status`, a `detail` for this occurrence, and extension members (`errors` with JSON
//! pointers for validation failures).

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde_json::{json, Map, Value};

/// Base of the `type` URIs (documented in proxy/README.md).
pub const TYPE_BASE: &str = "https://katalog.gov.pl/problems/";

/// One problem (boxed: it travels in `Err` variants).
#[derive(Debug, Clone)]
pub struct Problem(Box<Details>);

/// What a problem says.
#[derive(Debug, Clone)]
pub struct Details {
    /// HTTP status.
    pub status: StatusCode,
    /// Last segment of the `type` URI (`not-found`, `address-refused`…).
    pub kind: &'static str,
    /// Short, stable summary.
    pub title: &'static str,
    /// This occurrence.
    pub detail: String,
    /// Extension members.
    pub extra: Map<String, Value>,
    /// Extra response headers (`Retry-After`, `Allow`, `WWW-Authenticate`).
    pub headers: Vec<(header::HeaderName, String)>,
}

impl Problem {
    /// A problem without extensions.
    pub fn new(status: StatusCode, kind: &'static str, title: &'static str, detail: impl Into<String>) -> Problem {
        Problem(Box::new(Details { status, kind, title, detail: detail.into(), extra: Map::new(), headers: Vec::new() }))
    }

    /// What it says.
    pub fn details(&self) -> &Details {
        &self.0
    }

    /// Adds an extension member.
    pub fn with(mut self, key: &str, value: Value) -> Problem {
        self.0.extra.insert(key.to_string(), value);
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: header::HeaderName, value: impl Into<String>) -> Problem {
        self.0.headers.push((name, value.into()));
        self
    }

    /// The response.
    pub fn into_response(self) -> Response<Body> {
        let p = *self.0;
        let mut doc = Map::new();
        doc.insert("type".into(), json!(format!("{TYPE_BASE}{}", p.kind)));
        doc.insert("title".into(), json!(p.title));
        doc.insert("status".into(), json!(p.status.as_u16()));
        doc.insert("detail".into(), json!(p.detail));
        doc.extend(p.extra);
        let body = serde_json::to_vec(&Value::Object(doc)).expect("JSON always serializes");
        let mut resp = Response::new(Body::from(body));
        *resp.status_mut() = p.status;
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        for (name, value) in p.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(name, v);
            }
        }
        resp
    }
}
