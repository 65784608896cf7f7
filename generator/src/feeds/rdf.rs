//! A tiny RDF graph and its two serializations, Turtle and JSON-LD, written from the same
//! in-memory triples so that `dcat.ttl` and `dcat.jsonld` cannot drift apart. Only what the DCAT
//! export needs: IRI subjects (no blank nodes), IRI or literal objects, language tags and
//! datatypes. Order is insertion order, so the output is deterministic.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Map, Value};

/// Namespaces used by the exports, with their prefixes (Turtle `@prefix`, JSON-LD `@context`).
pub(crate) const PREFIXES: &[(&str, &str)] = &[
    ("adms", "http://www.w3.org/ns/adms#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// `rdf:type`.
pub(crate) const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The object of a triple.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Term {
    /// An IRI.
    Iri(String),
    /// A literal, with an optional language tag or datatype IRI (never both).
    Literal { value: String, lang: Option<String>, datatype: Option<&'static str> },
}

impl Term {
    /// An IRI (characters not allowed in an IRI are percent-encoded).
    pub(crate) fn iri(iri: impl AsRef<str>) -> Term {
        Term::Iri(clean_iri(iri.as_ref()))
    }

    /// A plain string literal.
    pub(crate) fn string(value: impl Into<String>) -> Term {
        Term::Literal { value: value.into(), lang: None, datatype: None }
    }

    /// A language-tagged literal.
    pub(crate) fn lang(value: impl Into<String>, lang: &str) -> Term {
        Term::Literal { value: value.into(), lang: Some(lang.to_string()), datatype: None }
    }

    /// A typed literal; `datatype` is a full IRI.
    pub(crate) fn typed(value: impl Into<String>, datatype: &'static str) -> Term {
        Term::Literal { value: value.into(), lang: None, datatype: Some(datatype) }
    }
}

/// Percent-encodes what may not appear in an IRI (spaces, controls, `<>"{}|^`\`), so that an odd
/// server URL from a spec still gives a valid IRI in both serializations.
pub(crate) fn clean_iri(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len());
    for c in iri.chars() {
        if c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') || c == '\u{7f}' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One subject with its predicates, in insertion order.
#[derive(Debug, Default)]
struct Node {
    iri: String,
    props: Vec<(&'static str, Vec<Term>)>,
}

/// A graph of IRI subjects.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    nodes: Vec<Node>,
    index: HashMap<String, usize>,
}

impl Graph {
    /// Whether `subject` has any triple yet.
    pub(crate) fn has(&self, subject: &str) -> bool {
        self.index.contains_key(&clean_iri(subject))
    }

    /// Adds a triple; a triple already there is not repeated.
    pub(crate) fn add(&mut self, subject: &str, predicate: &'static str, object: Term) {
        let subject = clean_iri(subject);
        let i = match self.index.get(&subject) {
            Some(&i) => i,
            None => {
                self.nodes.push(Node { iri: subject.clone(), props: Vec::new() });
                self.index.insert(subject, self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        let node = &mut self.nodes[i];
        match node.props.iter_mut().find(|(p, _)| *p == predicate) {
            Some((_, objects)) => {
                if !objects.contains(&object) {
                    objects.push(object);
                }
            }
            None => node.props.push((predicate, vec![object])),
        }
    }

    /// `subject rdf:type class`.
    pub(crate) fn typed(&mut self, subject: &str, class: &'static str) {
        self.add(subject, RDF_TYPE, Term::Iri(class.to_string()));
    }

    /// All triples, for tests: (subject, predicate, object).
    #[cfg(test)]
    pub(crate) fn triples(&self) -> Vec<(String, String, Term)> {
        let mut out = Vec::new();
        for n in &self.nodes {
            for (p, objects) in &n.props {
                for o in objects {
                    out.push((n.iri.clone(), p.to_string(), o.clone()));
                }
            }
        }
        out
    }

    /// Turtle.
    pub(crate) fn to_turtle(&self) -> String {
        let mut out = String::new();
        for (prefix, ns) in PREFIXES {
            let _ = writeln!(out, "@prefix {prefix}: <{ns}> .");
        }
        for node in &self.nodes {
            out.push('\n');
            let _ = write!(out, "<{}>", node.iri);
            for (i, (p, objects)) in node.props.iter().enumerate() {
                out.push_str(if i == 0 { "\n    " } else { " ;\n    " });
                if *p == RDF_TYPE {
                    out.push('a');
                } else {
                    out.push_str(&turtle_name(p));
                }
                for (j, o) in objects.iter().enumerate() {
                    out.push_str(if j == 0 { " " } else { ",\n        " });
                    out.push_str(&turtle_term(o));
                }
            }
            out.push_str(" .\n");
        }
        out
    }

    /// JSON-LD (expanded values, compact IRIs through an inline `@context`; no remote context).
    pub(crate) fn to_json_ld(&self) -> Value {
        let mut context = Map::new();
        for (prefix, ns) in PREFIXES {
            context.insert(prefix.to_string(), Value::String(ns.to_string()));
        }
        let mut graph = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let mut obj = Map::new();
            obj.insert("@id".into(), Value::String(node.iri.clone()));
            for (p, objects) in &node.props {
                if *p == RDF_TYPE {
                    let types = objects
                        .iter()
                        .map(|o| match o {
                            Term::Iri(iri) => Value::String(compact(iri)),
                            Term::Literal { value, .. } => Value::String(value.clone()),
                        })
                        .collect();
                    obj.insert("@type".into(), Value::Array(types));
                } else {
                    obj.insert(compact(p), Value::Array(objects.iter().map(json_term).collect()));
                }
            }
            graph.push(Value::Object(obj));
        }
        json!({ "@context": Value::Object(context), "@graph": graph })
    }
}

/// `dct:title` for a known namespace, the full IRI otherwise.
fn compact(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if is_simple_local(local) {
                return format!("{prefix}:{local}");
            }
        }
    }
    iri.to_string()
}

fn is_simple_local(local: &str) -> bool {
    !local.is_empty() && local.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && local.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn turtle_name(iri: &str) -> String {
    let c = compact(iri);
    if c == iri {
        format!("<{iri}>")
    } else {
        c
    }
}

fn turtle_term(t: &Term) -> String {
    match t {
        Term::Iri(iri) => turtle_name(iri),
        Term::Literal { value, lang, datatype } => {
            let mut s = turtle_string(value);
            if let Some(lang) = lang {
                s.push('@');
                s.push_str(lang);
            } else if let Some(dt) = datatype {
                s.push_str("^^");
                s.push_str(&turtle_name(dt));
            }
            s
        }
    }
}

/// A Turtle `STRING_LITERAL_QUOTE`: `"` and `\` escaped, line breaks and other controls as
/// escapes, everything else (Polish letters included) as is.
pub(crate) fn turtle_string(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '\u{8}' => s.push_str("\\b"),
            '\u{c}' => s.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(s, "\\u{:04X}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn json_term(t: &Term) -> Value {
    match t {
        Term::Iri(iri) => json!({ "@id": iri }),
        Term::Literal { value, lang: Some(lang), .. } => json!({ "@value": value, "@language": lang }),
        Term::Literal { value, datatype: Some(dt), .. } => json!({ "@value": value, "@type": compact(dt) }),
        Term::Literal { value, .. } => json!({ "@value": value }),
    }
}
