//! Printing diagnostics for people (rustc-style, with the source line, coloured on a terminal),
//! for GitHub workflow annotations, and as JSON.

use std::io::IsTerminal;
use std::path::Path;

use catalog::{Diagnostic, Severity};

/// Output formats of diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// For people, with the source line.
    Human,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// One JSON array.
    Json,
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Prints diagnostics to stderr (human, github) or stdout (json).
pub(crate) fn print(diags: &[Diagnostic], content: &Path, format: Format) {
    match format {
        Format::Json => println!("{}", serde_json_string(diags)),
        Format::Github => {
            for d in diags {
                let level = if d.severity == Severity::Error { "error" } else { "warning" };
                let file = content.join(&d.file);
                let mut props = format!("file={}", escape_property(&file.to_string_lossy()));
                if let Some(p) = d.pos {
                    props.push_str(&format!(",line={},col={}", p.line, p.col));
                }
                props.push_str(&format!(",title={}", escape_property(d.rule)));
                let mut msg = d.message.clone();
                if let Some(h) = &d.hint {
                    msg.push_str(&format!("\nhint: {h}"));
                }
                println!("::{level} {props}::{}", escape_data(&msg));
            }
        }
        Format::Human => {
            let style = Style { on: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() };
            for d in diags {
                eprintln!("{}", human(d, content, &style));
            }
        }
    }
}

fn human(d: &Diagnostic, content: &Path, style: &Style) -> String {
    let (word, color) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let mut out = format!("{}{} {}\n", style.paint(color, &format!("{word}[{}]", d.rule)), style.paint("1", ":"), style.paint("1", &d.message));
    out.push_str(&format!("  {} {}\n", style.paint("34", "-->"), content.join(&d.location()).to_string_lossy()));
    if let Some(pos) = d.pos {
        if let Some(line) = source_line(&content.join(&d.file), pos.line) {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            let caret = " ".repeat(line.chars().take(pos.col.saturating_sub(1) as usize).map(|c| if c == '\t' { 4 } else { 1 }).sum());
            out.push_str(&format!("{pad} {}\n", style.paint("34", "|")));
            out.push_str(&format!("{} {} {}\n", style.paint("34", &num), style.paint("34", "|"), line.replace('\t', "    ")));
            out.push_str(&format!("{pad} {} {caret}{}\n", style.paint("34", "|"), style.paint(color, "^")));
        }
    }
    if let Some(h) = &d.hint {
        out.push_str(&format!("  {} {h}\n", style.paint("36", "= hint:")));
    }
    out
}

fn source_line(path: &Path, line: u32) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > 64 * 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let l = text.lines().nth(line.checked_sub(1)? as usize)?;
    Some(if l.chars().count() > 200 { l.chars().take(200).collect::<String>() + "…" } else { l.to_string() })
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn serde_json_string(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".into())
}

/// "3 errors, 1 warning".
pub(crate) fn counts(diags: &[Diagnostic]) -> String {
    let e = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let w = diags.len() - e;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!("{}, {}", plural(e, "error", "errors"), plural(w, "warning", "warnings"))
}
