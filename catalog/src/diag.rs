//! Diagnostics: what is wrong, where (file:line:col) and how to fix it. Every stage reports
//! problems as these plain values; the binary decides how to print them.

use std::fmt;

use serde::Serialize;

use crate::doc::Pos;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check.
    Warning,
    /// Fails `katalog check` and `katalog build --strict`.
    Error,
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Stable rule name (`front-matter/unknown-key`, `spec/ref-outside-folder`, …).
    pub rule: &'static str,
    /// File, relative to the content folder, with `/` separators.
    pub file: String,
    /// Position in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(rule: &'static str, file: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, rule, file: file.into(), pos, message: message.into(), hint: None }
    }

    /// A warning.
    pub fn warning(rule: &'static str, file: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, rule, file: file.into(), pos, message: message.into(), hint: None }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col`, or just the file.
    pub fn location(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.col),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}[{}]: {}", self.location(), self.rule, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// True if any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
