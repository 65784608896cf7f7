//! Matching a request path against a spec's path templates: a trie of segments where a literal
//! segment beats a segment mixing text and parameters (`{name}.{ext}`), which beats a whole-segment
//! parameter — "most specific first" — with backtracking, so `/pets/mine` and `/pets/{id}` both
//! work. Matching costs the depth of the path, not the number of operations.

use std::borrow::Cow;
use std::collections::HashMap;

use catalog::spec::{Method, Spec};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Param(String),
}

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, usize, foldhash::fast::RandomState>,
    mixed: Vec<(Vec<Part>, usize)>,
    param: Option<usize>,
    /// (method, index into `Spec::operations`)
    ops: Vec<(Method, usize)>,
}

/// The route table of one spec.
#[derive(Debug)]
pub struct Routes {
    nodes: Vec<Node>,
    /// Per operation: its path parameters' names in the order they appear in its template
    /// (operations sharing a trie node may name the same position differently).
    names: Vec<Vec<String>>,
}

/// A matched operation and the raw (still percent-encoded) values of its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// Index into `Spec::operations`.
    pub op: usize,
    /// Path parameters by name, percent-decoded.
    pub params: Vec<(String, String)>,
}

/// Why nothing matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoMatch {
    /// No path template matches.
    NotFound,
    /// The path exists with other methods (listed, upper-case).
    MethodNotAllowed(Vec<&'static str>),
}

/// The segments of `path`, without its leading `/` and one trailing `/` (none for `/`).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    let p = path.strip_prefix('/').unwrap_or(path);
    let p = if p.len() > 1 { p.strip_suffix('/').unwrap_or(p) } else { p };
    Some(p).filter(|p| !p.is_empty()).into_iter().flat_map(|p| p.split('/'))
}

fn split(path: &str) -> Vec<&str> {
    segments(path).collect()
}

/// Most paths have this many segments or fewer: they are split on the stack.
const SHALLOW: usize = 16;

fn parse_segment(seg: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = seg;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            parts.push(Part::Lit(rest[..open].to_string()));
        }
        parts.push(Part::Param(rest[open + 1..open + close].to_string()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts
}

/// Percent-decodes one path segment (invalid UTF-8 is replaced, never an error).
pub fn decode(seg: &str) -> String {
    percent_decode(seg.as_bytes())
}

fn percent_decode(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn match_mixed<'p>(parts: &[Part], s: &'p str, out: &mut Vec<Cow<'p, str>>) -> bool {
    match parts.split_first() {
        None => s.is_empty(),
        Some((Part::Lit(l), rest)) => s.strip_prefix(l.as_str()).is_some_and(|r| match_mixed(rest, r, out)),
        Some((Part::Param(_), rest)) => {
            // A parameter takes at least one character; the shortest that lets the rest match.
            for end in s.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let mark = out.len();
                out.push(Cow::Owned(decode(&s[..end])));
                if match_mixed(rest, &s[end..], out) {
                    return true;
                }
                out.truncate(mark);
            }
            false
        }
    }
}

impl Routes {
    /// The table for `spec`'s operations (webhooks are not served).
    pub fn new(spec: &Spec) -> Routes {
        let mut nodes = vec![Node::default()];
        let mut names = Vec::with_capacity(spec.operations.len());
        for (i, op) in spec.operations.iter().enumerate() {
            names.push(split(&op.path).iter().flat_map(|seg| parse_segment(seg)).filter_map(|p| if let Part::Param(n) = p { Some(n) } else { None }).collect());
            let mut at = 0;
            for seg in split(&op.path) {
                let parts = parse_segment(seg);
                let next = nodes.len();
                at = match parts.as_slice() {
                    [Part::Param(_)] => match nodes[at].param {
                        Some(n) => n,
                        None => {
                            nodes[at].param = Some(next);
                            nodes.push(Node::default());
                            next
                        }
                    },
                    [] | [Part::Lit(_)] => match nodes[at].literal.get(seg) {
                        Some(n) => *n,
                        None => {
                            nodes[at].literal.insert(seg.to_string(), next);
                            nodes.push(Node::default());
                            next
                        }
                    },
                    _ => match nodes[at].mixed.iter().find(|(p, _)| *p == parts) {
                        Some((_, n)) => *n,
                        None => {
                            nodes[at].mixed.push((parts, next));
                            nodes.push(Node::default());
                            next
                        }
                    },
                };
            }
            if !nodes[at].ops.iter().any(|(m, _)| *m == op.method) {
                nodes[at].ops.push((op.method, i));
            }
        }
        // Mixed segments with more literal text first: `{id}.json` before `{id}`-like patterns.
        for n in &mut nodes {
            n.mixed.sort_by_key(|(p, _)| std::cmp::Reverse(p.iter().map(|x| if let Part::Lit(l) = x { l.len() } else { 0 }).sum::<usize>()));
        }
        Routes { nodes, names }
    }

    /// The operation for `method` at `path` (raw, percent-encoded, without the query).
    pub fn find(&self, method: Method, path: &str) -> Result<Matched, NoMatch> {
        let mut params = Vec::new();
        let op = self.find_with(method, path, &mut params)?;
        Ok(Matched { op, params: self.names[op].iter().cloned().zip(params.into_iter().map(Cow::into_owned)).collect() })
    }

    /// The index of the operation for `method` at `path`, without its parameters (the proxy
    /// needs only the operation).
    pub fn find_op(&self, method: Method, path: &str) -> Result<usize, NoMatch> {
        self.find_with(method, path, &mut Vec::new())
    }

    fn find_with<'p>(&self, method: Method, path: &'p str, params: &mut Vec<Cow<'p, str>>) -> Result<usize, NoMatch> {
        let mut shallow = [""; SHALLOW];
        let mut rest = segments(path);
        let n = shallow.iter_mut().zip(rest.by_ref()).map(|(slot, seg)| *slot = seg).count();
        let deep: Vec<&str>;
        let segs: &[&str] = match rest.next() {
            None => &shallow[..n],
            Some(more) => {
                deep = shallow.iter().copied().chain(std::iter::once(more)).chain(rest).collect();
                &deep
            }
        };
        let mut first_methods: Option<Vec<&'static str>> = None;
        self.walk(0, segs, params, method, &mut first_methods).ok_or(match first_methods {
            Some(m) => NoMatch::MethodNotAllowed(m),
            None => NoMatch::NotFound,
        })
    }

    fn walk<'p>(
        &self,
        at: usize,
        segs: &[&'p str],
        params: &mut Vec<Cow<'p, str>>,
        method: Method,
        methods_seen: &mut Option<Vec<&'static str>>,
    ) -> Option<usize> {
        let node = &self.nodes[at];
        let Some((seg, rest)) = segs.split_first() else {
            if let Some((_, op)) = node.ops.iter().find(|(m, _)| *m == method) {
                return Some(*op);
            }
            if !node.ops.is_empty() && methods_seen.is_none() {
                *methods_seen = Some(node.ops.iter().map(|(m, _)| m.as_upper()).collect());
            }
            return None;
        };
        // Most segments have nothing to decode: look them up as they are.
        let decoded = if seg.contains('%') { Cow::Owned(decode(seg)) } else { Cow::Borrowed(*seg) };
        let literal = match &decoded {
            Cow::Borrowed(_) => node.literal.get(*seg),
            Cow::Owned(d) => node.literal.get(d.as_str()).or_else(|| node.literal.get(*seg)),
        };
        if let Some(&n) = literal {
            if let Some(op) = self.walk(n, rest, params, method, methods_seen) {
                return Some(op);
            }
        }
        for (parts, n) in &node.mixed {
            let mark = params.len();
            if match_mixed(parts, seg, params) {
                if let Some(op) = self.walk(*n, rest, params, method, methods_seen) {
                    return Some(op);
                }
            }
            params.truncate(mark);
        }
        if let Some(n) = &node.param {
            if !seg.is_empty() {
                params.push(decoded);
                if let Some(op) = self.walk(*n, rest, params, method, methods_seen) {
                    return Some(op);
                }
                params.pop();
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalog::spec::{Dialect, Info, Operation};

    fn spec(paths: &[(Method, &str)]) -> Spec {
        let op = |(m, p): &(Method, &str)| Operation {
            key: format!("{}{}", m.as_str(), p),
            method: *m,
            path: p.to_string(),
            operation_id: None,
            summary: None,
            description: None,
            tags: vec![],
            deprecated: false,
            parameters: vec![],
            request_body: None,
            responses: vec![],
            security: None,
            servers: vec![],
            callbacks: vec![],
            pointer: String::new(),
            pos: Default::default(),
        };
        Spec {
            dialect: Dialect::OpenApi30,
            spec_version: "3.0.3".into(),
            info: Info::default(),
            servers: vec![],
            tags: vec![],
            operations: paths.iter().map(op).collect(),
            webhooks: vec![],
            security_schemes: vec![],
            security: vec![],
            components: vec![],
            schemas: vec![],
            external_docs: None,
        }
    }

    #[test]
    fn most_specific_first_with_backtracking() {
        use Method::*;
        let s = spec(&[
            (Get, "/pets/{id}"),
            (Get, "/pets/{a}/{b}"),
            (Get, "/pets/{x}/y"),
            (Get, "/pets/mine"),
            (Delete, "/pets/{id}"),
            (Get, "/files/{name}.{ext}"),
            (Get, "/"),
            (Get, "/a/{x}/c"),
            (Get, "/a/b/d"),
        ]);
        let r = Routes::new(&s);
        assert_eq!(r.find(Get, "/pets/1/2").unwrap().params, vec![("a".into(), "1".into()), ("b".into(), "2".into())]);
        assert_eq!(r.find(Get, "/pets/1/y").unwrap().params, vec![("x".into(), "1".into())], "names per operation");
        let s = spec(&[
            (Get, "/pets/{id}"),
            (Get, "/pets/mine"),
            (Delete, "/pets/{id}"),
            (Get, "/files/{name}.{ext}"),
            (Get, "/"),
            (Get, "/a/{x}/c"),
            (Get, "/a/b/d"),
        ]);
        let r = Routes::new(&s);
        assert_eq!(r.find(Get, "/pets/mine").unwrap().op, 1);
        assert_eq!(r.find(Get, "/pets/42").unwrap(), Matched { op: 0, params: vec![("id".into(), "42".into())] });
        assert_eq!(r.find(Delete, "/pets/mine").unwrap().op, 2, "falls back to the template for another method");
        assert_eq!(r.find(Get, "/pets/a%20b/").unwrap().params, vec![("id".into(), "a b".into())]);
        assert_eq!(r.find(Get, "/files/report.v2.pdf").unwrap().params, vec![("name".into(), "report".into()), ("ext".into(), "v2.pdf".into())]);
        assert_eq!(r.find(Get, "/").unwrap().op, 4);
        assert_eq!(r.find(Get, "/a/b/c").unwrap().op, 5, "backtracks from the literal b");
        assert_eq!(r.find(Put, "/pets/1"), Err(NoMatch::MethodNotAllowed(vec!["GET", "DELETE"])));
        assert_eq!(r.find(Get, "/nope"), Err(NoMatch::NotFound));
        assert_eq!(r.find(Get, "/pets/"), Err(NoMatch::NotFound));
    }

    #[test]
    fn deep_paths_match_as_shallow_ones_do() {
        use Method::*;
        // 20 segments: more than are split on the stack.
        let template = format!("{}/{{last}}", (1..20).map(|i| format!("/s{i}")).collect::<String>());
        let s = spec(&[(Get, template.as_str()), (Get, "/s1")]);
        let r = Routes::new(&s);
        let path = format!("{}/x%20y", (1..20).map(|i| format!("/s{i}")).collect::<String>());
        assert_eq!(r.find(Get, &path).unwrap(), Matched { op: 0, params: vec![("last".into(), "x y".into())] });
        assert_eq!(r.find_op(Get, &format!("{path}/")), Ok(0));
        assert_eq!(r.find_op(Get, &format!("{path}/more")), Err(NoMatch::NotFound));
        assert_eq!(r.find_op(Get, "/s1"), Ok(1));
    }
}
