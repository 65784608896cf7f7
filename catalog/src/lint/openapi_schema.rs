//! `spec/openapi-schema`: the published document checked against the official OpenAPI JSON
//! Schema of its version (2.0, 3.0, 3.1; the schemas are embedded, nothing is fetched). The
//! reader is lenient so that real specs still render; this rule says strictly what a spec gets
//! wrong, each finding placed in the source through its JSON pointer.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::source::{locate, Source};
use crate::diag::Diagnostic;
use crate::model::ApiVersion;
use crate::spec::Dialect;

const RULE: &str = "spec/openapi-schema";

/// Most findings reported for one spec; the rest are counted.
const MAX_REPORTED: usize = 20;

static SCHEMAS: [OnceLock<Option<Validator>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// The compiled official schema of a dialect (compiled once per process).
fn validator(dialect: Dialect) -> Option<&'static Validator> {
    let (slot, text, draft) = match dialect {
        Dialect::Swagger2 => (&SCHEMAS[0], include_str!("../../schemas/openapi-2.0.json"), jsonschema::Draft::Draft4),
        Dialect::OpenApi30 => (&SCHEMAS[1], include_str!("../../schemas/openapi-3.0.json"), jsonschema::Draft::Draft4),
        Dialect::OpenApi31 => (&SCHEMAS[2], include_str!("../../schemas/openapi-3.1.json"), jsonschema::Draft::Draft202012),
    };
    slot.get_or_init(|| {
        let schema: Value = serde_json::from_str(text).ok()?;
        jsonschema::options().with_draft(draft).should_validate_formats(false).build(&schema).ok()
    })
    .as_ref()
}

/// One finding: where in the document, and what.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    pointer: String,
    /// The finding is about a key (an unknown field): place it on the key.
    on_key: bool,
    message: String,
    hint: Option<String>,
}

pub(super) fn check(content: &Path, version: &ApiVersion, src: &mut Source<'_>, out: &mut Vec<Diagnostic>) {
    // 3.2 is read as 3.1 by the reader (with a warning); its schema is not ours to apply.
    if version.spec.spec_version.starts_with("3.2") {
        return;
    }
    let Some(validator) = validator(version.spec.dialect) else { return };
    let doc = &version.bundled;
    if validator.is_valid(doc) {
        return;
    }
    let mut findings = BTreeSet::new();
    for error in validator.iter_errors(doc) {
        leaves(&error, &mut findings, 0);
    }
    let total = findings.len();
    let label = match version.spec.dialect {
        Dialect::Swagger2 => "Swagger 2.0",
        Dialect::OpenApi30 => "OpenAPI 3.0",
        Dialect::OpenApi31 => "OpenAPI 3.1",
    };
    for f in findings.into_iter().take(MAX_REPORTED) {
        let (file, pos) = locate(content, version, src, &f.pointer);
        let pos = if f.on_key && file == src.rel { src.key_pos(&f.pointer) } else { pos };
        let at = if f.pointer.is_empty() { "the document".to_string() } else { format!("`{}`", f.pointer) };
        let mut d = Diagnostic::error(RULE, file, pos, format!("{at}: {} ({label} schema)", f.message));
        d.hint = f.hint;
        out.push(d);
    }
    if total > MAX_REPORTED {
        out.push(
            Diagnostic::error(RULE, src.rel, None, format!("{} more problems against the {label} schema are not shown", total - MAX_REPORTED))
                .with_hint("fix the ones above and run `katalog check` again"),
        );
    }
}

/// Turns one error into findings. A failed `oneOf`/`anyOf` (in the OpenAPI schemas usually
/// "a Schema Object or a Reference Object") says nothing useful by itself: descend into the
/// branch that came closest, the one whose errors reach deepest into the document.
fn leaves(error: &ValidationError<'_>, out: &mut BTreeSet<Finding>, depth: usize) {
    let pointer = error.instance_path().as_str().to_string();
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } if depth < 16 => {
            let best = context.iter().filter(|branch| !branch.is_empty()).max_by_key(|branch| {
                let deepest = branch.iter().map(|e| e.instance_path().as_str().matches('/').count()).max().unwrap_or(0);
                // The Reference Object branch ("`$ref` is missing") is never what the author meant
                // unless nothing else is left; then deeper is closer, and fewer complaints.
                let wants_ref = branch.iter().any(|e| matches!(e.kind(), ValidationErrorKind::Required { property } if property.as_str() == Some("$ref")));
                (!wants_ref, deepest, std::cmp::Reverse(branch.len()))
            });
            match best {
                Some(branch) => {
                    for e in branch {
                        leaves(e, out, depth + 1);
                    }
                }
                None => {
                    out.insert(Finding { pointer, on_key: false, message: "does not match any of the allowed shapes".into(), hint: None });
                }
            }
        }
        kind => {
            if let Some(f) = describe(kind, error.instance(), pointer) {
                out.insert(f);
            }
        }
    }
}

fn describe(kind: &ValidationErrorKind, instance: &Value, pointer: String) -> Option<Finding> {
    let f = |message: String, hint: Option<&str>| Finding { pointer: pointer.clone(), on_key: false, message, hint: hint.map(str::to_string) };
    Some(match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            // One finding per unknown key, placed on the key.
            let key = unexpected.first()?;
            let names: Vec<String> = unexpected.iter().map(|k| format!("`{k}`")).collect();
            let (what, hint) = if unexpected.iter().all(|k| k.starts_with('/')) || pointer.ends_with("/paths") {
                ("is not a valid path", "paths must start with `/`")
            } else {
                ("is not a field allowed here", "check the spelling against the OpenAPI specification; custom fields must start with `x-`")
            };
            let message = if names.len() == 1 { format!("{} {what}", names[0]) } else { format!("{} are not fields allowed here", names.join(", ")) };
            let mut p = pointer.clone();
            p.push('/');
            p.push_str(&super::source::escape(key));
            Finding { pointer: p, on_key: true, message, hint: Some(hint.to_string()) }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().map(str::to_string).unwrap_or_else(|| property.to_string());
            f(format!("the required field `{name}` is missing"), Some("add the field; the OpenAPI specification requires it here"))
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
            };
            f(format!("must be {expected}, not {}", json_kind(instance)), None)
        }
        ValidationErrorKind::Enum { options } => f(format!("{} is not one of {}", short(instance), short(options)), None),
        ValidationErrorKind::Pattern { pattern } => f(format!("{} does not match `{pattern}`", short(instance)), None),
        ValidationErrorKind::Format { format } => f(format!("{} is not a valid `{format}`", short(instance)), None),
        ValidationErrorKind::FalseSchema => f("is not allowed here".into(), None),
        ValidationErrorKind::MinItems { limit } => f(format!("needs at least {limit} item(s)"), None),
        ValidationErrorKind::MinProperties { limit } => f(format!("needs at least {limit} field(s)"), None),
        ValidationErrorKind::UniqueItems => f("has repeated items".into(), None),
        ValidationErrorKind::Not { .. } => f("has a combination of fields that is not allowed (e.g. both `example` and `examples`)".into(), None),
        ValidationErrorKind::OneOfMultipleValid { .. } => f("matches more than one of the allowed shapes".into(), None),
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. } => f("does not match any of the allowed shapes".into(), None),
        ValidationErrorKind::Referencing(_) => return None,
        _ => {
            let text = error_text(kind);
            f(text, None)
        }
    })
}

fn error_text(kind: &ValidationErrorKind) -> String {
    let s = format!("{kind:?}");
    if s.chars().count() > 160 {
        s.chars().take(160).collect::<String>() + "…"
    } else {
        s
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        s.chars().take(80).collect::<String>() + "…"
    } else {
        s
    }
}
