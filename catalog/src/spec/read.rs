//! Reading one spec file: within the size limit, as UTF-8, into a positioned tree (every
//! problem a diagnostic with its position), and telling which OpenAPI dialect a root document is.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::model::Dialect;
use crate::diag::Diagnostic;
use crate::doc::{self, DocError, Node, Pos};

/// Reads and parses `path`; `display` names it in diagnostics.
pub(super) fn read(path: &Path, display: &str, max_bytes: u64, limits: doc::Limits) -> Result<Node, Diagnostic> {
    let unreadable = |e: std::io::Error| {
        let rule = if e.kind() == std::io::ErrorKind::NotFound { "spec/not-found" } else { "spec/unreadable" };
        Diagnostic::error(rule, display, None, format!("cannot read the file: {e}"))
    };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Diagnostic::error("spec/unreadable", display, None, "not a regular file"));
    }
    if meta.len() > max_bytes {
        return Err(too_large(display, meta.len(), max_bytes));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows between the size check and the read.
    fs::File::open(path).and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes)).map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(display, bytes.len() as u64, max_bytes));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Safe to decode: these bytes were just validated.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        Diagnostic::error("spec/encoding", display, Some(Pos { line, col }), "the file is not valid UTF-8")
            .with_hint("save the file as UTF-8 (without a byte-order mark of UTF-16)")
    })?;
    let src = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if limits.json_without_positions && display.ends_with(".json") {
        return doc::parse_json_without_positions(src, limits).map_err(|e| doc_error(display, &e));
    }
    doc::parse(src, 0, limits).map_err(|e| {
        let d = doc_error(display, &e);
        match (&e, crate::indent::hint(src, e.pos().line, 0)) {
            (DocError::Syntax { .. }, Some(h)) => d.with_hint(h),
            _ => d,
        }
    })
}

fn too_large(display: &str, size: u64, max: u64) -> Diagnostic {
    Diagnostic::error("spec/too-large", display, None, format!("the file has {size} bytes, more than the limit of {max}"))
        .with_hint("split the spec into smaller files referenced with $ref")
}

/// A document error as a diagnostic.
pub(super) fn doc_error(display: &str, e: &DocError) -> Diagnostic {
    let rule = match e {
        DocError::DuplicateKey { .. } => "spec/duplicate-key",
        DocError::TooDeep { .. } => "spec/too-deep",
        DocError::TooLarge { .. } => "spec/too-large",
        DocError::Syntax { .. } | DocError::ComplexKey { .. } | DocError::MultipleDocuments { .. } => "spec/syntax",
    };
    let d = Diagnostic::error(rule, display, Some(e.pos()), e.to_string());
    match e.hint() {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The dialect and the version as written, or an error saying which key is expected.
pub(super) fn dialect(root: &Node, display: &str, diags: &mut Vec<Diagnostic>) -> Option<(Dialect, String)> {
    const HINT: &str = "an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x), a Swagger one with `swagger: \"2.0\"`";
    let not_openapi = |pos: Pos, msg: String| Diagnostic::error("spec/not-openapi", display, Some(pos), msg).with_hint(HINT);
    let Some(entries) = root.as_map() else {
        diags.push(not_openapi(root.pos, format!("the document is {}, not an OpenAPI mapping", root.kind())));
        return None;
    };
    for e in entries {
        let text = e.value.as_text().unwrap_or_default();
        match e.key.as_str() {
            "swagger" if text == "2.0" => return Some((Dialect::Swagger2, text.to_string())),
            "openapi" if text == "3.0" || text.starts_with("3.0.") => return Some((Dialect::OpenApi30, text.to_string())),
            "openapi" if text == "3.1" || text.starts_with("3.1.") => return Some((Dialect::OpenApi31, text.to_string())),
            "openapi" if text == "3.2" || text.starts_with("3.2.") => {
                diags.push(
                    Diagnostic::warning("spec/version", display, Some(e.value.pos), format!("OpenAPI {text} is read as 3.1; what 3.2 adds is ignored"))
                        .with_hint("use `openapi: 3.1.1` unless you need 3.2 features"),
                );
                return Some((Dialect::OpenApi31, text.to_string()));
            }
            "swagger" | "openapi" => {
                let shown = e.value.as_text().map_or_else(|| e.value.kind().to_string(), |t| format!("`{t}`"));
                diags.push(not_openapi(e.value.pos, format!("unsupported `{}` version {shown}", e.key)));
                return None;
            }
            _ => {}
        }
    }
    diags.push(not_openapi(root.pos, "no `openapi` or `swagger` key: this is not an OpenAPI document".into()));
    None
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
