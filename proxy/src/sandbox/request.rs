//! Checking an incoming sandbox request against its operation: security (credentials present),
//! path, query and header parameters (coerced from text by their schemas), the body's media type
//! and the body against its schema. Each failure is a problem with JSON pointers (`/path/id`,
//! `/query/limit`, `/header/X-Request-Id`, `/body/items/0/nip`).

use axum::http::{header, HeaderMap, StatusCode};
use catalog::spec::{Operation, ParamLocation, SchemaId, SecuritySchemeKind, Spec};
use serde_json::{json, Map, Value};

use super::validate::{escape_token, Issue, Validator};
use crate::problem::Problem;

/// Most errors listed in one problem.
const MAX_ISSUES: usize = 20;

/// Turns the text of a parameter into the JSON value its schema describes.
pub fn coerce(v: &Validator<'_>, id: Option<SchemaId>, raws: &[&str], explode: bool) -> Value {
    let Some(id) = id else { return Value::String(raws.first().copied().unwrap_or("").to_string()) };
    let s = v.spec.schema(id);
    if s.types.iter().any(|t| t == "array") {
        let parts: Vec<&str> = if raws.len() > 1 || explode { raws.to_vec() } else { raws.first().map(|r| r.split(',').collect()).unwrap_or_default() };
        return Value::Array(parts.iter().map(|p| scalar(v, s.items, p)).collect());
    }
    scalar(v, Some(id), raws.first().copied().unwrap_or(""))
}

fn scalar(v: &Validator<'_>, id: Option<SchemaId>, raw: &str) -> Value {
    let Some(id) = id else { return Value::String(raw.to_string()) };
    let types = &v.spec.schema(id).types;
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("integer") {
        if let Ok(i) = raw.parse::<i64>() {
            return json!(i);
        }
    }
    if has("number") {
        if let Some(n) = raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    if has("boolean") && (raw == "true" || raw == "false") {
        return Value::Bool(raw == "true");
    }
    if has("null") && (raw.is_empty() || raw == "null") && !has("string") {
        return Value::Null;
    }
    Value::String(raw.to_string())
}

/// `Ok` when some alternative of the operation's security requirements has its credentials
/// present (their values are not checked: it is a sandbox).
pub fn check_security(spec: &Spec, op: &Operation, headers: &HeaderMap, query: &[(String, String)]) -> Result<(), Problem> {
    let reqs = op.security.as_ref().unwrap_or(&spec.security);
    if reqs.is_empty() || reqs.iter().any(|r| r.schemes.is_empty()) {
        return Ok(());
    }
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let cookies = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(";");
    let present = |key: &str| -> bool {
        let Some(scheme) = spec.security_schemes.iter().find(|s| s.key == key) else { return true };
        match &scheme.kind {
            SecuritySchemeKind::ApiKey { name, location } => match location {
                ParamLocation::Header => headers.contains_key(name.as_str()),
                ParamLocation::Query => query.iter().any(|(k, _)| k == name),
                ParamLocation::Cookie => cookies.split(';').any(|c| c.trim().split('=').next() == Some(name.as_str())),
                ParamLocation::Path => true,
            },
            SecuritySchemeKind::Http { scheme, .. } => {
                let prefix = format!("{} ", scheme);
                auth.len() > prefix.len() && auth[..prefix.len()].eq_ignore_ascii_case(&prefix)
            }
            SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. } => auth.len() > 7 && auth[..7].eq_ignore_ascii_case("bearer "),
            SecuritySchemeKind::MutualTls | SecuritySchemeKind::Other { .. } => true,
        }
    };
    if reqs.iter().any(|r| r.schemes.iter().all(|(k, _)| present(k))) {
        return Ok(());
    }
    let names: Vec<&str> = reqs.iter().flat_map(|r| r.schemes.iter().map(|(k, _)| k.as_str())).collect();
    let challenge = reqs[0]
        .schemes
        .iter()
        .find_map(|(k, _)| match spec.security_schemes.iter().find(|s| &s.key == k).map(|s| &s.kind) {
            Some(SecuritySchemeKind::Http { scheme, .. }) if scheme.eq_ignore_ascii_case("basic") => Some("Basic realm=\"sandbox\""),
            Some(SecuritySchemeKind::Http { .. } | SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. }) => Some("Bearer"),
            _ => None,
        })
        .unwrap_or("Bearer");
    Err(Problem::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Credentials required",
        format!("this operation needs credentials ({}); the sandbox accepts any value", names.join(" or ")),
    )
    .header(header::WWW_AUTHENTICATE, challenge))
}

/// Checks parameters: `params` from the path, `query` pairs, `headers`.
pub fn check_parameters(v: &Validator<'_>, op: &Operation, path: &[(String, String)], query: &[(String, String)], headers: &HeaderMap) -> Result<(), Problem> {
    let mut issues: Vec<Issue> = Vec::new();
    for p in &op.parameters {
        let (loc, raws): (&str, Vec<&str>) = match p.location {
            ParamLocation::Path => ("path", path.iter().filter(|(k, _)| *k == p.name).map(|(_, v)| v.as_str()).collect()),
            ParamLocation::Query => {
                ("query", query.iter().filter(|(k, _)| *k == p.name || k.strip_suffix("[]") == Some(&p.name)).map(|(_, v)| v.as_str()).collect())
            }
            ParamLocation::Header => ("header", headers.get_all(p.name.as_str()).iter().filter_map(|v| v.to_str().ok()).collect()),
            ParamLocation::Cookie => continue,
        };
        // The pointer is written only for a parameter that is wrong.
        let at = || format!("/{loc}/{}", escape_token(&p.name));
        if raws.is_empty() {
            if p.required {
                issues.push(Issue { pointer: at(), detail: "is required".into() });
            }
            continue;
        }
        let explode = p.explode.unwrap_or(p.location == ParamLocation::Query && p.style.as_deref().is_none_or(|s| s == "form"));
        let value = coerce(v, p.schema, &raws, explode);
        if let Some(id) = p.schema.filter(|id| !v.is_valid(*id, &value)) {
            issues.extend(v.validate(id, &value, &at(), MAX_ISSUES));
        }
        if issues.len() >= MAX_ISSUES {
            break;
        }
    }
    if issues.is_empty() {
        return Ok(());
    }
    Err(invalid(StatusCode::BAD_REQUEST, "Invalid parameters", issues))
}

fn invalid(status: StatusCode, title: &'static str, issues: Vec<Issue>) -> Problem {
    let first = issues.first().map(|i| format!("{}: {}", i.pointer, i.detail)).unwrap_or_default();
    let more = if issues.len() > 1 { format!(" (and {} more)", issues.len() - 1) } else { String::new() };
    Problem::new(status, "invalid-request", title, format!("{first}{more}")).with("errors", json!(issues))
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, `text/json`).
pub fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim();
    let is = |s: &str| m.eq_ignore_ascii_case(s);
    let suffix = m.len().checked_sub(5).is_some_and(|at| m.as_bytes()[at..].eq_ignore_ascii_case(b"+json"));
    is("application/json") || is("text/json") || suffix || is("*/*") || is("application/*")
}

/// Whether `declared` (possibly with wildcards) covers `actual`.
pub fn media_matches(declared: &str, actual: &str) -> bool {
    let d = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let a = actual.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if d == a || d == "*/*" {
        return true;
    }
    match (d.split_once('/'), a.split_once('/')) {
        (Some((dt, "*")), Some((at, _))) => dt == at,
        _ => false,
    }
}

/// Checks the body against the operation's request body.
pub fn check_body(v: &Validator<'_>, op: &Operation, headers: &HeaderMap, body: &[u8]) -> Result<(), Problem> {
    let Some(rb) = &op.request_body else { return Ok(()) };
    if body.is_empty() {
        if rb.required {
            return Err(invalid(StatusCode::BAD_REQUEST, "Missing body", vec![Issue { pointer: "/body".into(), detail: "a request body is required".into() }]));
        }
        return Ok(());
    }
    if rb.content.is_empty() {
        return Ok(());
    }
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("application/json");
    let Some(media) = rb.content.iter().find(|m| media_matches(&m.media_type, ct)) else {
        let declared: Vec<&str> = rb.content.iter().map(|m| m.media_type.as_str()).collect();
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            format!("the body is {ct}; this operation takes {}", declared.join(", ")),
        ));
    };
    let value = if is_json(ct) {
        match serde_json::from_slice::<Value>(body) {
            Ok(v) => v,
            Err(e) => {
                return Err(invalid(StatusCode::BAD_REQUEST, "Malformed body", vec![Issue { pointer: "/body".into(), detail: format!("not JSON: {e}") }]))
            }
        }
    } else if ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        form_object(v, media.schema, body)
    } else {
        // Multipart, XML, binary: the sandbox checks their presence, not their content.
        return Ok(());
    };
    let Some(id) = media.schema else { return Ok(()) };
    let issues = v.validate(id, &value, "/body", MAX_ISSUES);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(invalid(StatusCode::UNPROCESSABLE_ENTITY, "Invalid body", issues))
    }
}

fn form_object(v: &Validator<'_>, schema: Option<SchemaId>, body: &[u8]) -> Value {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let mut map = Map::new();
    let props = schema.map(|id| v.spec.schema(id).properties.clone()).unwrap_or_default();
    let mut names: Vec<&String> = pairs.iter().map(|(k, _)| k).collect();
    names.dedup();
    for name in names {
        let raws: Vec<&str> = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        let id = props.iter().find(|(n, _)| n == name).map(|(_, id)| *id);
        map.insert(name.clone(), coerce(v, id, &raws, true));
    }
    Value::Object(map)
}

#[cfg(test)]
mod media_tests {
    use super::is_json;

    #[test]
    fn json_media_types_are_recognised_in_any_case_and_others_are_not() {
        for m in
            ["application/json", "Application/JSON; charset=utf-8", "application/problem+json", "text/json", "application/vnd.api+JSON", "*/*", "application/*"]
        {
            assert!(is_json(m), "{m}");
        }
        for m in ["application/xml", "text/plain", "json", "", "application/jsonx", "x/ąąą", "ą"] {
            assert!(!is_json(m), "{m}");
        }
    }
}
