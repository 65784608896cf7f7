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
    out.push_str(&format!("  {} {}\n", style.paint("34", "-->"), content.join(d.location()).to_string_lossy()));
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

/// The markdown summary of a check for a pull-request comment: the verdict, what changed per
/// API since the base revision (operations added, removed, changed; breaking changes), and the
/// problems found.
pub(crate) fn summary(diags: &[Diagnostic], catalog: Option<&catalog::Catalog>, base: Option<&catalog::diff::base::BaseReport>) -> String {
    use std::fmt::Write;
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let mut out = String::from("## Katalog API: `katalog check`\n\n");
    if errors == 0 {
        let _ = writeln!(out, "✅ **Passed** — {}.\n", counts(diags));
    } else {
        let _ = writeln!(out, "❌ **Failed** — {}.\n", counts(diags));
    }
    if let Some(base) = base {
        let short = &base.commit[..base.commit.len().min(7)];
        let _ = writeln!(out, "### Changes since `{}` ({short})\n", cell(&base.rev));
        if base.apis.is_empty() {
            out.push_str("No API folder changed.\n\n");
        } else {
            out.push_str("| API | change | version | operations (+ added, − removed, ~ changed) | breaking changes |\n|---|---|---|---|---|\n");
            for a in &base.apis {
                let title = catalog
                    .and_then(|c| c.apis.iter().find(|x| x.id == a.id))
                    .map(|x| format!("{} (`{}`)", cell(&x.title.pl), a.id))
                    .unwrap_or_else(|| format!("`{}`", a.id));
                let state = match a.state {
                    catalog::diff::base::ApiState::Added => "new API",
                    catalog::diff::base::ApiState::Removed => "removed",
                    catalog::diff::base::ApiState::Changed => "changed",
                };
                let version = match (&a.old_version, &a.new_version) {
                    (Some(o), Some(n)) if o != n => format!("{} → {}", cell(o), cell(n)),
                    (_, Some(n)) => cell(n),
                    (Some(o), None) => cell(o),
                    _ => String::new(),
                };
                let ops = a.diff.as_ref().map(|d| format!("+{} −{} ~{}", d.added.len(), d.removed.len(), d.changed.len())).unwrap_or_default();
                let in_folder = |d: &&Diagnostic| d.file.starts_with(&format!("apis/{}/", a.id)) || d.file == format!("apis/{}", a.id);
                let breaking = diags.iter().filter(|d| d.rule.starts_with("breaking/")).filter(in_folder).count();
                let b = if breaking == 0 { "none".to_string() } else { format!("**{breaking}**") };
                let _ = writeln!(out, "| {title} | {state} | {version} | {ops} | {b} |");
            }
            out.push('\n');
            for a in &base.apis {
                let Some(d) = &a.diff else { continue };
                if d.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "<details><summary><code>{}</code>: +{} −{} ~{} operations</summary>\n",
                    a.id,
                    d.added.len(),
                    d.removed.len(),
                    d.changed.len()
                );
                for (label, list) in [("Added", &d.added), ("Removed", &d.removed), ("Changed", &d.changed)] {
                    for op in list.iter().take(50) {
                        let s = op.summary.as_deref().map(|s| format!(" — {}", cell(s))).unwrap_or_default();
                        let _ = writeln!(out, "- {label}: `{} {}`{s}", op.method.as_upper(), op.path);
                    }
                    if list.len() > 50 {
                        let _ = writeln!(out, "- … and {} more", list.len() - 50);
                    }
                }
                out.push_str("\n</details>\n\n");
            }
        }
    }
    if !diags.is_empty() {
        let _ = writeln!(out, "### Problems\n");
        out.push_str("| | where | rule | what | how to fix |\n|---|---|---|---|---|\n");
        let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
        sorted.sort_by_key(|d| d.severity != Severity::Error);
        for d in sorted.iter().take(200) {
            let icon = if d.severity == Severity::Error { "❌" } else { "⚠️" };
            let _ = writeln!(out, "| {icon} | `{}` | `{}` | {} | {} |", cell(&d.location()), d.rule, cell(&d.message), cell(d.hint.as_deref().unwrap_or("")));
        }
        if diags.len() > 200 {
            let _ = writeln!(out, "\n… and {} more; run `katalog check` locally for all of them.", diags.len() - 200);
        }
    }
    cut(out, SUMMARY_MAX_BYTES)
}

/// GitHub refuses comments over 65,536 characters; the summary stays well under.
const SUMMARY_MAX_BYTES: usize = 60_000;

/// `text` cut at the last whole line that fits in `max` bytes, with a note when cut.
fn cut(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let note = "\n\n… the summary was cut here; run `katalog check` locally for everything.\n";
    let mut end = max - note.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = text[..end].rfind('\n').unwrap_or(end);
    // A cut inside <details> would leave it open and swallow the note.
    let mut out = text[..end].to_string();
    if out.matches("<details>").count() > out.matches("</details>").count() {
        out.push_str("\n\n</details>");
    }
    out.push_str(note);
    out
}

/// Text safe inside a markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_summary_is_cut_at_a_line_and_says_so() {
        let long: String = (0..5000).map(|i| format!("| ❌ | line {i} |\n")).collect();
        let text = format!("<details>\n{long}");
        let cut = cut(text, 2000);
        assert!(cut.len() <= 2000 + 20);
        assert!(cut.ends_with("for everything.\n"));
        assert!(cut.contains("</details>"));
        assert!(cut.lines().filter(|l| l.starts_with("| ")).all(|l| l.ends_with(" |")), "only whole lines");
        assert_eq!(super::cut("short".into(), 2000), "short");
    }
}
