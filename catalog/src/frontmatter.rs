//! Markdown files with YAML front matter (`---` … `---`), and a typed reader over the front
//! matter that reports every problem with its position: a missing required field, a value of
//! the wrong type, a value outside a closed list, an unknown key (with the closest known key
//! suggested).

use crate::diag::Diagnostic;
use crate::doc::{self, Entry, Limits, Node, Pos, Value};
use crate::model::{Contact, Date};

/// A markdown file split into its front matter and body.
#[derive(Debug)]
pub(crate) struct Document {
    /// The front matter (a mapping), or `None` when it had errors (already reported).
    pub(crate) front: Option<Node>,
    /// The markdown after the front matter.
    pub(crate) body: String,
}

/// Splits and parses a markdown file. `file` names it in diagnostics.
pub(crate) fn split(src: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Document {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let Some(rest) = src.strip_prefix("---\n").or_else(|| src.strip_prefix("---\r\n")) else {
        diags.push(
            Diagnostic::error("front-matter/missing", file, Some(Pos { line: 1, col: 1 }), "the file has no front matter")
                .with_hint("start the file with a `---` line, the fields (title: …), and another `---` line"),
        );
        return Document { front: None, body: src.to_string() };
    };
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "---" {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        diags.push(
            Diagnostic::error("front-matter/unclosed", file, Some(Pos { line: 1, col: 1 }), "the front matter is not closed")
                .with_hint("add a line with just `---` after the last field"),
        );
        return Document { front: None, body: String::new() };
    };
    let yaml = &rest[..yaml_end];
    let body = rest[body_start..].to_string();
    let front = match doc::parse(yaml, 1, Limits { max_depth: 16, max_nodes: 10_000, ..Limits::default() }) {
        Ok(node) if matches!(node.value, Value::Map(_)) => Some(node),
        Ok(node) if matches!(node.value, Value::Null) => Some(Node { value: Value::Map(Vec::new()), pos: node.pos }),
        Ok(node) => {
            diags.push(
                Diagnostic::error("front-matter/type", file, Some(node.pos), format!("the front matter is {}, not a list of fields", node.kind()))
                    .with_hint("write one `key: value` per line"),
            );
            None
        }
        Err(e) => {
            let rule = match e {
                doc::DocError::DuplicateKey { .. } => "front-matter/duplicate-key",
                _ => "front-matter/syntax",
            };
            let mut d = Diagnostic::error(rule, file, Some(e.pos()), e.to_string());
            // `yaml` starts on the line below the opening `---`.
            let indent = matches!(e, doc::DocError::Syntax { .. }).then(|| crate::indent::hint(yaml, e.pos().line, 1)).flatten();
            if let Some(h) = indent {
                d = d.with_hint(h);
            } else if let Some(h) = e.hint() {
                d = d.with_hint(h);
            }
            diags.push(d);
            None
        }
    };
    Document { front, body }
}

/// Reads typed fields out of a front matter mapping, reporting problems as it goes.
pub(crate) struct Fields<'a> {
    file: &'a str,
    node: &'a Node,
    entries: &'a [Entry],
    used: Vec<&'static str>,
    pub(crate) diags: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Reader over a mapping node.
    pub(crate) fn new(node: &'a Node, file: &'a str) -> Fields<'a> {
        Fields { file, node, entries: node.as_map().unwrap_or(&[]), used: Vec::new(), diags: Vec::new() }
    }

    pub(crate) fn error(&mut self, rule: &'static str, pos: Pos, message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(rule, self.file, Some(pos), message);
        d.hint = hint;
        self.diags.push(d);
    }

    /// The raw node of a field (null counts as absent).
    pub(crate) fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.used.push(key);
        let node = self.entries.iter().find(|e| e.key == key).map(|e| &e.value)?;
        (!matches!(node.value, Value::Null)).then_some(node)
    }

    /// A text field.
    pub(crate) fn string(&mut self, key: &'static str) -> Option<String> {
        let node = self.node(key)?;
        match node.as_text() {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(_) => None,
            None => {
                self.error("front-matter/type", node.pos, format!("`{key}` must be text, not {}", node.kind()), None);
                None
            }
        }
    }

    /// A text field that must be there.
    pub(crate) fn required_string(&mut self, key: &'static str) -> Option<String> {
        let v = self.string(key);
        if v.is_none() && !self.diags.iter().any(|d| d.message.starts_with(&format!("`{key}`"))) {
            self.missing(key);
        }
        v
    }

    /// Reports a required field as missing.
    pub(crate) fn missing(&mut self, key: &'static str) {
        let pos = self.node.pos;
        // `sumary: …` is reported as unknown too; say here that it is the missing field.
        let misspelt = self.entries.iter().find(|e| e.key != key && suggest(&e.key, &[key]).is_some());
        let hint = match misspelt {
            Some(e) => format!("line {} has `{}`: rename it to `{key}`", e.key_pos.line, e.key),
            None => format!("add a line `{key}: …` to the front matter"),
        };
        self.error("front-matter/required", pos, format!("`{key}` is required"), Some(hint));
    }

    /// An http(s) URL field.
    pub(crate) fn url(&mut self, key: &'static str) -> Option<String> {
        let pos = self.entries.iter().find(|e| e.key == key).map(|e| e.value.pos);
        let v = self.string(key)?;
        if v.starts_with("https://") || v.starts_with("http://") {
            Some(v)
        } else {
            self.error(
                "front-matter/url",
                pos.unwrap_or_default(),
                format!("`{key}` must be an http(s) address, not `{v}`"),
                Some("write the full address, starting with https://".into()),
            );
            None
        }
    }

    /// An e-mail field.
    pub(crate) fn email(&mut self, key: &'static str) -> Option<String> {
        let pos = self.entries.iter().find(|e| e.key == key).map(|e| e.value.pos);
        let v = self.string(key)?;
        let ok = v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !v.contains(char::is_whitespace));
        if ok {
            Some(v)
        } else {
            self.error("front-matter/email", pos.unwrap_or_default(), format!("`{key}` is not an e-mail address: `{v}`"), None);
            None
        }
    }

    /// A `YYYY-MM-DD` date.
    pub(crate) fn date(&mut self, key: &'static str) -> Option<Date> {
        let pos = self.entries.iter().find(|e| e.key == key).map(|e| e.value.pos);
        let v = self.string(key)?;
        match Date::parse(&v) {
            Some(d) => Some(d),
            None => {
                self.error(
                    "front-matter/date",
                    pos.unwrap_or_default(),
                    format!("`{key}` is not a valid date: `{v}`"),
                    Some("write dates as YYYY-MM-DD, e.g. 2026-03-01".into()),
                );
                None
            }
        }
    }

    /// A boolean.
    pub(crate) fn bool(&mut self, key: &'static str) -> Option<bool> {
        let node = self.node(key)?;
        match node.as_bool() {
            Some(b) => Some(b),
            None => {
                self.error("front-matter/type", node.pos, format!("`{key}` must be true or false, not {}", node.kind()), None);
                None
            }
        }
    }

    /// A list of text values.
    pub(crate) fn strings(&mut self, key: &'static str) -> Vec<String> {
        let Some(node) = self.node(key) else { return Vec::new() };
        let Some(items) = node.as_seq() else {
            let hint = node.as_text().map(|t| format!("write a list: `{key}: [{t}]`"));
            self.error("front-matter/type", node.pos, format!("`{key}` must be a list, not {}", node.kind()), hint);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_text() {
                Some(t) if !t.trim().is_empty() => out.push(t.trim().to_string()),
                _ => self.error("front-matter/type", item.pos, format!("items of `{key}` must be text, not {}", item.kind()), None),
            }
        }
        out
    }

    /// One word out of a closed list.
    pub(crate) fn choice<T: Copy>(&mut self, key: &'static str, options: &[(&str, T)]) -> Option<T> {
        let pos = self.entries.iter().find(|e| e.key == key).map(|e| e.value.pos);
        let v = self.string(key)?;
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == v) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = match suggest(&v, &names) {
            Some(s) => format!("did you mean `{s}`? allowed: {}", names.join(", ")),
            None => format!("allowed: {}", names.join(", ")),
        };
        self.error("front-matter/invalid-value", pos.unwrap_or_default(), format!("`{v}` is not a valid `{key}`"), Some(hint));
        None
    }

    /// One word out of a closed list that must be there.
    pub(crate) fn required_choice<T: Copy>(&mut self, key: &'static str, options: &[(&str, T)]) -> Option<T> {
        let v = self.choice(key, options);
        self.require(key);
        v
    }

    /// Reports `key` as missing when the front matter lacks it (a value of the wrong kind is
    /// reported by the reader that read it).
    pub(crate) fn require(&mut self, key: &'static str) {
        if self.node(key).is_none() {
            self.missing(key);
        }
    }

    /// A nested `contact:` mapping.
    pub(crate) fn contact(&mut self, key: &'static str) -> Contact {
        let Some(node) = self.node(key) else { return Contact::default() };
        if node.as_map().is_none() {
            self.error(
                "front-matter/type",
                node.pos,
                format!("`{key}` must be a mapping with name, email, url, phone"),
                Some(format!("write `{key}:` and below it indented lines like `  email: biuro@example.gov.pl`")),
            );
            return Contact::default();
        }
        let mut inner = Fields::new(node, self.file);
        let contact = Contact { name: inner.string("name"), email: inner.email("email"), url: inner.url("url"), phone: inner.string("phone") };
        inner.finish(&[]);
        self.diags.append(&mut inner.diags);
        contact
    }

    /// Reports every key that was never asked for (plus `extra_known` ones) as unknown.
    pub(crate) fn finish(&mut self, extra_known: &[&'static str]) {
        let known: Vec<&str> = self.used.iter().chain(extra_known).copied().collect();
        let unknown: Vec<(String, Pos)> = self.entries.iter().filter(|e| !known.contains(&e.key.as_str())).map(|e| (e.key.clone(), e.key_pos)).collect();
        for (key, pos) in unknown {
            let hint = match suggest(&key, &known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known keys: {}", known.join(", ")),
            };
            self.error("front-matter/unknown-key", pos, format!("unknown key `{key}`"), Some(hint));
        }
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub(crate) fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates.iter().map(|c| (strsim::jaro_winkler(&lower, c), *c)).filter(|(score, _)| *score >= 0.8).max_by(|a, b| a.0.total_cmp(&b.0)).map(|(_, c)| c)
}

#[cfg(test)]
#[path = "frontmatter_tests.rs"]
mod tests;
