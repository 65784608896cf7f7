//! The state of turning parsed files into the normalized model: diagnostics (each reported
//! once), lenient field readers that warn about a wrong type and carry on, following the
//! `$ref`s of non-schema objects (chains up to 32 hops, cycles reported), and the parts every
//! dialect shares: info, tags, servers, security requirements, examples, path items and
//! operations, operation keys and duplicate operationIds.

use std::collections::{HashMap, HashSet};

use super::keys;
use super::model::*;
use super::refs::{ref_of, FileId, Files, RefKind, Slot, ROOT};
use crate::diag::Diagnostic;
use crate::doc::{Entry, Node, Pos, Value};

/// Most `$ref` hops followed from one place.
pub(super) const MAX_HOPS: usize = 32;

/// A parameter read far enough to merge path-level and operation-level lists.
pub(super) struct RawParam<'f> {
    pub(super) name: String,
    pub(super) location: String,
    pub(super) file: FileId,
    pub(super) node: &'f Node,
}

/// Builds one [`Spec`].
pub(super) struct Builder<'f> {
    pub(super) files: &'f Files,
    pub(super) dialect: Dialect,
    pub(super) diags: Vec<Diagnostic>,
    reported: HashSet<(&'static str, FileId, Option<Pos>)>,
    pub(super) schemas: Vec<Schema>,
    /// Schema ids by the address of the node they were built from.
    pub(super) memo: HashMap<usize, SchemaId>,
    /// Schemas reserved but not yet filled (ref targets, filled later so that long chains of
    /// references never recurse deeply).
    pub(super) pending: Vec<(SchemaId, FileId, &'f Node)>,
    op_ids: HashMap<String, (FileId, Pos)>,
}

pub(super) fn addr(node: &Node) -> usize {
    node as *const Node as usize
}

impl<'f> Builder<'f> {
    pub(super) fn new(files: &'f Files, dialect: Dialect) -> Self {
        Builder {
            files,
            dialect,
            diags: Vec::new(),
            reported: HashSet::new(),
            schemas: Vec::new(),
            memo: HashMap::new(),
            pending: Vec::new(),
            op_ids: HashMap::new(),
        }
    }

    // ----- diagnostics -----

    fn push(&mut self, file: FileId, d: Diagnostic) {
        if self.reported.insert((d.rule, file, d.pos)) {
            self.diags.push(d);
        }
    }

    pub(super) fn error(&mut self, rule: &'static str, file: FileId, pos: Pos, msg: String, hint: Option<&str>) {
        let mut d = Diagnostic::error(rule, self.files.display(file), Some(pos), msg);
        d.hint = hint.map(str::to_string);
        self.push(file, d);
    }

    pub(super) fn warning(&mut self, rule: &'static str, file: FileId, pos: Pos, msg: String, hint: Option<&str>) {
        let mut d = Diagnostic::warning(rule, self.files.display(file), Some(pos), msg);
        d.hint = hint.map(str::to_string);
        self.push(file, d);
    }

    /// A field of the wrong type: warned about, then ignored.
    pub(super) fn invalid(&mut self, file: FileId, key: &str, value: &Node, expected: &str) {
        let msg = format!("`{key}` should be {expected}, not {}; it is ignored", value.kind());
        self.warning("spec/invalid-field", file, value.pos, msg, None);
    }

    // ----- lenient readers -----

    /// Text (numbers and booleans as written); `null` is absent.
    pub(super) fn text(&mut self, file: FileId, key: &str, v: &Node) -> Option<String> {
        match &v.value {
            Value::Null => None,
            Value::Map(_) | Value::Seq(_) => {
                self.invalid(file, key, v, "a string");
                None
            }
            _ => v.as_text().map(str::to_string),
        }
    }

    pub(super) fn boolean(&mut self, file: FileId, key: &str, v: &Node) -> Option<bool> {
        match &v.value {
            Value::Null => None,
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" || s == "false" => Some(s == "true"),
            _ => {
                self.invalid(file, key, v, "true or false");
                None
            }
        }
    }

    pub(super) fn number(&mut self, file: FileId, key: &str, v: &Node) -> Option<f64> {
        match &v.value {
            Value::Null => None,
            Value::Number(_) => v.as_f64(),
            Value::String(s) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.invalid(file, key, v, "a number");
                None
            }
        }
    }

    pub(super) fn count(&mut self, file: FileId, key: &str, v: &Node) -> Option<u64> {
        match self.number(file, key, v) {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => Some(n as u64),
            Some(_) => {
                self.invalid(file, key, v, "a whole number");
                None
            }
            None => None,
        }
    }

    pub(super) fn map(&mut self, file: FileId, key: &str, v: &'f Node) -> &'f [Entry] {
        match &v.value {
            Value::Map(m) => m,
            Value::Null => &[],
            _ => {
                self.invalid(file, key, v, "a mapping");
                &[]
            }
        }
    }

    pub(super) fn seq(&mut self, file: FileId, key: &str, v: &'f Node) -> &'f [Node] {
        match &v.value {
            Value::Seq(s) => s,
            Value::Null => &[],
            _ => {
                self.invalid(file, key, v, "a list");
                &[]
            }
        }
    }

    /// A list of strings (items of another type are warned about).
    pub(super) fn strings(&mut self, file: FileId, key: &str, v: &'f Node) -> Vec<String> {
        let mut out = Vec::new();
        for item in self.seq(file, key, v) {
            if let Some(t) = self.text(file, key, item) {
                out.push(t);
            }
        }
        out
    }

    // ----- references -----

    /// One `$ref` hop, reporting why it cannot be followed.
    pub(super) fn resolve(&mut self, file: FileId, r: &str, pos: Pos) -> Option<(FileId, &'f Node)> {
        const HINT: &str = "a $ref is relative to the file it is written in: `#/components/schemas/Name`, `common.yaml#/Name` or `schemas/name.yaml`";
        let files = self.files;
        match files.parse_ref(file, r) {
            RefKind::Local(ptr) => match files.lookup(file, &ptr) {
                Some(n) => Some((file, n)),
                None => {
                    self.error("spec/ref-unresolved", file, pos, format!("`{r}` points at nothing in this file"), Some(HINT));
                    None
                }
            },
            RefKind::File { rel, pointer } => match files.slot(&rel) {
                Some(Slot::Loaded(id)) => match files.lookup(id, &pointer) {
                    Some(n) => Some((id, n)),
                    None => {
                        let msg = format!("`{r}`: there is no `{pointer}` in {rel}");
                        self.error("spec/ref-unresolved", file, pos, msg, Some(HINT));
                        None
                    }
                },
                Some(Slot::Outside) => {
                    let msg = format!("`{r}` is a link that leads outside the API folder; it was not read");
                    self.error("spec/ref-outside-folder", file, pos, msg, Some("copy the file into the API folder"));
                    None
                }
                Some(Slot::TooMany) => {
                    let msg = format!("`{r}`: the spec references more files than allowed; it was not read");
                    self.error("spec/too-many-files", file, pos, msg, Some("merge small schema files into fewer ones"));
                    None
                }
                Some(Slot::Unreadable) => {
                    let msg = format!("`{r}`: {rel} could not be read (see the error reported for it)");
                    self.error("spec/ref-unresolved", file, pos, msg, None);
                    None
                }
                Some(Slot::Missing) | None => {
                    let msg = format!("`{r}`: file {rel} not found in the API folder");
                    self.error("spec/ref-unresolved", file, pos, msg, Some(HINT));
                    None
                }
            },
            RefKind::Remote => {
                let msg = format!("`{r}` is a remote reference; it is not fetched");
                self.warning("spec/ref-remote", file, pos, msg, Some("copy what it points at into the API folder and use a relative $ref"));
                None
            }
            RefKind::Refused(why) => {
                let msg = format!("`{r}` {why}; it was not read");
                let hint = "a $ref may only point at files inside the API folder, by a relative path";
                self.error("spec/ref-outside-folder", file, pos, msg, Some(hint));
                None
            }
        }
    }

    /// Follows a Reference object (and references to references) to the object itself.
    pub(super) fn deref(&mut self, file: FileId, node: &'f Node) -> Option<(FileId, &'f Node)> {
        let mut cur = (file, node);
        let mut seen: Vec<usize> = Vec::new();
        for _ in 0..=MAX_HOPS {
            let Some((r, pos)) = ref_of(cur.1) else { return Some(cur) };
            if seen.contains(&addr(cur.1)) {
                let msg = format!("`{r}` leads back to itself through a cycle of references");
                self.error("spec/ref-cycle", cur.0, pos, msg, None);
                return None;
            }
            seen.push(addr(cur.1));
            cur = self.resolve(cur.0, r, pos)?;
        }
        let pos = node.pos;
        self.error("spec/ref-cycle", file, pos, format!("more than {MAX_HOPS} references in a row"), None);
        None
    }

    // ----- shared parts -----

    pub(super) fn info(&mut self, node: Option<&'f Node>) -> Info {
        let mut info = Info::default();
        let Some(node) = node else {
            let pos = self.files.root().pos;
            self.warning("spec/missing-field", ROOT, pos, "no `info`".into(), Some("add `info` with `title` and `version`"));
            return info;
        };
        let (mut title, mut version) = (None, None);
        for e in self.map(ROOT, "info", node) {
            let v = &e.value;
            match e.key.as_str() {
                "title" => title = self.text(ROOT, "title", v),
                "version" => version = self.text(ROOT, "version", v),
                "description" => info.description = self.text(ROOT, "description", v),
                "termsOfService" => info.terms_of_service = self.text(ROOT, "termsOfService", v),
                "contact" => {
                    let mut c = SpecContact::default();
                    for e in self.map(ROOT, "contact", v) {
                        match e.key.as_str() {
                            "name" => c.name = self.text(ROOT, "name", &e.value),
                            "url" => c.url = self.text(ROOT, "url", &e.value),
                            "email" => c.email = self.text(ROOT, "email", &e.value),
                            _ => {}
                        }
                    }
                    info.contact = Some(c);
                }
                "license" => {
                    let mut l = License::default();
                    for e in self.map(ROOT, "license", v) {
                        match e.key.as_str() {
                            "name" => l.name = self.text(ROOT, "name", &e.value).unwrap_or_default(),
                            "url" => l.url = self.text(ROOT, "url", &e.value),
                            "identifier" => l.identifier = self.text(ROOT, "identifier", &e.value),
                            _ => {}
                        }
                    }
                    info.license = Some(l);
                }
                _ => {}
            }
        }
        for (key, value) in [("title", &title), ("version", &version)] {
            if value.is_none() {
                self.warning("spec/missing-field", ROOT, node.pos, format!("`info` has no `{key}`"), None);
            }
        }
        info.title = title.unwrap_or_default();
        info.version = version.unwrap_or_default();
        info
    }

    pub(super) fn external_docs(&mut self, file: FileId, node: &'f Node) -> Option<ExternalDocs> {
        let (mut url, mut description) = (None, None);
        for e in self.map(file, "externalDocs", node) {
            match e.key.as_str() {
                "url" => url = self.text(file, "url", &e.value),
                "description" => description = self.text(file, "description", &e.value),
                _ => {}
            }
        }
        Some(ExternalDocs { url: url?, description })
    }

    /// Declared tags, in order.
    pub(super) fn tags(&mut self, node: &'f Node) -> Vec<Tag> {
        let mut tags: Vec<Tag> = Vec::new();
        for item in self.seq(ROOT, "tags", node) {
            let (mut name, mut description) = (None, None);
            for e in self.map(ROOT, "tags", item) {
                match e.key.as_str() {
                    "name" => name = self.text(ROOT, "name", &e.value),
                    "description" => description = self.text(ROOT, "description", &e.value),
                    _ => {}
                }
            }
            match name {
                Some(name) if !tags.iter().any(|t| t.name == name) => tags.push(Tag { name, description }),
                Some(_) => {}
                None => self.warning("spec/missing-field", ROOT, item.pos, "a tag without `name`; it is ignored".into(), None),
            }
        }
        tags
    }

    /// 3.x `servers`, variables replaced by their defaults.
    pub(super) fn servers(&mut self, file: FileId, node: &'f Node) -> Vec<Server> {
        let mut servers = Vec::new();
        for item in self.seq(file, "servers", node) {
            let (mut template, mut description, mut variables) = (None, None, Vec::new());
            for e in self.map(file, "servers", item) {
                match e.key.as_str() {
                    "url" => template = self.text(file, "url", &e.value),
                    "description" => description = self.text(file, "description", &e.value),
                    "variables" => {
                        for v in self.map(file, "variables", &e.value) {
                            let mut var = ServerVariable { name: v.key.clone(), default: String::new(), enum_values: Vec::new(), description: None };
                            for f in self.map(file, "variables", &v.value) {
                                match f.key.as_str() {
                                    "default" => var.default = self.text(file, "default", &f.value).unwrap_or_default(),
                                    "enum" => var.enum_values = self.strings(file, "enum", &f.value),
                                    "description" => var.description = self.text(file, "description", &f.value),
                                    _ => {}
                                }
                            }
                            variables.push(var);
                        }
                    }
                    _ => {}
                }
            }
            let Some(template) = template else {
                self.warning("spec/missing-field", file, item.pos, "a server without `url`; it is ignored".into(), None);
                continue;
            };
            let mut url = template.clone();
            for v in &variables {
                url = url.replace(&format!("{{{}}}", v.name), &v.default);
            }
            servers.push(Server { url, template, description, variables });
        }
        servers
    }

    /// Security requirements (alternatives).
    pub(super) fn security(&mut self, file: FileId, node: &'f Node) -> Vec<SecurityRequirement> {
        let mut out = Vec::new();
        for item in self.seq(file, "security", node) {
            let mut req = SecurityRequirement::default();
            for e in self.map(file, "security", item) {
                let scopes = self.strings(file, &e.key, &e.value);
                req.schemes.push((e.key.clone(), scopes));
            }
            out.push(req);
        }
        out
    }

    /// A 3.x `examples` mapping: Example objects or references to them.
    pub(super) fn examples(&mut self, file: FileId, node: &'f Node) -> Vec<Example> {
        let mut out = Vec::new();
        for e in self.map(file, "examples", node) {
            let Some((f, ex)) = self.deref(file, &e.value) else { continue };
            let mut example = Example { name: e.key.clone(), summary: None, description: None, value: None, external_value: None };
            match &ex.value {
                Value::Map(fields) => {
                    for x in fields {
                        match x.key.as_str() {
                            "summary" => example.summary = self.text(f, "summary", &x.value),
                            "description" => example.description = self.text(f, "description", &x.value),
                            "value" => example.value = Some(x.value.to_json()),
                            "externalValue" => example.external_value = self.text(f, "externalValue", &x.value),
                            _ => {}
                        }
                    }
                }
                _ => self.invalid(f, "examples", ex, "an Example object (with `value`)"),
            }
            out.push(example);
        }
        out
    }

    /// The lone `example` as a named example.
    pub(super) fn default_example(value: &Node) -> Example {
        Example { name: "default".into(), summary: None, description: None, value: Some(value.to_json()), external_value: None }
    }

    /// Parameters of a path item or operation, references followed, with `name` and `in`.
    pub(super) fn raw_params(&mut self, file: FileId, node: &'f Node) -> Vec<RawParam<'f>> {
        let mut out = Vec::new();
        for item in self.seq(file, "parameters", node) {
            let Some((f, p)) = self.deref(file, item) else { continue };
            let name = p.get("name").and_then(Node::as_text);
            let location = p.get("in").and_then(Node::as_text);
            match (name, location) {
                (Some(name), Some(location)) => out.push(RawParam { name: name.to_string(), location: location.to_string(), file: f, node: p }),
                _ => self.warning(
                    "spec/invalid-field",
                    f,
                    p.pos,
                    "a parameter needs `name` and `in`; it is ignored".into(),
                    Some("add both, e.g. `name: id` and `in: path`"),
                ),
            }
        }
        out
    }

    pub(super) fn location(&mut self, raw: &RawParam<'f>) -> Option<ParamLocation> {
        let loc = match raw.location.as_str() {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            other => {
                let msg = format!("parameter `{}` has `in: {other}`; expected path, query, header or cookie; it is ignored", raw.name);
                self.warning("spec/invalid-field", raw.file, raw.node.pos, msg, None);
                return None;
            }
        };
        Some(loc)
    }

    /// Path items of `paths` (or webhooks) into operations.
    pub(super) fn path_items(&mut self, node: &'f Node, section: &str) -> Vec<Operation> {
        let mut ops = Vec::new();
        for entry in self.map(ROOT, section, node) {
            if entry.key.starts_with("x-") {
                continue;
            }
            let Some((file, item)) = self.deref(ROOT, &entry.value) else { continue };
            let Some(fields) = item.as_map() else {
                self.invalid(file, &entry.key, item, "a path item (a mapping of methods)");
                continue;
            };
            let shared = match item.get("parameters") {
                Some(p) => self.raw_params(file, p),
                None => Vec::new(),
            };
            let servers = match item.get("servers") {
                Some(s) if self.dialect != Dialect::Swagger2 => self.servers(file, s),
                _ => Vec::new(),
            };
            let base = format!("/{}/{}", section, super::refs::escape(&entry.key));
            for method in Method::ALL {
                let Some(e) = fields.iter().find(|e| e.key == method.as_str()) else { continue };
                // An operation in another file is placed where its path's `$ref` is written.
                let pos = if file == ROOT { e.key_pos } else { entry.value.pos };
                let ctx = OpContext { path: &entry.key, method, pointer: format!("{base}/{}", method.as_str()), pos, shared: &shared, servers: &servers };
                if let Some(op) = self.operation(file, &e.value, ctx) {
                    ops.push(op);
                }
            }
        }
        ops
    }

    fn operation(&mut self, file: FileId, node: &'f Node, ctx: OpContext<'_, 'f>) -> Option<Operation> {
        let Some(fields) = node.as_map() else {
            self.invalid(file, ctx.method.as_str(), node, "an operation (a mapping)");
            return None;
        };
        let mut op = Operation {
            key: String::new(),
            method: ctx.method,
            path: ctx.path.to_string(),
            operation_id: None,
            summary: None,
            description: None,
            tags: Vec::new(),
            deprecated: false,
            parameters: Vec::new(),
            request_body: None,
            responses: Vec::new(),
            security: None,
            servers: ctx.servers.to_vec(),
            callbacks: Vec::new(),
            pointer: ctx.pointer,
            pos: ctx.pos,
        };
        let mut own_params = Vec::new();
        for e in fields {
            let v = &e.value;
            match e.key.as_str() {
                "operationId" => {
                    op.operation_id = self.text(file, "operationId", v);
                    if let Some(id) = &op.operation_id {
                        match self.op_ids.get(id) {
                            Some(&(first_file, first)) => {
                                let where_ = if first_file == file {
                                    format!("line {}", first.line)
                                } else {
                                    format!("{}:{}", self.files.display(first_file), first.line)
                                };
                                let msg = format!("operationId `{id}` is already used by the operation at {where_}");
                                self.error("spec/duplicate-operation-id", file, v.pos, msg, Some("every operationId must be unique in the spec"));
                            }
                            None => {
                                self.op_ids.insert(id.clone(), (file, v.pos));
                            }
                        }
                    }
                }
                "summary" => op.summary = self.text(file, "summary", v),
                "description" => op.description = self.text(file, "description", v),
                "tags" => op.tags = self.strings(file, "tags", v),
                "deprecated" => op.deprecated = self.boolean(file, "deprecated", v).unwrap_or(false),
                "parameters" => own_params = self.raw_params(file, v),
                "security" => op.security = Some(self.security(file, v)),
                "servers" if self.dialect != Dialect::Swagger2 => op.servers = self.servers(file, v),
                "callbacks" => op.callbacks = self.map(file, "callbacks", v).iter().map(|c| c.key.clone()).collect(),
                _ => {}
            }
        }
        // Operation-level parameters win over path-level ones with the same name and location.
        let mut params: Vec<RawParam<'f>> = Vec::with_capacity(ctx.shared.len() + own_params.len());
        for p in ctx.shared {
            if !own_params.iter().any(|o| o.name == p.name && o.location == p.location) {
                params.push(RawParam { name: p.name.clone(), location: p.location.clone(), file: p.file, node: p.node });
            }
        }
        params.extend(own_params);
        if self.dialect == Dialect::Swagger2 {
            self.operation2(file, node, params, &mut op);
        } else {
            self.operation3(file, node, params, &mut op);
        }
        Some(op)
    }

    /// The finishing touches: tags used but not declared, operation keys.
    pub(super) fn finish(spec: &mut Spec) {
        let mut used: Vec<String> = Vec::new();
        for op in spec.operations.iter().chain(spec.webhooks.iter()) {
            for t in &op.tags {
                if !spec.tags.iter().any(|d| &d.name == t) && !used.contains(t) {
                    used.push(t.clone());
                }
            }
        }
        spec.tags.extend(used.into_iter().map(|name| Tag { name, description: None }));
        keys::assign(spec.operations.iter_mut().chain(spec.webhooks.iter_mut()));
    }
}

/// Where an operation sits, handed from its path item.
pub(super) struct OpContext<'a, 'f> {
    pub(super) path: &'a str,
    pub(super) method: Method,
    pub(super) pointer: String,
    pub(super) pos: Pos,
    pub(super) shared: &'a [RawParam<'f>],
    pub(super) servers: &'a [Server],
}
