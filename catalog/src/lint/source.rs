//! The source document of a spec, parsed again only when a rule has something to place in it:
//! the normalized model keeps positions for operations and schemas, not for every value.

use std::path::Path;

use crate::doc::{self, Node, Pos};

/// A spec file of content/, parsed on first use.
pub(super) struct Source<'a> {
    content: &'a Path,
    /// The file, relative to content/.
    pub(super) rel: &'a str,
    tree: Option<Option<Node>>,
}

impl<'a> Source<'a> {
    pub(super) fn new(content: &'a Path, rel: &'a str) -> Self {
        Source { content, rel, tree: None }
    }

    /// The document, or `None` when it cannot be read now (it loaded before, so this is rare).
    pub(super) fn root(&mut self) -> Option<&Node> {
        if self.tree.is_none() {
            let text = std::fs::read_to_string(self.content.join(self.rel)).ok();
            let tree = text.and_then(|t| doc::parse(t.strip_prefix('\u{feff}').unwrap_or(&t), 0, doc::Limits::default()).ok());
            self.tree = Some(tree);
        }
        self.tree.as_ref().and_then(Option::as_ref)
    }

    /// The position of the value at `pointer`, or of its nearest ancestor that exists in this
    /// file (a pointer may lead into a bundled sibling file).
    pub(super) fn pos(&mut self, pointer: &str) -> Option<Pos> {
        let root = self.root()?;
        let mut p = pointer;
        loop {
            if let Some(n) = root.pointer(p) {
                return Some(n.pos);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Some(root.pos),
            }
        }
    }

    /// The position of the key of the entry at `pointer` (`/paths/~1x/get/sumary` → where
    /// `sumary` is written), falling back to [`Source::pos`].
    pub(super) fn key_pos(&mut self, pointer: &str) -> Option<Pos> {
        if let Some((parent, last)) = pointer.rsplit_once('/') {
            let key = last.replace("~1", "/").replace("~0", "~");
            if let Some(entries) = self.root().and_then(|r| r.pointer(parent)).and_then(Node::as_map) {
                if let Some(e) = entries.iter().find(|e| e.key == key) {
                    return Some(e.key_pos);
                }
            }
        }
        self.pos(pointer)
    }

    /// The first of `pointers` that exists in the document.
    pub(super) fn first(&mut self, pointers: &[String]) -> Option<(String, Pos)> {
        let root = self.root()?;
        pointers.iter().find_map(|p| root.pointer(p).map(|n| (p.clone(), n.pos)))
    }
}

/// `a/b` → `a~1b`: one JSON-pointer segment.
pub(super) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Where a JSON pointer into the published document is written: in the spec file itself, or,
/// for a schema the bundler lifted from a sibling file into `components`/`definitions`, in
/// that sibling file.
pub(super) fn locate(content: &Path, version: &crate::model::ApiVersion, src: &mut Source<'_>, pointer: &str) -> (String, Option<Pos>) {
    let rel = src.rel;
    if let Some(n) = src.root().and_then(|r| r.pointer(pointer)) {
        return (rel.to_string(), Some(n.pos));
    }
    let lifted =
        pointer.strip_prefix("/components/schemas/").or_else(|| pointer.strip_prefix("/definitions/")).map(|rest| rest.split_once('/').unwrap_or((rest, "")));
    if let Some((name, rest)) = lifted {
        let name = name.replace("~1", "/").replace("~0", "~");
        let spec = &version.spec;
        let found = spec.components.iter().find(|c| c.name == name).and_then(|c| spec.schema(c.id).source.as_deref().cloned());
        if let Some((file, pos)) = found {
            let api_dir = version.source.match_indices('/').nth(1).map_or(version.source.as_str(), |(i, _)| &version.source[..i]);
            let display = format!("{api_dir}/{file}");
            if display != src.rel {
                let mut sibling = Source::new(content, &display);
                let inner = sibling.root().and_then(|root| pointer_of(root, pos, &mut String::new()));
                let pos = match inner {
                    Some(base) if !rest.is_empty() => sibling.pos(&format!("{base}/{rest}")),
                    _ => Some(pos),
                };
                return (display, pos);
            }
        }
    }
    (src.rel.to_string(), src.pos(pointer))
}

/// The JSON pointer of the node written at `pos`.
fn pointer_of(node: &Node, pos: Pos, path: &mut String) -> Option<String> {
    if node.pos == pos && !matches!(node.value, doc::Value::Null) {
        return Some(path.clone());
    }
    match &node.value {
        doc::Value::Map(entries) => {
            for e in entries {
                let len = path.len();
                path.push('/');
                path.push_str(&escape(&e.key));
                if let Some(p) = pointer_of(&e.value, pos, path) {
                    return Some(p);
                }
                path.truncate(len);
            }
            None
        }
        doc::Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                if let Some(p) = pointer_of(item, pos, path) {
                    return Some(p);
                }
                path.truncate(len);
            }
            None
        }
        _ => None,
    }
}
