//! Positioned documents: YAML or JSON read into a tree that remembers the line and column of
//! every value, so that any later stage can say *where* something is wrong.
//!
//! Built on `saphyr-parser` events rather than a serde data model because we need three things
//! serde-based YAML crates do not give together: positions for valid documents, duplicate keys
//! reported (not silently overwritten), and scalars kept as written (`version: 1.10` is not 1.1).
//! Content is untrusted, so nesting depth and alias expansion (YAML bombs) are bounded.

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// A position in a source file, both 1-based (as editors and `file:line:col` show them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, serde::Serialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One value of a document with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub pos: Pos,
}

/// The value of a [`Node`]. Numbers keep the text they were written with.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number as written (`1.10`, `0x1F`, `-3e2`).
    Number(Box<str>),
    /// A string (quoted, block or plain).
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; keys are unique.
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as text (a numeric key such as a status code `200` is its text).
    pub key: String,
    /// Where the key is written.
    pub key_pos: Pos,
    /// The value.
    pub value: Node,
}

/// Limits that keep a hostile document from exhausting the build.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes a document may expand to, aliases counted at every use.
    pub max_nodes: usize,
    /// JSON files are read without positions, several times faster: for files `katalog build`
    /// wrote and checked (the published specs the server reads), never for content/.
    pub json_without_positions: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 128, max_nodes: 4_000_000, json_without_positions: false }
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DocError {
    /// Not valid YAML / JSON.
    #[error("{message}")]
    Syntax {
        /// Where the parser stopped.
        pos: Pos,
        /// The parser's own words.
        message: String,
    },
    /// The same key twice in one mapping.
    #[error("duplicate key `{key}` (first defined at line {})", first.line)]
    DuplicateKey {
        /// The key.
        key: String,
        /// The second occurrence.
        pos: Pos,
        /// The first occurrence.
        first: Pos,
    },
    /// Nested deeper than [`Limits::max_depth`].
    #[error("nesting deeper than {limit} levels")]
    TooDeep {
        /// Where the limit was crossed.
        pos: Pos,
        /// The limit.
        limit: usize,
    },
    /// Expands (through aliases) to more than [`Limits::max_nodes`] values.
    #[error("the document expands to more than {limit} values (aliases counted at each use)")]
    TooLarge {
        /// Where the limit was crossed.
        pos: Pos,
        /// The limit.
        limit: usize,
    },
    /// A mapping key that is itself a mapping or a sequence.
    #[error("a mapping key must be a plain value, not a mapping or a sequence")]
    ComplexKey {
        /// Where the key starts.
        pos: Pos,
    },
    /// More than one document in a stream.
    #[error("more than one YAML document in the file")]
    MultipleDocuments {
        /// Where the second document starts.
        pos: Pos,
    },
}

impl DocError {
    /// Where the problem is.
    pub fn pos(&self) -> Pos {
        match self {
            DocError::Syntax { pos, .. }
            | DocError::DuplicateKey { pos, .. }
            | DocError::TooDeep { pos, .. }
            | DocError::TooLarge { pos, .. }
            | DocError::ComplexKey { pos }
            | DocError::MultipleDocuments { pos } => *pos,
        }
    }

    /// A short suggestion of how to fix it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            DocError::Syntax { .. } => Some("check indentation (spaces, not tabs) and quoting around this position"),
            DocError::DuplicateKey { .. } => Some("remove or rename one of the two keys; YAML keeps only one of them"),
            DocError::TooDeep { .. } => Some("flatten the structure or move nested schemas to components with $ref"),
            DocError::TooLarge { .. } => Some("avoid repeating large anchors through aliases; write the values out or use $ref"),
            DocError::ComplexKey { .. } => Some("use a string as the key"),
            DocError::MultipleDocuments { .. } => Some("keep one document per file (remove the extra `---`)"),
        }
    }
}

fn pos_of(span: &Span, line_offset: u32) -> Pos {
    Pos { line: span.start.line() as u32 + line_offset, col: span.start.col() as u32 + 1 }
}

enum Frame {
    Seq { items: Vec<Node>, pos: Pos, anchor: usize },
    Map { entries: Vec<Entry>, pos: Pos, anchor: usize, key: Option<(String, Pos)>, index: Option<HashMap<String, Pos>>, merges: Vec<Node> },
}

/// Reads one JSON document with serde_json straight into a tree, every position 1:1 (see
/// [`Limits::json_without_positions`]). serde_json stops at 128 levels of nesting by itself;
/// nodes are counted as they are read, and reading stops at `max_nodes`.
pub fn parse_json_without_positions(src: &str, limits: Limits) -> Result<Node, DocError> {
    let nodes = std::cell::Cell::new(0usize);
    let mut de = serde_json::Deserializer::from_str(src);
    let read = serde::de::DeserializeSeed::deserialize(NodeVisitor { nodes: &nodes, max: limits.max_nodes }, &mut de).and_then(|node| de.end().map(|()| node));
    read.map_err(|e| {
        if nodes.get() > limits.max_nodes {
            DocError::TooLarge { pos: Pos { line: 1, col: 1 }, limit: limits.max_nodes }
        } else {
            DocError::Syntax { pos: Pos { line: e.line() as u32, col: e.column() as u32 }, message: e.to_string() }
        }
    })
}

/// Builds [`Node`]s from JSON without an intermediate `serde_json::Value`, counting them.
#[derive(Clone, Copy)]
struct NodeVisitor<'c> {
    nodes: &'c std::cell::Cell<usize>,
    max: usize,
}

const AT: Pos = Pos { line: 1, col: 1 };

fn at(value: Value) -> Node {
    Node { value, pos: AT }
}

impl<'de> serde::de::DeserializeSeed<'de> for NodeVisitor<'_> {
    type Value = Node;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        self.nodes.set(self.nodes.get() + 1);
        if self.nodes.get() > self.max {
            return Err(serde::de::Error::custom("too many nodes"));
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for NodeVisitor<'_> {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(at(Value::Null))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(at(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
        Ok(at(Value::Number(n.to_string().into_boxed_str())))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
        Ok(at(Value::Number(n.to_string().into_boxed_str())))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
        let text = serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string());
        Ok(at(Value::Number(text.into_boxed_str())))
    }
    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(at(Value::String(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(at(Value::String(s)))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(n) = seq.next_element_seed(self)? {
            items.push(n);
        }
        Ok(at(Value::Seq(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<Entry> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        // Published specs have unique keys; should one repeat, the last wins, as in serde_json.
        let mut index: HashMap<String, usize> = HashMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            match index.get(&key) {
                Some(&i) => entries[i].value = value,
                None => {
                    index.insert(key.clone(), entries.len());
                    entries.push(Entry { key, key_pos: AT, value });
                }
            }
        }
        Ok(at(Value::Map(entries)))
    }
}

/// Reads one YAML (or JSON) document. `line_offset` is added to every line (front matter starts
/// below its `---`).
pub fn parse(src: &str, line_offset: u32, limits: Limits) -> Result<Node, DocError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut nodes = 0usize;
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(src) {
        let (event, span) = item.map_err(|e| DocError::Syntax {
            pos: Pos { line: e.marker().line() as u32 + line_offset, col: e.marker().col() as u32 + 1 },
            message: e.info().to_string(),
        })?;
        let pos = pos_of(&span, line_offset);
        let (node, anchor, size) = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(DocError::MultipleDocuments { pos });
                }
                continue;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(DocError::TooDeep { pos, limit: limits.max_depth });
                }
                stack.push(Frame::Seq { items: Vec::new(), pos, anchor });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(DocError::TooDeep { pos, limit: limits.max_depth });
                }
                stack.push(Frame::Map { entries: Vec::new(), pos, anchor, key: None, index: None, merges: Vec::new() });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { items, pos, anchor }) => (Node { value: Value::Seq(items), pos }, anchor, 1),
                _ => unreachable!("the parser balances sequence events"),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map { mut entries, pos, anchor, merges, .. }) => {
                    apply_merges(&mut entries, merges);
                    (Node { value: Value::Map(entries), pos }, anchor, 1)
                }
                _ => unreachable!("the parser balances mapping events"),
            },
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.as_ref().filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str());
                (Node { value: resolve_scalar(&text, style, tag), pos }, anchor, 1)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((node, size)) => {
                    // Check before cloning: the clone is what a YAML bomb would blow up.
                    if nodes + size > limits.max_nodes {
                        return Err(DocError::TooLarge { pos, limit: limits.max_nodes });
                    }
                    let mut node = node.clone();
                    node.pos = pos;
                    (node, 0, *size)
                }
                None => return Err(DocError::Syntax { pos, message: "alias to an unknown anchor".into() }),
            },
        };
        nodes += size;
        if nodes > limits.max_nodes {
            return Err(DocError::TooLarge { pos, limit: limits.max_nodes });
        }
        if anchor != 0 {
            anchors.insert(anchor, (node.clone(), subtree_size(&node)));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, index, merges, .. }) => match key.take() {
                None => {
                    let k = match node.value {
                        Value::String(s) => s,
                        Value::Number(s) => s.into_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_string(),
                        Value::Seq(_) | Value::Map(_) => return Err(DocError::ComplexKey { pos: node.pos }),
                    };
                    *key = Some((k, node.pos));
                }
                Some((k, key_pos)) => {
                    if k == "<<" && matches!(node.value, Value::Map(_) | Value::Seq(_)) {
                        merges.push(node);
                        continue;
                    }
                    if let Some(first) = find_key(entries, index, &k) {
                        return Err(DocError::DuplicateKey { key: k, pos: key_pos, first });
                    }
                    if let Some(ix) = index {
                        ix.insert(k.clone(), key_pos);
                    }
                    entries.push(Entry { key: k, key_pos, value: node });
                }
            },
        }
    }
    Ok(root.unwrap_or(Node { value: Value::Null, pos: Pos { line: 1 + line_offset, col: 1 } }))
}

fn find_key(entries: &[Entry], index: &mut Option<HashMap<String, Pos>>, key: &str) -> Option<Pos> {
    if let Some(ix) = index {
        return ix.get(key).copied();
    }
    let found = entries.iter().find(|e| e.key == key).map(|e| e.key_pos);
    if entries.len() >= 16 {
        *index = Some(entries.iter().map(|e| (e.key.clone(), e.key_pos)).collect());
    }
    found
}

/// YAML merge keys (`<<: *defaults`): keys written in the mapping win over merged ones.
fn apply_merges(entries: &mut Vec<Entry>, merges: Vec<Node>) {
    for merge in merges {
        let sources = match merge.value {
            Value::Seq(items) => items,
            other => vec![Node { value: other, pos: merge.pos }],
        };
        for source in sources {
            if let Value::Map(extra) = source.value {
                for e in extra {
                    if !entries.iter().any(|x| x.key == e.key) {
                        entries.push(e);
                    }
                }
            }
        }
    }
}

fn subtree_size(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(subtree_size).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| 1 + subtree_size(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

/// The YAML 1.2 core schema for plain scalars; anything quoted or block-styled is a string.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::String(text.to_string()),
        Some("null") => return Value::Null,
        Some("bool") => return Value::Bool(matches!(text, "true" | "True" | "TRUE")),
        Some("int") | Some("float") => return Value::Number(text.into()),
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(text) => Value::Number(text.into()),
        _ => Value::String(text.to_string()),
    }
}

fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() {
        return false;
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], Some(&mant[i + 1..])),
        None => (mant, None),
    };
    let digits = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    let mant_ok = match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mant_ok && exp_ok
}

impl Node {
    /// The mapping's entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The sequence's items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// A string value; numbers and booleans give the text they were written with, so that
    /// `version: 1.10` reads as "1.10".
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }

    /// A string value only (no numbers).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean value.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// A number as f64.
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => number_to_json(n).and_then(|n| n.as_f64()),
            _ => None,
        }
    }

    /// The node at a JSON pointer (`/paths/~1pets/get`), if any.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let part = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(_) => node.get(&part)?,
                Value::Seq(items) => items.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A short name of the kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The same value as JSON (positions dropped). Numbers JSON cannot hold (`.inf`) become strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(n).map(J::Number).unwrap_or_else(|| J::String(n.to_string())),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(entries.iter().map(|e| (e.key.clone(), e.value.to_json())).collect()),
        }
    }
}

/// Converts YAML number text to a JSON number.
pub fn number_to_json(text: &str) -> Option<serde_json::Number> {
    let t = text.strip_prefix('+').unwrap_or(text);
    if let Some(hex) = t.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Into::into);
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Into::into);
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(i.into());
    }
    if let Ok(u) = t.parse::<u64>() {
        return Some(u.into());
    }
    t.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
}

#[cfg(test)]
#[path = "doc_tests.rs"]
mod tests;
