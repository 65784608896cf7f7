//! Validating JSON values against the schemas of the normalized model: requests coming into the
//! sandbox, and — the same code — the sandbox's own generated responses in tests. Errors carry a
//! JSON pointer into what the client sent (`/body/items/0/nip`).

use std::borrow::Cow;
use std::sync::OnceLock;

use catalog::spec::{Additional, Schema, SchemaId, Spec};
use regex::Regex;
use serde_json::Value;

use super::pl;

/// Which way a value travels: `readOnly` properties are not required in requests, `writeOnly`
/// ones not in responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Client to server.
    Request,
    /// Server to client.
    Response,
}

/// One thing wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    /// JSON pointer to the offending value.
    pub pointer: String,
    /// What is wrong.
    pub detail: String,
}

/// `pattern`s compiled once, on first use (a spec with thousands of schemas starts fast).
#[derive(Debug, Default)]
pub struct Patterns {
    cells: Vec<OnceLock<(String, Option<Regex>)>>,
}

impl Patterns {
    /// One cell per schema of `spec`.
    pub fn new(spec: &Spec) -> Patterns {
        Patterns { cells: (0..spec.schemas.len()).map(|_| OnceLock::new()).collect() }
    }

    /// The compiled `pattern` of schema `id`; `None` when it has none or it does not compile
    /// (ECMA-only syntax such as look-around: then the pattern is not enforced).
    pub fn get(&self, id: SchemaId, pattern: &str) -> Option<Cow<'_, Regex>> {
        let compile = || regex::RegexBuilder::new(&normalize_pattern(pattern)).size_limit(1 << 20).dfa_size_limit(1 << 20).build().ok();
        let Some(cell) = self.cells.get(id.0 as usize) else { return compile().map(Cow::Owned) };
        let (p, re) = cell.get_or_init(|| (pattern.to_string(), compile()));
        // A merged allOf schema may ask under a member's id for another pattern: compile it apart.
        if p == pattern {
            re.as_ref().map(Cow::Borrowed)
        } else {
            compile().map(Cow::Owned)
        }
    }
}

pub use catalog::spec::validate::normalize_pattern;

/// Escapes one reference token of a JSON pointer.
pub fn escape_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

const MAX_DEPTH: usize = 64;

/// Validates values against one spec's schemas.
#[derive(Clone, Copy)]
pub struct Validator<'a> {
    /// The spec.
    pub spec: &'a Spec,
    /// Its compiled patterns.
    pub patterns: &'a Patterns,
    /// Which way values travel.
    pub direction: Direction,
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w))),
        _ => a == b,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match (t, v) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
        ("array", Value::Array(_)) | ("object", Value::Object(_)) | ("number", Value::Number(_)) => true,
        // Swagger 2.0's `file`: any bytes, which JSON can only show as a string.
        ("file", Value::String(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

/// Whether `s` is valid for `format` (formats we do not know pass).
pub fn format_ok(format: &str, s: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    match format {
        "date" => time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok(),
        "date-time" => time::OffsetDateTime::parse(s, &Rfc3339).is_ok(),
        "email" => s
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.') && !s.contains(char::is_whitespace) && !d.contains('@')),
        "uuid" => {
            let b = s.as_bytes();
            b.len() == 36 && b.iter().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { *c == b'-' } else { c.is_ascii_hexdigit() })
        }
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" | "url" => {
            s.split_once(':').is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)))
        }
        "pesel" => pl::pesel_valid(s),
        "nip" => pl::nip_valid(s),
        "regon" => pl::regon_valid(s),
        "krs" => pl::krs_valid(s),
        "nrb" => pl::iban_valid(s),
        "iban" => iban_generic(s),
        "vin" => pl::vin_valid(s),
        _ => true,
    }
}

/// Any country's IBAN by ISO 13616 mod-97.
fn iban_generic(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() < 15 || s.len() > 34 || !s.is_ascii() {
        return false;
    }
    let (head, tail) = s.split_at(4);
    let mut acc: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        let digits = if v >= 10 { 2 } else { 1 };
        acc = (acc * 10u32.pow(digits) + v) % 97;
    }
    acc == 1
}

impl<'a> Validator<'a> {
    /// Every problem of `value` against schema `id`, pointers starting with `at` (at most `limit`).
    pub fn validate(&self, id: SchemaId, value: &Value, at: &str, limit: usize) -> Vec<Issue> {
        let mut out = Vec::new();
        let mut ptr = at.to_string();
        self.check(id, value, &mut ptr, 0, &mut out, limit.max(1));
        out
    }

    /// Whether `value` is valid against `id`.
    pub fn is_valid(&self, id: SchemaId, value: &Value) -> bool {
        let mut out = Vec::new();
        self.check(id, value, &mut String::new(), 0, &mut out, 1);
        out.is_empty()
    }

    /// Whether `text` satisfies the string keywords of `s` (a schema derived from `id`, e.g. with
    /// its allOf members merged in).
    pub fn string_ok(&self, id: SchemaId, s: &Schema, text: &str) -> bool {
        let mut out = Vec::new();
        self.check_string(id, s, text, "", &mut out);
        out.is_empty()
    }

    fn issue(out: &mut Vec<Issue>, ptr: &str, detail: String) {
        out.push(Issue { pointer: ptr.to_string(), detail });
    }

    fn check(&self, id: SchemaId, v: &Value, ptr: &mut String, depth: usize, out: &mut Vec<Issue>, limit: usize) {
        if out.len() >= limit || depth > MAX_DEPTH {
            return;
        }
        let Some(s) = self.spec.schemas.get(id.0 as usize) else { return };
        if s.unresolved_ref.is_some() {
            return;
        }
        let nullable = s.types.iter().any(|t| t == "null");
        if v.is_null() && nullable {
            return;
        }
        if !s.types.is_empty() && !s.types.iter().any(|t| has_type(v, t)) {
            let want = s.types.join(" or ");
            return Self::issue(out, ptr, format!("expected {want}, got {}", type_name(v)));
        }
        if let Some(c) = &s.const_value {
            if !json_eq(c, v) {
                return Self::issue(out, ptr, format!("must be {c}"));
            }
        }
        if !s.enum_values.is_empty() && !s.enum_values.iter().any(|e| json_eq(e, v)) {
            let list: Vec<String> = s.enum_values.iter().take(10).map(|e| e.to_string()).collect();
            return Self::issue(out, ptr, format!("must be one of {}", list.join(", ")));
        }
        match v {
            Value::Number(n) => self.check_number(s, n.as_f64().unwrap_or(0.0), ptr, out),
            Value::String(text) => self.check_string(id, s, text, ptr, out),
            Value::Array(items) => self.check_array(s, items, ptr, depth, out, limit),
            Value::Object(map) => self.check_object(s, map, ptr, depth, out, limit),
            _ => {}
        }
        self.check_combinators(s, v, ptr, depth, out, limit);
    }

    fn check_number(&self, s: &Schema, x: f64, ptr: &str, out: &mut Vec<Issue>) {
        if let Some(m) = s.minimum.filter(|m| x < *m) {
            Self::issue(out, ptr, format!("must be at least {m}"));
        }
        if let Some(m) = s.maximum.filter(|m| x > *m) {
            Self::issue(out, ptr, format!("must be at most {m}"));
        }
        if let Some(m) = s.exclusive_minimum.filter(|m| x <= *m) {
            Self::issue(out, ptr, format!("must be greater than {m}"));
        }
        if let Some(m) = s.exclusive_maximum.filter(|m| x >= *m) {
            Self::issue(out, ptr, format!("must be less than {m}"));
        }
        if let Some(m) = s.multiple_of.filter(|m| *m > 0.0) {
            let q = x / m;
            if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                Self::issue(out, ptr, format!("must be a multiple of {m}"));
            }
        }
    }

    fn check_string(&self, id: SchemaId, s: &Schema, text: &str, ptr: &str, out: &mut Vec<Issue>) {
        let needs_len = s.min_length.is_some() || s.max_length.is_some();
        let len = if needs_len { text.chars().count() as u64 } else { 0 };
        if let Some(m) = s.min_length.filter(|m| len < *m) {
            Self::issue(out, ptr, format!("must be at least {m} characters long"));
        }
        if let Some(m) = s.max_length.filter(|m| len > *m) {
            Self::issue(out, ptr, format!("must be at most {m} characters long"));
        }
        if let Some(p) = &s.pattern {
            if let Some(re) = self.patterns.get(id, p) {
                if !re.is_match(text) {
                    Self::issue(out, ptr, format!("must match the pattern {p}"));
                }
            }
        }
        if let Some(f) = &s.format {
            if !format_ok(f, text) {
                Self::issue(out, ptr, format!("is not a valid {f}"));
            }
        }
    }

    fn check_array(&self, s: &Schema, items: &[Value], ptr: &mut String, depth: usize, out: &mut Vec<Issue>, limit: usize) {
        let n = items.len() as u64;
        if let Some(m) = s.min_items.filter(|m| n < *m) {
            Self::issue(out, ptr, format!("must have at least {m} items"));
        }
        if let Some(m) = s.max_items.filter(|m| n > *m) {
            Self::issue(out, ptr, format!("must have at most {m} items"));
        }
        if s.unique_items {
            'outer: for (i, a) in items.iter().enumerate() {
                for b in &items[i + 1..] {
                    if json_eq(a, b) {
                        Self::issue(out, ptr, "items must be unique".to_string());
                        break 'outer;
                    }
                }
            }
        }
        for (i, item) in items.iter().enumerate() {
            let schema = s.prefix_items.get(i).copied().or(s.items);
            if let Some(sid) = schema {
                let mark = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                self.check(sid, item, ptr, depth + 1, out, limit);
                ptr.truncate(mark);
            }
        }
    }

    fn check_object(&self, s: &Schema, map: &serde_json::Map<String, Value>, ptr: &mut String, depth: usize, out: &mut Vec<Issue>, limit: usize) {
        for name in &s.required {
            if map.contains_key(name) {
                continue;
            }
            let prop = s.properties.iter().find(|(n, _)| n == name).map(|(_, id)| self.spec.schema(*id));
            let exempt = prop.is_some_and(|p| match self.direction {
                Direction::Request => p.read_only,
                Direction::Response => p.write_only,
            });
            if !exempt {
                Self::issue(out, &format!("{ptr}/{}", escape_token(name)), "is required".to_string());
            }
        }
        let n = map.len() as u64;
        if let Some(m) = s.min_properties.filter(|m| n < *m) {
            Self::issue(out, ptr, format!("must have at least {m} properties"));
        }
        if let Some(m) = s.max_properties.filter(|m| n > *m) {
            Self::issue(out, ptr, format!("must have at most {m} properties"));
        }
        for (key, val) in map {
            if out.len() >= limit {
                return;
            }
            let mark = ptr.len();
            ptr.push('/');
            ptr.push_str(&escape_token(key));
            match s.properties.iter().find(|(n, _)| n == key) {
                Some((_, pid)) => self.check(*pid, val, ptr, depth + 1, out, limit),
                None => match &s.additional_properties {
                    Some(Additional::Allowed(false)) => Self::issue(out, ptr, "is not allowed here".to_string()),
                    Some(Additional::Schema(aid)) => self.check(*aid, val, ptr, depth + 1, out, limit),
                    _ => {}
                },
            }
            ptr.truncate(mark);
        }
    }

    fn check_combinators(&self, s: &Schema, v: &Value, ptr: &mut String, depth: usize, out: &mut Vec<Issue>, limit: usize) {
        for sid in &s.all_of {
            self.check(*sid, v, ptr, depth + 1, out, limit);
        }
        if !s.any_of.is_empty() && !s.any_of.iter().any(|b| self.branch_ok(*b, v, depth)) {
            self.explain_branches(&s.any_of, v, ptr, depth, out, limit, "must match at least one of the alternatives (anyOf)");
        }
        if !s.one_of.is_empty() {
            if let Some(sid) = self.discriminated(s, v) {
                return self.check(sid, v, ptr, depth + 1, out, limit);
            }
            let matching = s.one_of.iter().filter(|b| self.branch_ok(**b, v, depth)).count();
            if matching == 0 {
                self.explain_branches(&s.one_of, v, ptr, depth, out, limit, "must match exactly one of the alternatives (oneOf)");
            } else if matching > 1 {
                Self::issue(out, ptr, format!("matches {matching} alternatives of a oneOf; exactly one is allowed"));
            }
        }
        if let Some(not) = s.not {
            if self.branch_ok(not, v, depth) {
                Self::issue(out, ptr, "must not match the schema under `not`".to_string());
            }
        }
    }

    /// With a single failing alternative the client sees its real errors; with several, one line.
    #[allow(clippy::too_many_arguments)]
    fn explain_branches(&self, branches: &[SchemaId], v: &Value, ptr: &mut String, depth: usize, out: &mut Vec<Issue>, limit: usize, what: &str) {
        if branches.len() == 1 {
            self.check(branches[0], v, ptr, depth + 1, out, limit);
        } else {
            Self::issue(out, ptr, what.to_string());
        }
    }

    fn branch_ok(&self, id: SchemaId, v: &Value, depth: usize) -> bool {
        let mut out = Vec::new();
        self.check(id, v, &mut String::new(), depth + 1, &mut out, 1);
        out.is_empty()
    }

    /// The alternative a discriminator names, when the value carries it.
    pub fn discriminated(&self, s: &Schema, v: &Value) -> Option<SchemaId> {
        let d = s.discriminator.as_ref()?;
        let tag = v.get(&d.property_name)?.as_str()?;
        let target = d.mapping.iter().find(|(k, _)| k == tag).map(|(_, r)| r.rsplit('/').next().unwrap_or(r)).unwrap_or(tag);
        s.one_of.iter().copied().find(|b| self.spec.schema(*b).name.as_deref() == Some(target))
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
