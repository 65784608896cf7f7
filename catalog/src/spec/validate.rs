//! A JSON value checked against a schema of the normalized model: what `spec/example-valid`
//! uses on examples and what the sandbox can use on requests and generated responses. Every
//! problem names the place in the value as a JSON pointer (`/items/0/nip`).
//!
//! It works on [`Spec::schemas`] rather than on the source document so that all three dialects
//! (2.0, 3.0 `nullable`, 3.1 type arrays) are checked the same way, with `$ref`s already
//! resolved. Recursive schemas are cycles in the arena: the walk follows the value, which is
//! finite, and a depth bound stops schema-only loops (`A: allOf: [A]`).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

use super::model::{Additional, Schema, SchemaId, Spec};

/// Which side of an exchange a value is on: `readOnly` properties are not expected in a
/// request, `writeOnly` ones not in a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A request body or parameter.
    Request,
    /// A response body or header.
    Response,
    /// Either (a schema's own `example`).
    Any,
}

/// One way a value does not match its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// JSON pointer to the offending part of the value (`""` is the value itself).
    pub pointer: String,
    /// The schema keyword that failed (`type`, `required`, `enum`, …).
    pub keyword: &'static str,
    /// What is wrong, in words.
    pub message: String,
}

/// A `pattern` as the regex its author meant: specs written by JavaScript people put regex
/// literals there (`/^[a-z]+$/i`); their delimiters are dropped and the `i` flag kept. The
/// sandbox reads patterns the same way, so the two never disagree about a value.
pub fn normalize_pattern(p: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if let Some(body) = p.strip_prefix('/') {
        if let Some(end) = body.rfind('/') {
            let flags = &body[end + 1..];
            if flags.chars().all(|c| "gimsuy".contains(c)) {
                let inner = &body[..end];
                return if flags.contains('i') { Cow::Owned(format!("(?i){inner}")) } else { Cow::Borrowed(inner) };
            }
        }
    }
    Cow::Borrowed(p)
}

/// Checks values against the schemas of one spec. Compiled `pattern`s are cached, so keep one
/// validator per spec.
pub struct Validator<'s> {
    spec: &'s Spec,
    direction: Direction,
    max_issues: usize,
    patterns: Mutex<HashMap<String, Option<regex::Regex>>>,
}

/// Issues collected for one run, up to a limit.
struct Sink {
    issues: Vec<Issue>,
    limit: usize,
}

impl Sink {
    fn full(&self) -> bool {
        self.issues.len() >= self.limit
    }
}

/// Deepest nesting of schemas followed for one value before giving up (schema-only cycles).
const MAX_DEPTH: usize = 256;

impl<'s> Validator<'s> {
    /// A validator for `spec`, reporting at most 50 issues per value.
    pub fn new(spec: &'s Spec, direction: Direction) -> Self {
        Validator { spec, direction, max_issues: 50, patterns: Mutex::new(HashMap::new()) }
    }

    /// The same validator with another bound on the number of issues reported per value.
    pub fn with_max_issues(mut self, max: usize) -> Self {
        self.max_issues = max.max(1);
        self
    }

    /// Every way `value` fails `schema` (empty when it matches).
    pub fn validate(&self, schema: SchemaId, value: &Value) -> Vec<Issue> {
        let mut out = Sink { issues: Vec::new(), limit: self.max_issues };
        self.check(schema, value, &mut String::new(), &mut out, 0);
        out.issues
    }

    /// Whether `value` matches `schema`.
    pub fn is_valid(&self, schema: SchemaId, value: &Value) -> bool {
        self.passes(schema, value, 0)
    }

    fn issue(&self, out: &mut Sink, path: &str, keyword: &'static str, message: String) {
        if out.issues.len() < out.limit {
            out.issues.push(Issue { pointer: path.to_string(), keyword, message });
        }
    }

    fn check(&self, id: SchemaId, value: &Value, path: &mut String, out: &mut Sink, depth: usize) {
        if depth > MAX_DEPTH || out.full() {
            return;
        }
        let Some(s) = self.spec.schemas.get(id.0 as usize) else { return };
        if s.unresolved_ref.is_some() {
            return;
        }
        if !s.types.is_empty() && !s.types.iter().any(|t| type_matches(t, value)) {
            let expected = s.types.join(" or ");
            self.issue(out, path, "type", format!("expected {expected}, found {}", describe(value)));
            // Nothing else about the value can be said usefully once its type is wrong.
            return;
        }
        if let Some(c) = &s.const_value {
            if !json_eq(c, value) {
                self.issue(out, path, "const", format!("must be {}", short(c)));
            }
        }
        if !s.enum_values.is_empty() && !s.enum_values.iter().any(|e| json_eq(e, value)) {
            // `nullable` in 3.0 lets null through even when the enum does not list it.
            if !(value.is_null() && s.types.iter().any(|t| t == "null")) {
                let options: Vec<String> = s.enum_values.iter().take(10).map(short).collect();
                let more = if s.enum_values.len() > 10 { ", …" } else { "" };
                self.issue(out, path, "enum", format!("{} is not one of {}{more}", short(value), options.join(", ")));
            }
        }
        match value {
            Value::Number(n) => self.number(s, n, path, out),
            Value::String(text) => self.string(s, text, path, out),
            Value::Array(items) => self.array(s, items, path, out, depth),
            Value::Object(map) => self.object(s, map, path, out, depth),
            _ => {}
        }
        for &sub in &s.all_of {
            self.check(sub, value, path, out, depth + 1);
        }
        if !s.any_of.is_empty() && !s.any_of.iter().any(|&sub| self.passes(sub, value, depth)) {
            self.branches(s, &s.any_of, "anyOf", value, path, out, depth);
        }
        if !s.one_of.is_empty() {
            let matching = s.one_of.iter().filter(|&&sub| self.passes(sub, value, depth)).count();
            if matching == 0 {
                self.branches(s, &s.one_of, "oneOf", value, path, out, depth);
            } else if matching > 1 && s.discriminator.is_none() {
                self.issue(out, path, "oneOf", format!("matches {matching} of the `oneOf` schemas; exactly one must match"));
            }
        }
        if let Some(not) = s.not {
            if self.passes(not, value, depth) {
                self.issue(out, path, "not", "matches the schema under `not`".to_string());
            }
        }
    }

    fn passes(&self, id: SchemaId, value: &Value, depth: usize) -> bool {
        let mut scratch = Sink { issues: Vec::new(), limit: 1 };
        self.check(id, value, &mut String::new(), &mut scratch, depth + 1);
        scratch.issues.is_empty()
    }

    /// No branch of a `oneOf`/`anyOf` matched: report the branch the discriminator names, or
    /// the one that came closest (fewest issues), so the message points at a real mistake.
    #[allow(clippy::too_many_arguments)]
    fn branches(&self, s: &Schema, list: &[SchemaId], keyword: &'static str, value: &Value, path: &mut String, out: &mut Sink, depth: usize) {
        if let (Some(d), Value::Object(map)) = (&s.discriminator, value) {
            if let Some(tag) = map.get(&d.property_name).and_then(Value::as_str) {
                let target =
                    d.mapping.iter().find(|(k, _)| k == tag).map(|(_, v)| v.rsplit('/').next().unwrap_or(v).to_string()).unwrap_or_else(|| tag.to_string());
                if let Some(&sub) = list.iter().find(|&&sub| self.spec.schema(sub).name.as_deref() == Some(target.as_str())) {
                    self.check(sub, value, path, out, depth + 1);
                    return;
                }
            }
        }
        let mut best: Option<Vec<Issue>> = None;
        for &sub in list {
            let mut attempt = Sink { issues: Vec::new(), limit: out.limit };
            let mut p = path.clone();
            self.check(sub, value, &mut p, &mut attempt, depth + 1);
            let attempt = attempt.issues;
            // A type mismatch at the top means the branch is not even the right kind of value.
            let score = |v: &Vec<Issue>| (v.iter().any(|i| i.keyword == "type" && i.pointer == *path), v.len());
            if best.as_ref().is_none_or(|b| score(&attempt) < score(b)) {
                best = Some(attempt);
            }
        }
        match best {
            Some(issues) if !issues.is_empty() && list.len() > 1 => {
                let n = list.len();
                self.issue(out, path, keyword, format!("matches none of the {n} `{keyword}` schemas; the closest fails with:"));
                for i in issues {
                    self.issue(out, &i.pointer, i.keyword, i.message);
                }
            }
            Some(issues) => {
                for i in issues {
                    self.issue(out, &i.pointer, i.keyword, i.message);
                }
            }
            None => {}
        }
    }

    fn number(&self, s: &Schema, n: &serde_json::Number, path: &str, out: &mut Sink) {
        let Some(x) = n.as_f64() else { return };
        if let Some(min) = s.minimum {
            if x < min {
                self.issue(out, path, "minimum", format!("{n} is less than the minimum {}", num(min)));
            }
        }
        if let Some(max) = s.maximum {
            if x > max {
                self.issue(out, path, "maximum", format!("{n} is greater than the maximum {}", num(max)));
            }
        }
        if let Some(min) = s.exclusive_minimum {
            if x <= min {
                self.issue(out, path, "exclusiveMinimum", format!("{n} must be greater than {}", num(min)));
            }
        }
        if let Some(max) = s.exclusive_maximum {
            if x >= max {
                self.issue(out, path, "exclusiveMaximum", format!("{n} must be less than {}", num(max)));
            }
        }
        if let Some(m) = s.multiple_of {
            if m > 0.0 {
                let q = x / m;
                if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                    self.issue(out, path, "multipleOf", format!("{n} is not a multiple of {}", num(m)));
                }
            }
        }
    }

    fn string(&self, s: &Schema, text: &str, path: &str, out: &mut Sink) {
        let len = text.chars().count() as u64;
        if let Some(min) = s.min_length {
            if len < min {
                self.issue(out, path, "minLength", format!("{} is shorter than {min} characters", short_str(text)));
            }
        }
        if let Some(max) = s.max_length {
            if len > max {
                self.issue(out, path, "maxLength", format!("{} is longer than {max} characters", short_str(text)));
            }
        }
        if let Some(p) = &s.pattern {
            if let Some(false) = self.pattern_matches(p, text) {
                self.issue(out, path, "pattern", format!("{} does not match the pattern `{p}`", short_str(text)));
            }
        }
        if let Some(f) = &s.format {
            if let Some(expected) = format_mismatch(f, text) {
                self.issue(out, path, "format", format!("{} is not {expected} (format `{f}`)", short_str(text)));
            }
        }
    }

    /// `None` when the pattern is not one the regex engine understands (ECMA look-arounds…):
    /// such patterns are not checked rather than reported falsely.
    fn pattern_matches(&self, pattern: &str, text: &str) -> Option<bool> {
        let mut cache = self.patterns.lock().unwrap_or_else(|e| e.into_inner());
        let re = cache.entry(pattern.to_string()).or_insert_with(|| regex::RegexBuilder::new(&normalize_pattern(pattern)).size_limit(1 << 20).build().ok());
        re.as_ref().map(|re| re.is_match(text))
    }

    fn array(&self, s: &Schema, items: &[Value], path: &mut String, out: &mut Sink, depth: usize) {
        let n = items.len() as u64;
        if let Some(min) = s.min_items {
            if n < min {
                self.issue(out, path, "minItems", format!("has {n} items, fewer than {min}"));
            }
        }
        if let Some(max) = s.max_items {
            if n > max {
                self.issue(out, path, "maxItems", format!("has {n} items, more than {max}"));
            }
        }
        if s.unique_items {
            for (i, a) in items.iter().enumerate() {
                if items[..i].iter().any(|b| json_eq(a, b)) {
                    self.issue(out, path, "uniqueItems", format!("item {i} repeats an earlier item"));
                    break;
                }
            }
        }
        for (i, item) in items.iter().enumerate() {
            let sub = s.prefix_items.get(i).copied().or(s.items);
            if let Some(sub) = sub {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                self.check(sub, item, path, out, depth + 1);
                path.truncate(len);
            }
        }
    }

    fn object(&self, s: &Schema, map: &serde_json::Map<String, Value>, path: &mut String, out: &mut Sink, depth: usize) {
        for name in &s.required {
            if map.contains_key(name) {
                continue;
            }
            let prop = s.properties.iter().find(|(n, _)| n == name).map(|(_, id)| self.spec.schema(*id));
            let skipped = match (self.direction, prop) {
                (Direction::Request, Some(p)) => p.read_only,
                (Direction::Response, Some(p)) => p.write_only,
                // A schema's own example may show either side.
                (Direction::Any, Some(p)) => p.read_only || p.write_only,
                _ => false,
            };
            if !skipped {
                self.issue(out, path, "required", format!("the required property `{name}` is missing"));
            }
        }
        let n = map.len() as u64;
        if let Some(min) = s.min_properties {
            if n < min {
                self.issue(out, path, "minProperties", format!("has {n} properties, fewer than {min}"));
            }
        }
        if let Some(max) = s.max_properties {
            if n > max {
                self.issue(out, path, "maxProperties", format!("has {n} properties, more than {max}"));
            }
        }
        for (key, v) in map {
            let len = path.len();
            path.push('/');
            path.push_str(&key.replace('~', "~0").replace('/', "~1"));
            match s.properties.iter().find(|(n, _)| n == key) {
                Some((_, sub)) => self.check(*sub, v, path, out, depth + 1),
                None => match &s.additional_properties {
                    Some(Additional::Allowed(false)) => {
                        let known: Vec<&str> = s.properties.iter().map(|(n, _)| n.as_str()).take(12).collect();
                        let hint = if known.is_empty() { String::new() } else { format!(" (known: {})", known.join(", ")) };
                        self.issue(out, path, "additionalProperties", format!("the property `{key}` is not allowed{hint}"));
                    }
                    Some(Additional::Schema(sub)) => self.check(*sub, v, path, out, depth + 1),
                    _ => {}
                },
            }
            path.truncate(len);
        }
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => match v {
            Value::Number(n) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.is_finite()),
            _ => false,
        },
        // 2.0 `type: file` and anything unknown: not ours to judge.
        _ => true,
    }
}

/// Equality as JSON Schema means it: `1` equals `1.0`.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w))),
        _ => a == b,
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {}", short_str(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => short_str(s),
        Value::Array(_) => "[…]".into(),
        Value::Object(_) => "{…}".into(),
        other => other.to_string(),
    }
}

fn short_str(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("\"{}…\"", s.chars().take(40).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The formats worth checking in examples; `None` when `text` fits (or the format is unknown).
fn format_mismatch(format: &str, text: &str) -> Option<&'static str> {
    let ok = match format {
        "date" => is_date(text),
        "date-time" => is_date_time(text),
        "email" => is_email(text),
        "uuid" => is_uuid(text),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" | "url" => is_uri(text),
        _ => return None,
    };
    if ok {
        return None;
    }
    Some(match format {
        "date" => "a date (YYYY-MM-DD)",
        "date-time" => "a date-time (RFC 3339, e.g. 2025-01-31T12:00:00Z)",
        "email" => "an e-mail address",
        "uuid" => "a UUID",
        "ipv4" => "an IPv4 address",
        "ipv6" => "an IPv6 address",
        _ => "an absolute URI",
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    crate::model::Date::parse(s).is_some()
}

fn is_date_time(s: &str) -> bool {
    s.len() >= 20 && is_date(&s[..10]) && matches!(s.as_bytes()[10], b'T' | b't' | b' ') && {
        time::OffsetDateTime::parse(&s.replacen(' ', "T", 1), &time::format_description::well_known::Rfc3339).is_ok()
    }
}

fn is_email(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.starts_with('.') && !domain.ends_with('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36 && b.iter().enumerate().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !rest.is_empty()
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
