//! The published document: the root spec as JSON, self-contained. Sibling-file schemas
//! (`x.yaml#/components/schemas/Name`, `#/definitions/Name`, or a whole file where a schema is
//! expected) are copied into the root's `components.schemas` (2.0 `definitions`) and referenced
//! there; any other sibling-file target is inlined where it is used. Local, remote, refused and
//! unresolved references stay as written. `info.version` is always a string.

use std::collections::{HashMap, VecDeque};

use serde_json::{Map, Value as Json};

use super::model::Dialect;
use super::refs::{child_ctx, escape, ref_of, Ctx, FileId, Files, RefKind, Slot, ROOT};
use super::SpecLimits;
use crate::diag::Diagnostic;
use crate::doc::{Node, Value};

/// Deepest nesting of inlined targets inside each other.
const MAX_INLINE_DEPTH: usize = 32;

/// A sibling-file schema copied into the root's components.
pub(super) struct Lifted<'f> {
    /// Its name in the root's components.
    pub(super) name: String,
    /// The file it comes from.
    pub(super) file: FileId,
    /// The schema.
    pub(super) node: &'f Node,
}

/// The bundled document and the schemas it lifted into components.
pub(super) struct Bundle<'f> {
    pub(super) json: Json,
    pub(super) lifted: Vec<Lifted<'f>>,
}

struct Bundler<'f> {
    files: &'f Files,
    dialect: Dialect,
    /// Existing names in the root's components (their schemas).
    root_names: HashMap<&'f str, &'f Node>,
    lifted: Vec<(Lifted<'f>, Option<Json>)>,
    by_target: HashMap<(FileId, String), String>,
    /// Names given to lifted schemas (their schemas).
    taken: HashMap<String, &'f Node>,
    queue: VecDeque<usize>,
    inlining: Vec<(FileId, String)>,
    budget: usize,
    over_budget: bool,
}

enum Rewrite {
    Keep,
    Ref(String),
    Inline(Json),
}

/// Bundles the root document of `files`.
pub(super) fn bundle<'f>(files: &'f Files, dialect: Dialect, limits: &SpecLimits, diags: &mut Vec<Diagnostic>) -> Bundle<'f> {
    let root = files.root();
    let components = if dialect == Dialect::Swagger2 { "/definitions" } else { "/components/schemas" };
    let root_names = files.lookup(ROOT, components).and_then(Node::as_map).map(|m| m.iter().map(|e| (e.key.as_str(), &e.value)).collect()).unwrap_or_default();
    let mut b = Bundler {
        files,
        dialect,
        root_names,
        lifted: Vec::new(),
        by_target: HashMap::new(),
        taken: HashMap::new(),
        queue: VecDeque::new(),
        inlining: Vec::new(),
        budget: limits.doc.max_nodes,
        over_budget: false,
    };
    let mut json = b.walk(ROOT, root, Ctx::Value(false));
    // Lifted schemas are converted after the root (from a queue), so that long chains of
    // schemas referencing each other never recurse deeply.
    while let Some(i) = b.queue.pop_front() {
        let (file, node) = (b.lifted[i].0.file, b.lifted[i].0.node);
        let content = b.walk(file, node, Ctx::Value(true));
        b.lifted[i].1 = Some(content);
    }
    if let Json::Object(obj) = &mut json {
        if let (Some(Json::Object(info)), Some(version)) = (obj.get_mut("info"), root.get("info").and_then(|i| i.get("version"))) {
            if let Some(text) = version.as_text() {
                info.insert("version".into(), Json::String(text.to_string()));
            }
        }
        if !b.lifted.is_empty() {
            let target = if dialect == Dialect::Swagger2 {
                Some(obj.entry("definitions").or_insert_with(|| Json::Object(Map::new())))
            } else {
                match obj.entry("components").or_insert_with(|| Json::Object(Map::new())) {
                    Json::Object(c) => Some(c.entry("schemas").or_insert_with(|| Json::Object(Map::new()))),
                    _ => None,
                }
            };
            if let Some(Json::Object(schemas)) = target {
                for (l, content) in &mut b.lifted {
                    schemas.insert(l.name.clone(), content.take().unwrap_or(Json::Null));
                }
            }
        }
    }
    if b.over_budget {
        diags.push(
            Diagnostic::warning(
                "spec/bundle-too-large",
                files.display(ROOT),
                None,
                "inlining the referenced files would make the published document too large; some $refs were left as written",
            )
            .with_hint("reference shared objects from components instead of repeating them"),
        );
    }
    Bundle { json, lifted: b.lifted.into_iter().map(|(l, _)| l).collect() }
}

impl<'f> Bundler<'f> {
    fn walk(&mut self, file: FileId, node: &'f Node, ctx: Ctx) -> Json {
        self.budget = self.budget.saturating_sub(1);
        match (&node.value, ctx) {
            (_, Ctx::Literal) => node.to_json(),
            (Value::Map(entries), Ctx::Names(schemas)) => {
                let mut obj = Map::with_capacity(entries.len());
                for e in entries {
                    obj.insert(e.key.clone(), self.walk(file, &e.value, Ctx::Value(schemas)));
                }
                Json::Object(obj)
            }
            (Value::Map(entries), Ctx::Value(schema)) => {
                let mut new_ref = None;
                if let Some((r, _)) = ref_of(node) {
                    match self.rewrite(file, r, schema) {
                        Rewrite::Keep => {}
                        Rewrite::Ref(r) => new_ref = Some(r),
                        Rewrite::Inline(v) => return v,
                    }
                }
                let mut obj = Map::with_capacity(entries.len());
                for e in entries {
                    let v = match (&new_ref, e.key.as_str()) {
                        (Some(r), "$ref") => Json::String(r.clone()),
                        (None, "$ref") => e.value.to_json(),
                        _ => self.walk(file, &e.value, child_ctx(&e.key, &e.value, self.dialect)),
                    };
                    obj.insert(e.key.clone(), v);
                }
                Json::Object(obj)
            }
            (Value::Seq(items), Ctx::Value(s) | Ctx::Names(s)) => Json::Array(items.iter().map(|i| self.walk(file, i, Ctx::Value(s))).collect()),
            _ => node.to_json(),
        }
    }

    fn rewrite(&mut self, file: FileId, r: &str, schema: bool) -> Rewrite {
        let (target, pointer) = match self.files.parse_ref(file, r) {
            RefKind::Local(_) if file == ROOT => return Rewrite::Keep,
            RefKind::Local(p) => (file, p),
            RefKind::File { rel, pointer } => match self.files.slot(&rel) {
                Some(Slot::Loaded(id)) => (id, pointer),
                _ => return Rewrite::Keep,
            },
            RefKind::Remote | RefKind::Refused(_) => return Rewrite::Keep,
        };
        let Some(node) = self.files.lookup(target, &pointer) else { return Rewrite::Keep };
        if target == ROOT {
            return Rewrite::Ref(format!("#{}", pointer));
        }
        if let Some(name) = self.schema_name(target, &pointer, schema) {
            let name = self.lift(target, pointer, node, name);
            let section = if self.dialect == Dialect::Swagger2 { "#/definitions/" } else { "#/components/schemas/" };
            return Rewrite::Ref(format!("{section}{}", escape(&name)));
        }
        let key = (target, pointer);
        if self.inlining.contains(&key) || self.inlining.len() >= MAX_INLINE_DEPTH {
            return Rewrite::Keep;
        }
        if self.budget == 0 {
            self.over_budget = true;
            return Rewrite::Keep;
        }
        self.inlining.push(key);
        let value = self.walk(target, node, Ctx::Value(schema));
        self.inlining.pop();
        Rewrite::Inline(value)
    }

    /// The component name for a schema target, or `None` when it is to be inlined.
    fn schema_name(&self, file: FileId, pointer: &str, schema: bool) -> Option<String> {
        let name = pointer.strip_prefix("/components/schemas/").or_else(|| pointer.strip_prefix("/definitions/"));
        match name {
            Some(n) if !n.contains('/') => Some(n.replace("~1", "/").replace("~0", "~")),
            _ if pointer.is_empty() && schema => {
                let rel = &self.files.get(file).rel;
                let stem = rel.rsplit('/').next().unwrap_or(rel);
                Some(stem.split('.').next().filter(|s| !s.is_empty()).unwrap_or(stem).to_string())
            }
            // Any other schema in a sibling file (`common.yaml#/Szkola`) is lifted too: inlining
            // a recursive one would never end.
            _ if schema => pointer.rsplit('/').next().filter(|s| !s.is_empty()).map(|n| n.replace("~1", "/").replace("~0", "~")),
            _ => None,
        }
    }

    /// The name under which a target is in the root's components, copying it there once.
    fn lift(&mut self, file: FileId, pointer: String, node: &'f Node, base: String) -> String {
        if let Some(name) = self.by_target.get(&(file, pointer.clone())) {
            return name.clone();
        }
        let mut name = base.clone();
        let mut n = 1;
        loop {
            match self.root_names.get(name.as_str()).or_else(|| self.taken.get(&name)) {
                // The same schema already there (written in the root, or from another file): use it.
                Some(existing) if existing.to_json() == node.to_json() => {
                    self.by_target.insert((file, pointer), name.clone());
                    return name;
                }
                Some(_) => {}
                None => break,
            }
            n += 1;
            name = format!("{base}_{n}");
        }
        self.taken.insert(name.clone(), node);
        self.by_target.insert((file, pointer), name.clone());
        self.lifted.push((Lifted { name: name.clone(), file, node }, None));
        self.queue.push_back(self.lifted.len() - 1);
        name
    }
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
