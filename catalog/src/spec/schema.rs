//! The schema arena: every schema node becomes one [`Schema`], memoized by the node it was built
//! from, so a `$ref` reaches the same id everywhere and recursive schemas become cycles. Ids of
//! reference targets are reserved before their content is read, and filled from a work list,
//! so neither recursion nor long chains of references can run away.

use super::builder::{addr, Builder, MAX_HOPS};
use super::model::*;
use super::refs::{ref_of, FileId};
use crate::doc::{Entry, Node, Value};

/// Keys that may sit beside a 3.1 `$ref` without making a new schema.
fn annotation_only(entries: &[Entry]) -> bool {
    entries.iter().all(|e| matches!(e.key.as_str(), "$ref" | "description" | "summary") || e.key.starts_with("x-"))
}

impl<'f> Builder<'f> {
    fn reserve(&mut self) -> SchemaId {
        self.schemas.push(Schema::default());
        SchemaId(self.schemas.len() as u32 - 1)
    }

    /// 3.1 lets `$ref` carry other keywords; earlier versions ignore them.
    fn ref_with_siblings(&self, node: &Node) -> bool {
        self.dialect == Dialect::OpenApi31 && node.as_map().is_some_and(|m| !annotation_only(m))
    }

    /// The schema written at `node` (inline, or a Reference object).
    pub(super) fn schema(&mut self, file: FileId, node: &'f Node) -> SchemaId {
        if let Some(&id) = self.memo.get(&addr(node)) {
            return id;
        }
        if let Some((r, _)) = ref_of(node) {
            if !self.ref_with_siblings(node) {
                let id = self.schema_target(file, node, r);
                self.memo.insert(addr(node), id);
                return id;
            }
        }
        let id = self.reserve();
        self.memo.insert(addr(node), id);
        self.fill(id, file, node, false);
        id
    }

    /// A 2.0 parameter or header: its own `type`, `format`, `items`… are the schema.
    pub(super) fn param_schema(&mut self, file: FileId, node: &'f Node) -> SchemaId {
        if let Some(&id) = self.memo.get(&addr(node)) {
            return id;
        }
        let id = self.reserve();
        self.memo.insert(addr(node), id);
        self.fill(id, file, node, true);
        id
    }

    /// Follows the reference at `ref_node` through plain aliases to a schema and returns its
    /// id, reserving it (and queueing its content) when it is new.
    fn schema_target(&mut self, file: FileId, ref_node: &'f Node, r: &str) -> SchemaId {
        let pos = ref_node.get("$ref").map_or(ref_node.pos, |n| n.pos);
        let Some(mut cur) = self.resolve(file, r, pos) else { return self.unresolved(file, ref_node, r) };
        let mut aliases = vec![addr(ref_node)];
        for _ in 0..MAX_HOPS {
            if let Some(&id) = self.memo.get(&addr(cur.1)) {
                return self.alias_to(&aliases[1..], id);
            }
            match ref_of(cur.1) {
                Some((r2, pos2)) if !self.ref_with_siblings(cur.1) => {
                    if aliases.contains(&addr(cur.1)) {
                        let msg = format!("`{r2}` leads back to itself through a cycle of references");
                        self.error("spec/ref-cycle", cur.0, pos2, msg, None);
                        return self.unresolved(file, ref_node, r);
                    }
                    aliases.push(addr(cur.1));
                    match self.resolve(cur.0, r2, pos2) {
                        Some(next) => cur = next,
                        None => return self.unresolved(file, ref_node, r),
                    }
                }
                _ => {
                    let id = self.reserve();
                    self.memo.insert(addr(cur.1), id);
                    self.pending.push((id, cur.0, cur.1));
                    return self.alias_to(&aliases[1..], id);
                }
            }
        }
        self.error("spec/ref-cycle", file, pos, format!("more than {MAX_HOPS} references in a row"), None);
        self.unresolved(file, ref_node, r)
    }

    fn alias_to(&mut self, aliases: &[usize], id: SchemaId) -> SchemaId {
        for &a in aliases {
            self.memo.insert(a, id);
        }
        id
    }

    fn unresolved(&mut self, file: FileId, node: &Node, r: &str) -> SchemaId {
        let id = self.reserve();
        let s = &mut self.schemas[id.0 as usize];
        s.unresolved_ref = Some(r.to_string());
        s.source = Some(Box::new((self.files.get(file).rel.clone(), node.pos)));
        id
    }

    /// Fills every reserved schema whose content is still to be read.
    pub(super) fn drain_schemas(&mut self) {
        while let Some((id, file, node)) = self.pending.pop() {
            self.fill(id, file, node, false);
        }
    }

    fn fill(&mut self, id: SchemaId, file: FileId, node: &'f Node, param: bool) {
        let mut s = Schema { source: Some(Box::new((self.files.get(file).rel.clone(), node.pos))), ..Schema::default() };
        let entries = match &node.value {
            Value::Map(m) => m.as_slice(),
            Value::Bool(true) => &[],
            Value::Bool(false) => {
                s.not = Some(self.reserve());
                &[]
            }
            _ => {
                self.invalid(file, "schema", node, "a schema (a mapping)");
                &[]
            }
        };
        let (mut nullable, mut excl_min, mut excl_max, mut first_example) = (false, false, false, None);
        let mut ref_target = None;
        for e in entries {
            let v = &e.value;
            let key = e.key.as_str();
            match key {
                "$ref" => match v.as_str() {
                    Some(r) => ref_target = Some(self.schema_target(file, node, r)),
                    None => self.invalid(file, key, v, "a string"),
                },
                "title" => s.title = self.text(file, key, v),
                "description" if !param => s.description = self.text(file, key, v),
                "type" => match &v.value {
                    Value::Seq(items) => {
                        for t in items {
                            match t.as_str() {
                                Some(t) => s.types.push(t.to_string()),
                                None => self.invalid(file, key, t, "a type name"),
                            }
                        }
                    }
                    Value::String(t) => s.types.push(t.clone()),
                    Value::Null => {}
                    _ => self.invalid(file, key, v, "a type name or a list of them"),
                },
                "nullable" | "x-nullable" => nullable |= self.boolean(file, key, v).unwrap_or(false),
                "format" => s.format = self.text(file, key, v),
                "enum" => s.enum_values = self.seq(file, key, v).iter().map(Node::to_json).collect(),
                "const" => s.const_value = Some(Box::new(v.to_json())),
                "default" => s.default = Some(Box::new(v.to_json())),
                "example" => s.example = Some(Box::new(v.to_json())),
                "examples" => match &v.value {
                    Value::Seq(items) => first_example = items.first().map(Node::to_json),
                    _ => self.invalid(file, key, v, "a list of example values"),
                },
                "properties" => {
                    for p in self.map(file, key, v) {
                        let pid = self.schema(file, &p.value);
                        s.properties.push((p.key.clone(), pid));
                    }
                }
                "required" if !param => match &v.value {
                    Value::Seq(_) => s.required = self.strings(file, key, v),
                    // `required: true` on a property is a common 2.0-era mistake.
                    _ => self.invalid(file, key, v, "a list of property names"),
                },
                "additionalProperties" => match &v.value {
                    Value::Bool(b) => s.additional_properties = Some(Additional::Allowed(*b)),
                    Value::Map(_) => s.additional_properties = Some(Additional::Schema(self.schema(file, v))),
                    _ => self.invalid(file, key, v, "true, false or a schema"),
                },
                "items" => match &v.value {
                    Value::Seq(items) => s.prefix_items = items.iter().map(|i| self.schema(file, i)).collect(),
                    Value::Map(_) | Value::Bool(_) => s.items = Some(self.schema(file, v)),
                    _ => self.invalid(file, key, v, "a schema"),
                },
                "prefixItems" => s.prefix_items = self.schema_list(file, key, v),
                "allOf" => s.all_of = self.schema_list(file, key, v),
                "oneOf" => s.one_of = self.schema_list(file, key, v),
                "anyOf" => s.any_of = self.schema_list(file, key, v),
                "not" => match &v.value {
                    Value::Map(_) | Value::Bool(_) => s.not = Some(self.schema(file, v)),
                    _ => self.invalid(file, key, v, "a schema"),
                },
                "discriminator" => match &v.value {
                    Value::String(name) => s.discriminator = Some(Box::new(Discriminator { property_name: name.clone(), mapping: Vec::new() })),
                    Value::Map(fields) => {
                        let mut d = Discriminator { property_name: String::new(), mapping: Vec::new() };
                        for f in fields {
                            match f.key.as_str() {
                                "propertyName" => d.property_name = self.text(file, "propertyName", &f.value).unwrap_or_default(),
                                "mapping" => {
                                    for m in self.map(file, "mapping", &f.value) {
                                        if let Some(t) = self.text(file, "mapping", &m.value) {
                                            d.mapping.push((m.key.clone(), t));
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                        s.discriminator = Some(Box::new(d));
                    }
                    _ => self.invalid(file, key, v, "a discriminator object"),
                },
                "minimum" => s.minimum = self.number(file, key, v),
                "maximum" => s.maximum = self.number(file, key, v),
                "exclusiveMinimum" => match &v.value {
                    Value::Bool(b) => excl_min = *b,
                    _ => s.exclusive_minimum = self.number(file, key, v),
                },
                "exclusiveMaximum" => match &v.value {
                    Value::Bool(b) => excl_max = *b,
                    _ => s.exclusive_maximum = self.number(file, key, v),
                },
                "multipleOf" => s.multiple_of = self.number(file, key, v),
                "minLength" => s.min_length = self.count(file, key, v),
                "maxLength" => s.max_length = self.count(file, key, v),
                "pattern" => s.pattern = self.text(file, key, v),
                "minItems" => s.min_items = self.count(file, key, v),
                "maxItems" => s.max_items = self.count(file, key, v),
                "uniqueItems" => s.unique_items = self.boolean(file, key, v).unwrap_or(false),
                "minProperties" => s.min_properties = self.count(file, key, v),
                "maxProperties" => s.max_properties = self.count(file, key, v),
                "readOnly" => s.read_only = self.boolean(file, key, v).unwrap_or(false),
                "writeOnly" => s.write_only = self.boolean(file, key, v).unwrap_or(false),
                "deprecated" => s.deprecated = self.boolean(file, key, v).unwrap_or(false),
                _ => {}
            }
        }
        // 3.0 (and 2.0 with `x-nullable`): a boolean says the bound is exclusive.
        if excl_min && s.exclusive_minimum.is_none() {
            s.exclusive_minimum = s.minimum.take();
        }
        if excl_max && s.exclusive_maximum.is_none() {
            s.exclusive_maximum = s.maximum.take();
        }
        if nullable && !s.types.is_empty() && !s.types.iter().any(|t| t == "null") {
            s.types.push("null".into());
        }
        if s.example.is_none() {
            s.example = first_example.map(Box::new);
        }
        if let Some(target) = ref_target {
            s.all_of.insert(0, target);
        }
        // A name given while the content was pending stays.
        s.name = self.schemas[id.0 as usize].name.take();
        self.schemas[id.0 as usize] = s;
    }

    fn schema_list(&mut self, file: FileId, key: &str, v: &'f Node) -> Vec<SchemaId> {
        let items = self.seq(file, key, v);
        items.iter().map(|i| self.schema(file, i)).collect()
    }

    /// Named schemas of a mapping (`components/schemas`, `definitions`), in order.
    pub(super) fn named_schemas(&mut self, file: FileId, key: &str, node: &'f Node) -> Vec<NamedSchema> {
        let mut out = Vec::new();
        for e in self.map(file, key, node) {
            let id = self.schema(file, &e.value);
            // An alias (`A: {$ref: B}`) does not rename B.
            if ref_of(&e.value).is_none() || self.ref_with_siblings(&e.value) {
                let s = &mut self.schemas[id.0 as usize];
                if s.name.is_none() {
                    s.name = Some(e.key.clone());
                }
            }
            out.push(NamedSchema { name: e.key.clone(), id });
        }
        out
    }
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
