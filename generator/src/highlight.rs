//! Syntax highlighting with syntect, class-based (the colours are in the theme's
//! `static/highlight.css`, light and dark): the syntax set is loaded once per build and shared.
//! JSON values — most examples and request bodies — are printed and highlighted in one pass by a
//! small writer, at a fraction of the cost.
//!
//! Every highlighted token gets one short class of [`Token`] (`hl-s` for a string). syntect's own
//! classes name the whole scope stack (`hl-meta hl-mapping hl-key hl-string hl-quoted hl-double`):
//! on the sample's 30,000 pages they were half of every operation page's bytes, for seven colours.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::markdown::escape_into;

/// Class prefix, so highlighting classes never meet the theme's own.
pub(crate) const PREFIX: &str = "hl-";
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: PREFIX };

/// The kinds of token that get a colour; `static/highlight.css` has one rule per kind and scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    Comment,
    String,
    /// A key of a mapping (JSON, YAML) or an attribute name (XML).
    Key,
    /// Numbers, `true`, `null` and other constants.
    Constant,
    /// Keywords and storage (`import`, `const`, `await`).
    Keyword,
    /// A function or command name (`curl`, `fetch`, `requests.post`).
    Function,
    /// A parameter or flag (`-X`, `-H`).
    Parameter,
    /// An XML or HTML tag name.
    Tag,
}

impl Token {
    /// Its class attribute value.
    pub(crate) const fn class(self) -> &'static str {
        match self {
            Token::Comment => "hl-c",
            Token::String => "hl-s",
            Token::Key => "hl-a",
            Token::Constant => "hl-n",
            Token::Keyword => "hl-k",
            Token::Function => "hl-f",
            Token::Parameter => "hl-v",
            Token::Tag => "hl-t",
        }
    }

    /// The kind of a syntect scope stack written as its prefixed classes (`hl-string hl-quoted`);
    /// `None` for what is shown in the text colour (punctuation, `source`, most `meta`).
    fn of_scope(classes: &str) -> Option<Token> {
        let has = |atom: &str| classes.split(' ').any(|c| c.strip_prefix(PREFIX) == Some(atom));
        // Quotes and brackets take the colour of what they belong to.
        if has("punctuation") {
            return None;
        }
        Some(if has("comment") {
            Token::Comment
        } else if (has("meta") && has("mapping") && has("key")) || has("attribute-name") {
            Token::Key
        } else if has("string") {
            Token::String
        } else if has("constant") {
            Token::Constant
        } else if has("keyword") || has("storage") {
            Token::Keyword
        } else if has("function") && (has("support") || has("entity") || has("variable")) {
            Token::Function
        } else if has("variable") && has("parameter") {
            Token::Parameter
        } else if has("entity") && has("tag") {
            Token::Tag
        } else {
            return None;
        })
    }
}

/// syntect's HTML with each span's scope classes replaced by one [`Token`] class; spans without
/// a colour, or with the colour of the span around them, are dropped (their text stays).
fn compact(html: &str) -> String {
    const OPEN: &str = "<span class=\"";
    const CLOSE: &str = "</span>";
    let mut out = String::with_capacity(html.len() / 2);
    // One entry per open span: whether it was written, and the colour in effect inside it.
    let mut stack: Vec<(bool, Option<Token>)> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix(OPEN) {
            let Some(end) = after.find("\">") else { break };
            let outer = stack.last().and_then(|(_, t)| *t);
            let token = Token::of_scope(&after[..end]);
            let written = token.is_some() && token != outer;
            if written {
                out.push_str(OPEN);
                out.push_str(token.map_or("", Token::class));
                out.push_str("\">");
            }
            stack.push((written, token.or(outer)));
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix(CLOSE) {
            if let Some((true, _)) = stack.pop() {
                out.push_str(CLOSE);
            }
            rest = after;
        } else {
            // Text is escaped, so no other `<` can occur; copy it anyway rather than lose it.
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

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
        compact(&generator.finalize())
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
    let cut = json_into(value, limit, JsonStyle::JSON, &mut out);
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

    fn span(&mut self, token: Token, text: &str) {
        self.text_len += text.len();
        self.out.push_str("<span class=\"");
        self.out.push_str(token.class());
        self.out.push_str("\">");
        escape_into(text, &mut self.out);
        self.out.push_str("</span>");
    }

    fn string(&mut self, s: &str, key: bool) {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        self.span(if key { Token::Key } else { Token::String }, &quoted);
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
            Value::Null => self.span(Token::Constant, if py { "None" } else { "null" }),
            Value::Bool(b) => self.span(
                Token::Constant,
                match (b, py) {
                    (true, false) => "true",
                    (false, false) => "false",
                    (true, true) => "True",
                    (false, true) => "False",
                },
            ),
            Value::Number(n) => self.span(Token::Constant, &n.to_string()),
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
                        self.span(Token::Comment, "…");
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
                        self.span(Token::Comment, "…");
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

#[cfg(test)]
#[path = "highlight_tests.rs"]
mod tests;
