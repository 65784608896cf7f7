//! The files of one spec and the `$ref`s between them: the root document and the sibling files
//! it references (each read once, at most `max_files`), with every reference confined to the
//! API folder — absolute paths, `..` escapes, links pointing outside and URLs are refused before
//! anything is read — and JSON pointers looked up without scanning huge mappings each time.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use super::model::Dialect;
use super::read;
use super::SpecLimits;
use crate::diag::Diagnostic;
use crate::doc::{Node, Pos, Value};
use crate::relpath::normalize;

/// Index of a file in [`Files`]; the root document is always `FileId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct FileId(pub(super) u32);

/// The root document.
pub(super) const ROOT: FileId = FileId(0);

/// One parsed file.
pub(super) struct SourceFile {
    /// Path inside the API folder, `/`-separated.
    pub(super) rel: String,
    /// Name used in diagnostics.
    pub(super) display: String,
    /// The document.
    pub(super) root: Node,
}

/// What became of a referenced file path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// Read and parsed.
    Loaded(FileId),
    /// No such file.
    Missing,
    /// A link that leads outside the API folder.
    Outside,
    /// Could not be read or parsed (reported when it was tried).
    Unreadable,
    /// Over the limit of files per spec.
    TooMany,
}

/// What a `$ref` string points at, before anything is read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RefKind {
    /// `#/pointer` in the same file.
    Local(String),
    /// A file inside the API folder (path relative to the folder) and a pointer in it.
    File { rel: String, pointer: String },
    /// `http(s)://…`: never fetched.
    Remote,
    /// Refused; the reason completes "the reference …".
    Refused(&'static str),
}

/// The files of one spec.
pub(super) struct Files {
    api_dir: PathBuf,
    api_canon: PathBuf,
    prefix: String,
    files: Vec<SourceFile>,
    by_rel: HashMap<String, Slot>,
    by_canon: HashMap<PathBuf, FileId>,
    /// Key lookup for large mappings, by the address of their entries (trees never move
    /// while `Files` lives).
    index: RefCell<HashMap<usize, HashMap<Box<str>, u32>>>,
}

/// Mappings smaller than this are searched linearly.
const INDEX_FROM: usize = 32;

impl Files {
    /// Reads the root document `file` (relative to `api_dir`).
    pub(super) fn open(api_dir: &Path, file: &str, prefix: &str, limits: &SpecLimits, diags: &mut Vec<Diagnostic>) -> Option<Files> {
        let mut prefix = prefix.to_string();
        if !prefix.is_empty() && !prefix.ends_with('/') {
            prefix.push('/');
        }
        let rel = match normalize(&[], &file.replace('\\', "/")) {
            Some(rel) if !rel.is_empty() => rel,
            _ => {
                diags.push(Diagnostic::error("spec/outside-folder", format!("{prefix}{file}"), None, "the spec path leaves the API folder"));
                return None;
            }
        };
        let display = format!("{prefix}{rel}");
        let api_canon = match api_dir.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::error("spec/not-found", display, None, format!("cannot open the API folder: {e}")));
                return None;
            }
        };
        let mut files = Files {
            api_dir: api_dir.to_path_buf(),
            api_canon,
            prefix,
            files: Vec::new(),
            by_rel: HashMap::new(),
            by_canon: HashMap::new(),
            index: RefCell::new(HashMap::new()),
        };
        match files.locate(&rel) {
            Ok(canon) => match read::read(&canon, &display, limits.max_file_bytes, limits.doc) {
                Ok(root) => {
                    files.by_canon.insert(canon, ROOT);
                    files.by_rel.insert(rel.clone(), Slot::Loaded(ROOT));
                    files.files.push(SourceFile { rel, display, root });
                    Some(files)
                }
                Err(d) => {
                    diags.push(d);
                    None
                }
            },
            Err(Slot::Outside) => {
                diags.push(
                    Diagnostic::error("spec/outside-folder", display, None, "the spec is a link to a file outside the API folder")
                        .with_hint("put the spec file itself in the API folder"),
                );
                None
            }
            Err(_) => {
                diags.push(Diagnostic::error("spec/not-found", display, None, "the spec file does not exist"));
                None
            }
        }
    }

    /// Reads every sibling file the documents reference (breadth first), each once.
    pub(super) fn load_siblings(&mut self, dialect: Dialect, limits: &SpecLimits, diags: &mut Vec<Diagnostic>) {
        let mut next = 0;
        while next < self.files.len() {
            let id = FileId(next as u32);
            next += 1;
            let mut found = Vec::new();
            collect_refs(&self.files[id.0 as usize].root, dialect, Ctx::Value(false), &mut found);
            let wanted: Vec<String> = found
                .into_iter()
                .filter_map(|r| match self.parse_ref(id, r) {
                    RefKind::File { rel, .. } => Some(rel),
                    _ => None,
                })
                .collect();
            for rel in wanted {
                if self.by_rel.contains_key(&rel) {
                    continue;
                }
                let slot = self.load(&rel, limits, diags);
                self.by_rel.insert(rel, slot);
            }
        }
    }

    fn load(&mut self, rel: &str, limits: &SpecLimits, diags: &mut Vec<Diagnostic>) -> Slot {
        let canon = match self.locate(rel) {
            Ok(c) => c,
            Err(slot) => return slot,
        };
        if let Some(&id) = self.by_canon.get(&canon) {
            return Slot::Loaded(id);
        }
        if self.files.len() > limits.max_files {
            return Slot::TooMany;
        }
        let display = format!("{}{rel}", self.prefix);
        match read::read(&canon, &display, limits.max_file_bytes, limits.doc) {
            Ok(root) => {
                let id = FileId(self.files.len() as u32);
                self.by_canon.insert(canon, id);
                self.files.push(SourceFile { rel: rel.to_string(), display, root });
                Slot::Loaded(id)
            }
            Err(d) => {
                diags.push(d);
                Slot::Unreadable
            }
        }
    }

    /// The canonical path of `rel` if it exists and (links followed) is inside the folder.
    fn locate(&self, rel: &str) -> Result<PathBuf, Slot> {
        let canon = self.api_dir.join(rel).canonicalize().map_err(|_| Slot::Missing)?;
        if !canon.starts_with(&self.api_canon) {
            return Err(Slot::Outside);
        }
        Ok(canon)
    }

    /// A file.
    pub(super) fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The root document.
    pub(super) fn root(&self) -> &Node {
        &self.files[0].root
    }

    /// Name of a file in diagnostics.
    pub(super) fn display(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].display
    }

    /// What became of a referenced path (`None`: never tried, so never referenced structurally).
    pub(super) fn slot(&self, rel: &str) -> Option<Slot> {
        self.by_rel.get(rel).copied()
    }

    /// Classifies a `$ref` written in file `from`, confining file paths to the API folder.
    pub(super) fn parse_ref(&self, from: FileId, r: &str) -> RefKind {
        let r = r.trim();
        if let Some(frag) = r.strip_prefix('#') {
            return RefKind::Local(decode(frag));
        }
        if let Some(scheme) = scheme(r) {
            return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
                RefKind::Remote
            } else {
                RefKind::Refused("is a URL; only relative paths to files in the API folder are allowed")
            };
        }
        let (path, frag) = r.split_once('#').unwrap_or((r, ""));
        let path = decode(path).replace('\\', "/");
        if path.starts_with('/') || path.contains('\0') {
            return RefKind::Refused("is an absolute path; use a path relative to this file");
        }
        let from_rel = &self.files[from.0 as usize].rel;
        let base: Vec<&str> = from_rel.split('/').collect();
        match normalize(&base[..base.len() - 1], &path) {
            Some(rel) => RefKind::File { rel, pointer: decode(frag) },
            None => RefKind::Refused("leaves the API folder"),
        }
    }

    /// The node at a JSON pointer (already percent-decoded) in a file.
    pub(super) fn lookup(&self, id: FileId, pointer: &str) -> Option<&Node> {
        let mut node = &self.files[id.0 as usize].root;
        if pointer.is_empty() {
            return Some(node);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let part = if raw.contains('~') { raw.replace("~1", "/").replace("~0", "~").into() } else { std::borrow::Cow::Borrowed(raw) };
            node = match &node.value {
                Value::Map(entries) if entries.len() >= INDEX_FROM => {
                    let mut index = self.index.borrow_mut();
                    let map = index
                        .entry(entries.as_ptr() as usize)
                        .or_insert_with(|| entries.iter().enumerate().map(|(i, e)| (e.key.as_str().into(), i as u32)).collect());
                    &entries[*map.get(&*part)? as usize].value
                }
                Value::Map(entries) => &entries.iter().find(|e| e.key == part)?.value,
                Value::Seq(items) => items.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// The URL scheme of `r`, if it starts with one (`https:`, `file:`, also `C:`).
fn scheme(r: &str) -> Option<&str> {
    let (head, _) = r.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))).then_some(head)
}

fn decode(s: &str) -> String {
    if s.contains('%') {
        percent_decode_str(s).decode_utf8_lossy().into_owned()
    } else {
        s.to_string()
    }
}

/// The `$ref` string of a Reference object, and where it is written.
pub(super) fn ref_of(node: &Node) -> Option<(&str, Pos)> {
    let entries = node.as_map()?;
    entries.iter().find(|e| e.key == "$ref").and_then(|e| e.value.as_str().map(|s| (s, e.value.pos)))
}

/// Escapes one JSON pointer segment.
pub(super) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Where a value sits, for walkers that do not know the OpenAPI structure in detail (the
/// sibling-file scan and the bundler): only these places may hold a Reference object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// A structural value; `true` when a schema is expected there.
    Value(bool),
    /// A mapping whose keys are names chosen by the author (`properties`, `paths`, …); `true`
    /// when its values are schemas.
    Names(bool),
    /// Literal data (`example`, `default`, `x-*`, …): a `$ref` in it is just data.
    Literal,
}

/// The context of the value under `key` of a structural mapping.
pub(super) fn child_ctx(key: &str, value: &Node, dialect: Dialect) -> Ctx {
    match key {
        "example" | "default" | "enum" | "const" | "value" => Ctx::Literal,
        "x-webhooks" => Ctx::Names(false),
        k if k.starts_with("x-") => Ctx::Literal,
        // 2.0 `examples` are literal values by media type; 3.1 schema `examples` a list of values.
        "examples" if dialect == Dialect::Swagger2 || !matches!(value.value, Value::Map(_)) => Ctx::Literal,
        "properties" | "patternProperties" | "definitions" | "$defs" | "schemas" | "dependentSchemas" => Ctx::Names(true),
        "paths"
        | "webhooks"
        | "parameters"
        | "responses"
        | "headers"
        | "requestBodies"
        | "securitySchemes"
        | "securityDefinitions"
        | "links"
        | "callbacks"
        | "content"
        | "encoding"
        | "variables"
        | "pathItems"
        | "mapping"
        | "scopes"
        | "examples"
            if matches!(value.value, Value::Map(_)) =>
        {
            Ctx::Names(false)
        }
        "schema"
        | "items"
        | "additionalProperties"
        | "not"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "additionalItems"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "allOf"
        | "oneOf"
        | "anyOf"
        | "prefixItems" => Ctx::Value(true),
        _ => Ctx::Value(false),
    }
}

/// Every `$ref` string in places where a Reference object may be.
fn collect_refs<'a>(node: &'a Node, dialect: Dialect, ctx: Ctx, out: &mut Vec<&'a str>) {
    match (&node.value, ctx) {
        (_, Ctx::Literal) => {}
        (Value::Map(entries), Ctx::Names(schemas)) => {
            for e in entries {
                collect_refs(&e.value, dialect, Ctx::Value(schemas), out);
            }
        }
        (Value::Map(entries), Ctx::Value(_)) => {
            for e in entries {
                if e.key == "$ref" {
                    if let Some(s) = e.value.as_str() {
                        out.push(s);
                    }
                    continue;
                }
                collect_refs(&e.value, dialect, child_ctx(&e.key, &e.value, dialect), out);
            }
        }
        (Value::Seq(items), Ctx::Value(s) | Ctx::Names(s)) => {
            for item in items {
                collect_refs(item, dialect, Ctx::Value(s), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "refs_tests.rs"]
mod tests;
