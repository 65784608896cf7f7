//! `spec/no-secrets`: no real tokens, keys or passwords in what gets published. Examples and
//! defaults are copied from real traffic more often than one would hope; once the catalog
//! publishes them, they are public. Looks at every `example`, `examples`, `default` and
//! `x-example*` value of the published document, and at server URLs with credentials.

use serde_json::Value;

use std::path::Path;

use super::source::{escape, locate, Source};
use crate::diag::Diagnostic;
use crate::model::ApiVersion;

const RULE: &str = "spec/no-secrets";
const HINT: &str = "replace it with a placeholder such as `<token>` or `***`; if it was a real credential, revoke it: it is in the git history";

pub(super) fn check(content: &Path, version: &ApiVersion, src: &mut Source<'_>, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    walk(&version.bundled, &mut String::new(), false, None, &mut found);
    if let Some(servers) = version.bundled.get("servers").and_then(Value::as_array) {
        for (i, s) in servers.iter().enumerate() {
            if let Some(url) = s.get("url").and_then(Value::as_str) {
                if url_has_password(url) {
                    found.push((format!("/servers/{i}/url"), "a server URL with a user name and password".to_string()));
                }
            }
        }
    }
    for (pointer, what) in found.into_iter().take(20) {
        let (file, pos) = locate(content, version, src, &pointer);
        out.push(Diagnostic::error(RULE, file, pos, format!("{what} in `{pointer}`")).with_hint(HINT));
    }
}

/// Keys under which values are examples or defaults.
fn is_example_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default") || key.starts_with("x-example")
}

/// `inside`: we are within an example or default value. `key`: the name this value goes by
/// (the key it sits under; for an example, the property or parameter it exemplifies).
fn walk(v: &Value, path: &mut String, inside: bool, key: Option<&str>, found: &mut Vec<(String, String)>) {
    if found.len() >= 20 {
        return;
    }
    match v {
        Value::String(s) if inside => {
            if let Some(what) = secret(key, s) {
                found.push((path.clone(), what));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                walk(item, path, inside, key, found);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            // A parameter's example is named by the parameter: `{name: api_key, example: …}`.
            let param_name = map.get("name").and_then(Value::as_str).filter(|_| map.contains_key("in"));
            for (k, child) in map {
                let len = path.len();
                path.push('/');
                path.push_str(&escape(k));
                if inside {
                    walk(child, path, true, Some(k), found);
                } else if is_example_key(k) && !matches!(key, Some("responses" | "properties" | "definitions" | "schemas")) {
                    // A schema's `default` is named by the property the schema describes.
                    walk(child, path, true, param_name.or(key), found);
                } else {
                    walk(child, path, false, Some(k), found);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Names of fields whose values are credentials: `password`, `client_secret`, `apiKey`,
/// `access_token`, `Authorization`… but not `next_page_token`, `batchToken` or `sessionId`,
/// which are opaque handles, not credentials.
fn sensitive_key(key: &str) -> bool {
    let k: String = key.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    const EXACT: &[&str] = &["token", "secret", "key", "apikey", "authorization", "auth", "credentials", "pin"];
    const ENDINGS: &[&str] = &[
        "password",
        "passwd",
        "haslo",
        "secret",
        "secretkey",
        "privatekey",
        "apikey",
        "accesskey",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "authtoken",
        "bearertoken",
        "sessiontoken",
        "apitoken",
        "securitytoken",
        "clientsecret",
        "apisecret",
        "signingkey",
        "encryptionkey",
    ];
    const HANDLES: &[&str] = &["next", "page", "continuation", "cursor", "batch", "version", "clone", "hashed", "sync", "public", "idempotency"];
    if HANDLES.iter().any(|h| k.contains(h)) {
        return false;
    }
    EXACT.contains(&k.as_str()) || ENDINGS.iter().any(|e| k.ends_with(e))
}

/// Obvious placeholders are fine: `<token>`, `xxx`, `***`, `your-api-key`, `{{token}}`, `...`.
fn placeholder(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    let markers = [
        "<",
        ">",
        "{",
        "}",
        "xxx",
        "***",
        "...",
        "…",
        "your",
        "twoj",
        "twój",
        "example",
        "przyklad",
        "przykład",
        "placeholder",
        "changeme",
        "dummy",
        "redacted",
        "sample",
        "token_here",
        "secret_here",
        "replace",
    ];
    if markers.iter().any(|m| l.contains(m)) {
        return true;
    }
    // One repeated character (`0000000000000000`, `aaaaaaaa`).
    let mut chars = l.chars().filter(|c| c.is_ascii_alphanumeric());
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

/// What kind of secret `s` looks like, if any.
fn secret(key: Option<&str>, s: &str) -> Option<String> {
    let t = s.trim();
    if t.len() < 8 || placeholder(t) {
        return None;
    }
    if t.contains("-----BEGIN") && t.contains("PRIVATE KEY") {
        return Some("a private key".into());
    }
    if let Some(jwt) = find_jwt(t) {
        // A made-up token for documentation signs with readable text (`c2lnbmF0dXJl` is
        // "signature"); a real signature is binary.
        let signature = jwt.rsplit('.').next().unwrap_or("");
        if placeholder(jwt) || decodes_to_text(signature) {
            return None;
        }
        return Some("a JSON Web Token".into());
    }
    if let Some(rest) = t.strip_prefix("Bearer ").or_else(|| t.strip_prefix("bearer ")) {
        if token_like(rest.trim(), 16) {
            return Some("a bearer token".into());
        }
    }
    if let Some(rest) = t.strip_prefix("Basic ") {
        if token_like(rest.trim(), 12) {
            return Some("HTTP basic credentials".into());
        }
    }
    if aws_key(t) {
        return Some("an AWS access key id".into());
    }
    for prefix in ["ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "sk_live_", "AIza", "glpat-"] {
        if t.starts_with(prefix) && token_like(&t[prefix.len()..], 16) {
            return Some("an access token".into());
        }
    }
    if url_has_password(t) {
        return Some("a URL with a user name and password".into());
    }
    if key.is_some_and(sensitive_key) && !t.contains(' ') && !t.starts_with('/') && !t.contains("://") && token_like(t, 16) && !decodes_to_text(t) {
        let k = key.unwrap_or_default();
        return Some(format!("what looks like a real value of `{k}`"));
    }
    None
}

/// A run of `eyJ…`.`…`.`…` (base64url of `{"`), the shape of a JWT.
fn find_jwt(s: &str) -> Option<&str> {
    let start = s.find("eyJ")?;
    let rest = &s[start..];
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(rest.len());
    let token = &rest[..end];
    let parts: Vec<&str> = token.split('.').collect();
    (parts.len() == 3 && parts[0].len() >= 10 && parts[1].len() >= 10).then_some(token)
}

/// Letters and digits (base64/hex alphabet), at least `min` long, with both letters and digits.
fn token_like(s: &str, min: usize) -> bool {
    s.len() >= min
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_' | '.'))
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_alphabetic())
}

fn aws_key(s: &str) -> bool {
    s.match_indices("AKIA").chain(s.match_indices("ASIA")).any(|(i, _)| {
        let tail = &s[i + 4..];
        tail.len() >= 16
            && tail[..16].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && tail[16..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// Base64 (standard or URL-safe) of readable ASCII text, like `bXlFbmNyeXB0ZWRUb2tlbg==`
/// ("myEncryptedToken"): an invented value, not a key.
fn decodes_to_text(s: &str) -> bool {
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut bytes = Vec::new();
    for c in s.trim_end_matches('=').chars() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '+' | '-' => 62,
            '/' | '_' => 63,
            _ => return false,
        };
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            bytes.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    bytes.len() >= 4 && bytes.iter().all(|b| (0x20..0x7f).contains(b))
}

/// `https://user:password@host/…`.
fn url_has_password(s: &str) -> bool {
    let Some((_, rest)) = s.split_once("://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((userinfo, _)) => userinfo.split_once(':').is_some_and(|(_, pw)| !pw.is_empty() && !placeholder(pw)),
        None => false,
    }
}

#[cfg(test)]
pub(super) fn secret_for_tests(key: Option<&str>, s: &str) -> Option<String> {
    secret(key, s)
}
