//! Syntax highlighting with syntect, class-based (the colours are in the theme's
//! `static/highlight.css`, light and dark): the syntax set is loaded once per build and shared.
//! JSON values — most examples and request bodies — are printed and highlighted in one pass by a
//! small writer that emits the same classes syntect gives JSON, at a fraction of the cost.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::markdown::escape_into;

/// Class prefix, so highlighting classes never meet the theme's own.
pub(crate) const PREFIX: &str = "hl-";
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: PREFIX };

/// Highlights code; one per build, shared by every thread.
pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Highlighter")
    }
}

impl Highlighter {
    /// Loads syntect's default syntaxes.
    pub(crate) fn new() -> Highlighter {
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines() }
    }

    /// `code` as highlighted HTML (the inside of a `<pre><code>`); `lang` is a syntect token
    /// (`json`, `yaml`, `xml`, `py`, `js`, `sh`). Unknown languages come back escaped.
    pub(crate) fn highlight(&self, code: &str, lang: &str) -> String {
        let Some(syntax) = self.syntaxes.find_syntax_by_token(lang) else { return plain(code) };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                return plain(code);
            }
        }
        generator.finalize()
    }
}

/// Escaped, unhighlighted code.
pub(crate) fn plain(code: &str) -> String {
    let mut s = String::with_capacity(code.len() + 16);
    escape_into(code, &mut s);
    s
}

/// The syntect token for a media type's examples, or `None` for text shown as is.
pub(crate) fn token_for_media_type(media_type: &str) -> Option<&'static str> {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if m.ends_with("json") || m.ends_with("+json") {
        Some("json")
    } else if m.ends_with("xml") {
        Some("xml")
    } else if m.ends_with("yaml") || m.ends_with("yml") {
        Some("yaml")
    } else {
        None
    }
}

/// How [`json`] writes a value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonStyle {
    /// Python literals (`True`, `None`) instead of JSON's.
    pub(crate) python: bool,
    /// One level of indentation.
    pub(crate) unit: &'static str,
    /// Spaces before every line but the first (the value sits inside code).
    pub(crate) base: usize,
}

impl JsonStyle {
    /// Plain pretty JSON, two-space indent.
    pub(crate) const JSON: JsonStyle = JsonStyle { python: false, unit: "  ", base: 0 };
}

/// Pretty-prints a JSON value as highlighted HTML, stopping after about `limit` bytes of text;
/// the flag says whether it was cut.
pub(crate) fn json(value: &serde_json::Value, limit: usize) -> (String, bool) {
    let mut out = String::with_capacity(256);
    out.push_str("<span class=\"hl-source hl-json\">");
    let cut = json_into(value, limit, JsonStyle::JSON, &mut out);
    out.push_str("</span>");
    (out, cut)
}

/// Like [`json`], appending to `out`, in a chosen style.
pub(crate) fn json_into(value: &serde_json::Value, limit: usize, style: JsonStyle, out: &mut String) -> bool {
    let mut w = JsonWriter { out: std::mem::take(out), text_len: 0, limit, cut: false, style };
    w.value(value, 0);
    *out = w.out;
    w.cut
}

struct JsonWriter {
    out: String,
    text_len: usize,
    limit: usize,
    cut: bool,
    style: JsonStyle,
}

impl JsonWriter {
    fn raw(&mut self, s: &str) {
        self.text_len += s.len();
        self.out.push_str(s);
    }

    fn span(&mut self, class: &str, text: &str) {
        self.text_len += text.len();
        self.out.push_str("<span class=\"");
        self.out.push_str(class);
        self.out.push_str("\">");
        escape_into(text, &mut self.out);
        self.out.push_str("</span>");
    }

    fn string(&mut self, s: &str, key: bool) {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        let class = if key { "hl-meta hl-mapping hl-key hl-string hl-quoted hl-double" } else { "hl-string hl-quoted hl-double" };
        self.span(class, &quoted);
    }

    fn indent(&mut self, depth: usize) {
        self.raw("\n");
        for _ in 0..self.style.base {
            self.raw(" ");
        }
        for _ in 0..depth {
            self.raw(self.style.unit);
        }
    }

    fn value(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        let py = self.style.python;
        match v {
            Value::Null => self.span("hl-constant hl-language", if py { "None" } else { "null" }),
            Value::Bool(b) => self.span("hl-constant hl-language", match (b, py) {
                (true, false) => "true",
                (false, false) => "false",
                (true, true) => "True",
                (false, true) => "False",
            }),
            Value::Number(n) => self.span("hl-constant hl-numeric", &n.to_string()),
            Value::String(s) => self.string(s, false),
            Value::Array(items) => {
                if items.is_empty() {
                    return self.raw("[]");
                }
                self.raw("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    if self.text_len > self.limit {
                        self.cut = true;
                        self.indent(depth + 1);
                        self.span("hl-comment", "…");
                        break;
                    }
                    self.indent(depth + 1);
                    self.value(item, depth + 1);
                }
                self.indent(depth);
                self.raw("]");
            }
            Value::Object(map) => {
                if map.is_empty() {
                    return self.raw("{}");
                }
                self.raw("{");
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    if self.text_len > self.limit {
                        self.cut = true;
                        self.indent(depth + 1);
                        self.span("hl-comment", "…");
                        break;
                    }
                    self.indent(depth + 1);
                    self.string(k, true);
                    self.raw(": ");
                    self.value(item, depth + 1);
                }
                self.indent(depth);
                self.raw("}");
            }
        }
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`. The theme ships it as `static/highlight.css`.
#[cfg(test)]
pub(crate) fn stylesheet() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::css_for_theme_with_class_style;
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], STYLE).unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], STYLE).unwrap_or_default();
    let mut css = String::from("/* Highlighted code: generated from syntect's InspiredGitHub (light) and base16-ocean.dark (dark)\n   themes by `cargo test -p generator highlight` with UPDATE_THEME=1. */\n");
    css.push_str(&useful_rules(&light));
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    for line in useful_rules(&dark).lines() {
        css.push_str("  ");
        css.push_str(line);
        css.push('\n');
    }
    css.push_str("}\n");
    css
}

/// Drops the InspiredGitHub rules for keys twenty levels deep in JSON: kilobytes of selectors for
/// nothing anyone sees.
#[cfg(test)]
fn useful_rules(css: &str) -> String {
    let mut out = String::new();
    for block in css.split_inclusive('}') {
        if !block.contains(".hl-meta .hl-meta .hl-meta") {
            out.push_str(block);
        }
    }
    out
}

#[cfg(test)]
#[path = "highlight_tests.rs"]
mod tests;
