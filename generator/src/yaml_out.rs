//! YAML text of a JSON document, for the published `openapi.yaml`: block style, keys in the
//! document's order, multi-line text (descriptions) as literal blocks, and every string that a
//! YAML 1.1 or 1.2 reader could take for something else (`1.10`, `yes`, `2024-01-01`, `1:20`,
//! `~`) double-quoted, so the text reads back as exactly the JSON. Written for this one job
//! because the general serializer (libyaml's emitter) was an eighth of the whole build's CPU.

use serde_json::{Map, Value};

/// Longest key written as a plain `key:` (YAML caps implicit keys at 1,024 characters).
const MAX_IMPLICIT_KEY: usize = 1000;

/// The YAML text of `doc`, ending with a newline.
pub(crate) fn to_yaml(doc: &Value) -> String {
    let mut out = String::with_capacity(4096);
    match doc {
        Value::Object(m) if !m.is_empty() => map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => seq(&mut out, a, 0),
        other => {
            scalar_or_empty(&mut out, other, 0);
            out.push('\n');
        }
    }
    out
}

fn map(out: &mut String, m: &Map<String, Value>, indent: usize) {
    for (k, v) in m {
        pad(out, indent);
        // An escape is at most 10 characters: only a long key can come out too long.
        let key_at = out.len();
        string_inline(out, k);
        if k.len() * 10 > MAX_IMPLICIT_KEY && out[key_at..].chars().count() > MAX_IMPLICIT_KEY {
            out.truncate(key_at);
            out.push_str("? ");
            quoted(out, k);
            out.push('\n');
            pad(out, indent);
        }
        out.push(':');
        value_after_indicator(out, v, indent);
    }
}

fn seq(out: &mut String, a: &[Value], indent: usize) {
    for v in a {
        match v {
            // A nested collection starts on the dash's line: written at the next level, then its
            // first indentation becomes the dash.
            Value::Object(m) if !m.is_empty() => {
                let at = out.len();
                map(out, m, indent + 2);
                out.replace_range(at + indent..at + indent + 2, "- ");
            }
            Value::Array(inner) if !inner.is_empty() => {
                let at = out.len();
                seq(out, inner, indent + 2);
                out.replace_range(at + indent..at + indent + 2, "- ");
            }
            _ => {
                pad(out, indent);
                out.push('-');
                value_after_indicator(out, v, indent);
            }
        }
    }
}

/// After `key:` or `-` at `indent`: the value on the same line, or nested below.
fn value_after_indicator(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            map(out, m, indent + 2);
        }
        // A sequence under a key sits at the key's indentation (the dash counts as indentation).
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            seq(out, a, indent);
        }
        _ => {
            out.push(' ');
            scalar_or_empty(out, v, indent + 2);
            out.push('\n');
        }
    }
}

/// A scalar, `{}` or `[]`; a multi-line string as a literal block indented by `block_indent`.
fn scalar_or_empty(out: &mut String, v: &Value, block_indent: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => number(out, n),
        Value::String(s) => {
            if s.contains('\n') && literal_ok(s) {
                literal(out, s, block_indent);
            } else {
                string_inline(out, s);
            }
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// serde_json's text, with a `.0` before an exponent that has no fraction (YAML 1.1 floats
/// need the dot: `1e300` would read back as a string there).
fn number(out: &mut String, n: &serde_json::Number) {
    let t = n.to_string();
    match t.find(['e', 'E']) {
        Some(e) if n.is_f64() && !t[..e].contains('.') => {
            out.push_str(&t[..e]);
            out.push_str(".0");
            out.push_str(&t[e..]);
        }
        _ => out.push_str(&t),
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// A one-line string: plain when no reader could take it for anything else, else quoted.
fn string_inline(out: &mut String, s: &str) {
    if plain_ok(s) {
        out.push_str(s);
    } else {
        quoted(out, s);
    }
}

/// Whether `s` reads back as this string when written plain, in YAML 1.1 and 1.2 alike.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    // Indicators, and anything that may start a number, date or time in either version.
    if "-?:,[]{}#&*!|>'\"%@`~=<+. \t".contains(first) || first.is_ascii_digit() {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") || s.contains(":\t") {
        return false;
    }
    if !s.chars().all(|c| c == ' ' || (printable(c) && c != '\t')) {
        return false;
    }
    // The words YAML 1.1 reads as booleans or null, and the 1.2 ones, in their spellings.
    const WORDS: &[&str] = &["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    !WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Characters YAML allows in a document, less the ones YAML 1.1 reads as line breaks and the
/// byte-order mark.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether a multi-line string can be a literal block: printable, no line starting the text
/// with a space (the block's indentation is read from it), no trailing spaces on any line (some
/// emitters and editors strip them), no carriage return, at most one final newline.
fn literal_ok(s: &str) -> bool {
    if s.starts_with([' ', '\n', '\t']) || s.ends_with("\n\n") {
        return false;
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    s.chars().all(|c| c == '\n' || printable(c)) && body.split('\n').all(|line| !line.ends_with([' ', '\t']))
}

/// `|` (one final newline) or `|-` (none), then each line indented; empty lines stay empty.
fn literal(out: &mut String, s: &str, indent: usize) {
    let (body, keep) = match s.strip_suffix('\n') {
        Some(b) => (b, true),
        None => (s, false),
    };
    out.push_str(if keep { "|" } else { "|-" });
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
    }
}

/// A double-quoted string with YAML's escapes (JSON's, plus `\uXXXX` for what YAML does not
/// allow raw).
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == ' ' || (printable(c) && c != '\t') => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::to_yaml;

    fn back(yaml: &str) -> Value {
        yaml_serde::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    #[test]
    fn strings_that_would_change_type_are_quoted_and_read_back() {
        let doc = json!({
            "version": "1.10", "yes": "yes", "no": "No", "on": "on", "y": "Y", "zero": "0123", "octal": "0o17",
            "hex": "0x1F", "float": "1e3", "null": "null", "tilde": "~", "empty": "", "bool": true,
            "int": 10, "real": 1.5, "big": 1e300, "neg": -2.5e-8, "date": "2024-01-01", "sexagesimal": "1:20",
            "colon": "a: b", "hash": "# not a comment", "inner hash": "a #b", "dash": "- item", "star": "*alias",
            "amp": "&anchor", "merge": "<<", "eq": "=", "dot": ".inf", "nan": ".NaN", "plus": "+1", "space": " leading",
            "trailing": "trailing ", "ends colon": "key:", "pl": "zażółć gęślą jaźń", "url": "https://x.test/a?b=c#d",
            "path": "/pets/{id}", "ref": "#/components/schemas/Pet", "media": "application/json",
        });
        let yaml = to_yaml(&doc);
        assert_eq!(back(&yaml), doc, "{yaml}");
        for quoted in ["\"1.10\"", "\"yes\"", "\"No\"", "\"2024-01-01\"", "\"1:20\"", "\"~\"", "\"<<\""] {
            assert!(yaml.contains(quoted), "{quoted} not quoted:\n{yaml}");
        }
        assert!(yaml.contains("pl: zażółć gęślą jaźń\n"), "plain where safe:\n{yaml}");
        assert!(yaml.contains("big: 1.0e+300\n"), "{yaml}");
    }

    #[test]
    fn keys_are_quoted_like_values() {
        let doc = json!({"200": {"description": "ok"}, "true": 1, "-": 2, "a: b": 3, "x-ext": 4, "$ref": "#/x", "": 5});
        let yaml = to_yaml(&doc);
        assert_eq!(back(&yaml), doc, "{yaml}");
        assert!(yaml.starts_with("\"200\":\n  description: ok\n"), "{yaml}");
    }

    #[test]
    fn multi_line_text_is_a_literal_block_where_it_can_be() {
        let doc = json!({
            "info": {"description": "# Tytuł\n\nAkapit z `kodem`.\n\n- punkt: jeden\n- punkt #2\n"},
            "no_final_newline": "a\nb",
            "leading_space": "  wcięte\ndalej",
            "trailing_spaces": "a  \nb",
            "two_final_newlines": "a\n\n",
            "cr": "a\r\nb",
            "list": ["jeden\ndwa", {"k": "x\ny"}],
        });
        let yaml = to_yaml(&doc);
        assert_eq!(back(&yaml), doc, "{yaml}");
        assert!(yaml.contains("  description: |\n    # Tytuł\n\n    Akapit"), "{yaml}");
        assert!(yaml.contains("no_final_newline: |-\n  a\n  b\n"), "{yaml}");
        assert!(yaml.contains("leading_space: \"  wcięte\\ndalej\""), "{yaml}");
    }

    #[test]
    fn nested_collections_and_empty_ones() {
        let doc = json!({
            "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "query", "schema": {"type": "string"}}, {"$ref": "#/p"}]}}},
            "matrix": [[1, 2], [], [[3]], [{"a": [{}]}]],
            "empty_map": {}, "empty_list": [], "nulls": [null, true, "n"],
        });
        let yaml = to_yaml(&doc);
        assert_eq!(back(&yaml), doc, "{yaml}");
        assert!(yaml.contains("      parameters:\n      - name: x\n        in: query\n"), "{yaml}");
        assert!(yaml.contains("matrix:\n- - 1\n  - 2\n- []\n- - - 3\n"), "{yaml}");
    }

    #[test]
    fn characters_yaml_does_not_allow_raw_are_escaped() {
        let doc = json!({"ctl": "a\u{1}b\u{7f}c\u{85}d\u{2028}e\u{feff}f", "tab": "a\tb", "astral": "😀", "quote": "say \"hi\" \\ bye"});
        let yaml = to_yaml(&doc);
        assert_eq!(back(&yaml), doc, "{yaml}");
        assert!(!yaml.contains('\u{7f}') && !yaml.contains('\u{2028}') && !yaml.contains('\u{feff}'), "{yaml}");
        assert!(yaml.contains("astral: 😀"), "{yaml}");
    }

    #[test]
    fn a_very_long_key_is_an_explicit_key() {
        let long = "k".repeat(1500);
        let doc = json!({ long.clone(): {"a": 1}, "b": [long] });
        let yaml = to_yaml(&doc);
        assert_eq!(back(&yaml), doc);
        assert!(yaml.starts_with("? \"kkk"), "{}", &yaml[..20]);
    }

    #[test]
    fn scalars_and_empty_documents() {
        for doc in [json!({}), json!([]), json!("tekst"), json!(5), json!(null)] {
            assert_eq!(back(&to_yaml(&doc)), doc);
        }
    }
}
