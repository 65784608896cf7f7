//! Schema trees: a request body, a response or a named schema as nested lists of properties with
//! their types, flags, descriptions and constraints; `oneOf`/`anyOf`/`allOf` as labelled groups;
//! nested objects in `<details>`. The schema graph may have cycles (recursive schemas): a named
//! schema already on the path, or deeper than a few levels, becomes a link to its own page, and a
//! node budget per tree keeps giant schemas from blowing a page up.

use std::sync::OnceLock;

use catalog::spec::{Additional, Schema, SchemaId, Spec};

use crate::i18n::Strings;
use crate::markdown::{escape_into, Markdown};
use crate::GenError;

/// Named schemas deeper than this are links to their pages, not expanded: the root's own
/// properties expand one level, and every named schema has a page of its own anyway.
const NAMED_EXPAND_DEPTH: usize = 2;
/// Inline schemas deeper than this are cut (only absurd specs nest inline objects this deep).
const MAX_DEPTH: usize = 12;
/// Enum values shown before the rest is elided.
const MAX_ENUM: usize = 40;

/// How much one tree may show. The root's own properties are always listed (up to the byte
/// limit); the node budget limits what nested levels are expanded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Nested nodes (properties, items, variants below the root's own).
    pub(crate) nodes: usize,
    /// Bytes of HTML.
    pub(crate) bytes: usize,
}

/// On operation pages.
pub(crate) const OPERATION_BUDGET: Budget = Budget { nodes: 60, bytes: 120_000 };
/// On a named schema's own page.
pub(crate) const SCHEMA_PAGE_BUDGET: Budget = Budget { nodes: 300, bytes: 400_000 };

/// The words of a tree in one language.
#[derive(Debug, Clone)]
pub(crate) struct Labels {
    required: String,
    nullable: String,
    read_only: String,
    write_only: String,
    deprecated: String,
    one_of: String,
    any_of: String,
    all_of: String,
    not: String,
    array_of: String,
    any: String,
    object: String,
    properties: String,
    additional: String,
    items: String,
    variant: String,
    recursive: String,
    truncated: String,
    enum_values: String,
    default: String,
    example: String,
    constant: String,
    min: String,
    max: String,
    exclusive_min: String,
    exclusive_max: String,
    multiple_of: String,
    length: String,
    pattern: String,
    item_count: String,
    unique: String,
    property_count: String,
    discriminator: String,
    unresolved: String,
    no_schema: String,
}

impl Labels {
    /// The labels from the `schema.*` translation keys.
    pub(crate) fn new(s: &Strings) -> Result<Labels, GenError> {
        let t = |k: &str| s.require(&format!("schema.{k}")).map(str::to_string).map_err(|message| GenError::Theme { file: "i18n".into(), message });
        Ok(Labels {
            required: t("required")?,
            nullable: t("nullable")?,
            read_only: t("read_only")?,
            write_only: t("write_only")?,
            deprecated: t("deprecated")?,
            one_of: t("one_of")?,
            any_of: t("any_of")?,
            all_of: t("all_of")?,
            not: t("not")?,
            array_of: t("array_of")?,
            any: t("any")?,
            object: t("object")?,
            properties: t("properties")?,
            additional: t("additional")?,
            items: t("items")?,
            variant: t("variant")?,
            recursive: t("recursive")?,
            truncated: t("truncated")?,
            enum_values: t("enum_values")?,
            default: t("default")?,
            example: t("example")?,
            constant: t("constant")?,
            min: t("min")?,
            max: t("max")?,
            exclusive_min: t("exclusive_min")?,
            exclusive_max: t("exclusive_max")?,
            multiple_of: t("multiple_of")?,
            length: t("length")?,
            pattern: t("pattern")?,
            item_count: t("item_count")?,
            unique: t("unique")?,
            property_count: t("property_count")?,
            discriminator: t("discriminator")?,
            unresolved: t("unresolved")?,
            no_schema: t("no_schema")?,
        })
    }
}

/// Gives the address of a named schema's section: `(lang, slug) -> URL`.
type LinkFn<'a> = Box<dyn Fn(&str, &str) -> String + Send + Sync + 'a>;

/// What trees of one spec version share: the spec, links to named schemas, and the rendered
/// descriptions (each rendered once, on first use, by whichever thread needs it).
pub(crate) struct SchemaSet<'a> {
    pub(crate) spec: &'a Spec,
    /// Slug of each named schema's page, by schema index (`None` for inline schemas).
    slugs: Vec<Option<Box<str>>>,
    descriptions: Vec<OnceLock<Box<str>>>,
    markdown: &'a Markdown,
    /// `schema_url(lang, slug)`.
    link: LinkFn<'a>,
}

impl std::fmt::Debug for SchemaSet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SchemaSet")
    }
}

impl<'a> SchemaSet<'a> {
    /// `slugs` pairs the ids of named schemas with the slugs of their pages.
    pub(crate) fn new(
        spec: &'a Spec,
        named: &[(SchemaId, String)],
        markdown: &'a Markdown,
        link: impl Fn(&str, &str) -> String + Send + Sync + 'a,
    ) -> SchemaSet<'a> {
        let mut slugs: Vec<Option<Box<str>>> = vec![None; spec.schemas.len()];
        for (id, slug) in named {
            if let Some(s) = slugs.get_mut(id.0 as usize) {
                if s.is_none() {
                    *s = Some(slug.clone().into_boxed_str());
                }
            }
        }
        SchemaSet { spec, slugs, descriptions: (0..spec.schemas.len()).map(|_| OnceLock::new()).collect(), markdown, link: Box::new(link) }
    }

    fn slug(&self, id: SchemaId) -> Option<&str> {
        self.slugs.get(id.0 as usize).and_then(|s| s.as_deref())
    }

    /// The page of a named schema, in `lang`.
    pub(crate) fn url(&self, lang: &str, id: SchemaId) -> Option<String> {
        self.slug(id).map(|s| (self.link)(lang, s))
    }

    fn schema(&self, id: SchemaId) -> Option<&'a Schema> {
        self.spec.schemas.get(id.0 as usize)
    }

    /// The description of a schema as HTML (rendered once).
    pub(crate) fn description(&self, id: SchemaId) -> &str {
        let Some(cell) = self.descriptions.get(id.0 as usize) else { return "" };
        cell.get_or_init(|| match self.schema(id).and_then(|s| s.description.as_deref()) {
            Some(d) => self.markdown.render(d, 4).into_boxed_str(),
            None => Box::from(""),
        })
    }

    /// The tree of `root` as HTML; the flag says whether the budget cut it.
    pub(crate) fn render(&self, root: SchemaId, lang: &str, labels: &Labels, budget: Budget) -> (String, bool) {
        let mut w = Writer {
            set: self,
            lang,
            l: labels,
            out: String::with_capacity(2048),
            nodes_left: budget.nodes,
            byte_limit: budget.bytes,
            path: Vec::new(),
            cut: false,
        };
        w.root(root);
        (w.out, w.cut)
    }

    /// A short type text for tables (parameters, headers): `string (date)`, `array of Pet`.
    pub(crate) fn type_html(&self, id: SchemaId, lang: &str, labels: &Labels) -> String {
        let mut w = Writer { set: self, lang, l: labels, out: String::new(), nodes_left: 0, byte_limit: 0, path: Vec::new(), cut: false };
        w.type_label(id, true, 0);
        w.out
    }

    /// Constraints and enum values for tables, as HTML (empty when there are none).
    pub(crate) fn facts_html(&self, id: SchemaId, lang: &str, labels: &Labels) -> String {
        let mut w = Writer { set: self, lang, l: labels, out: String::new(), nodes_left: 0, byte_limit: 0, path: Vec::new(), cut: false };
        if let Some(s) = self.schema(id) {
            w.facts(s);
        }
        w.out
    }
}

struct Writer<'s, 'a> {
    set: &'s SchemaSet<'a>,
    lang: &'s str,
    l: &'s Labels,
    out: String,
    nodes_left: usize,
    byte_limit: usize,
    path: Vec<SchemaId>,
    cut: bool,
}

impl Writer<'_, '_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        escape_into(s, &mut self.out);
    }

    fn exhausted(&self) -> bool {
        self.nodes_left == 0 || self.out.len() >= self.byte_limit
    }

    /// Whether a list at `depth` must stop: the root's own properties only at the byte limit.
    fn exhausted_at(&self, depth: usize) -> bool {
        if depth == 0 {
            self.out.len() >= self.byte_limit
        } else {
            self.exhausted()
        }
    }

    fn root(&mut self, id: SchemaId) {
        let Some(s) = self.set.schema(id) else {
            self.push("<p class=\"tree-root\">");
            let t = self.l.no_schema.clone();
            self.text(&t);
            self.push("</p>");
            return;
        };
        self.push("<div class=\"schema-tree\"><p class=\"tree-root\"><span class=\"node-type\">");
        self.type_label(id, false, 0);
        self.push("</span>");
        self.flags(s, false);
        self.push("</p>");
        let d = self.set.description(id);
        if !d.is_empty() {
            self.push("<div class=\"node-desc\">");
            self.push(d);
            self.push("</div>");
        }
        self.facts(s);
        self.path.push(id);
        self.children(id, 0);
        self.path.pop();
        self.push("</div>");
    }

    /// The schema behind arrays: `Pet` for `array of array of Pet`.
    fn element(&self, mut id: SchemaId) -> SchemaId {
        for _ in 0..4 {
            match self.set.schema(id) {
                Some(s) if s.types.iter().any(|t| t == "array") && s.items.is_some() && s.properties.is_empty() => id = s.items.unwrap_or(id),
                _ => break,
            }
        }
        id
    }

    fn has_children(s: &Schema) -> bool {
        !s.properties.is_empty()
            || matches!(s.additional_properties, Some(Additional::Schema(_)))
            || !s.all_of.is_empty()
            || !s.one_of.is_empty()
            || !s.any_of.is_empty()
            || s.not.is_some()
            || !s.prefix_items.is_empty()
    }

    fn type_label(&mut self, id: SchemaId, link_named: bool, level: usize) {
        let Some(s) = self.set.schema(id) else { return };
        if let Some(r) = &s.unresolved_ref {
            let t = format!("{} {r}", self.l.unresolved);
            self.push("<span class=\"unresolved\">");
            self.text(&t);
            self.push("</span>");
            return;
        }
        if link_named {
            if let (Some(url), Some(name)) = (self.set.url(self.lang, id), s.name.as_deref()) {
                self.push("<a href=\"");
                self.text(&url);
                self.push("\">");
                self.text(name);
                self.push("</a>");
                return;
            }
        }
        let types: Vec<&str> = s.types.iter().map(String::as_str).filter(|t| *t != "null").collect();
        if types.contains(&"array") && level < 4 {
            let words = self.l.array_of.clone();
            self.text(&words);
            self.push(" ");
            match s.items {
                Some(items) => self.type_label(items, true, level + 1),
                None => {
                    let any = self.l.any.clone();
                    self.text(&any);
                }
            }
            return;
        }
        if types.is_empty() {
            let word = if !s.properties.is_empty() || s.additional_properties.is_some() {
                self.l.object.clone()
            } else if !s.one_of.is_empty() {
                self.l.one_of.clone()
            } else if !s.any_of.is_empty() {
                self.l.any_of.clone()
            } else if !s.all_of.is_empty() {
                self.l.all_of.clone()
            } else {
                self.l.any.clone()
            };
            self.text(&word);
        } else {
            self.text(&types.join(" | "));
        }
        if let Some(f) = &s.format {
            self.push(" <span class=\"fmt\">(");
            self.text(f);
            self.push(")</span>");
        }
        if level == 0 && !link_named {
            if let Some(name) = s.name.as_deref().or(s.title.as_deref()) {
                self.push(" <span class=\"schema-name\">");
                self.text(name);
                self.push("</span>");
            }
        }
    }

    fn badge(&mut self, class: &str, text: &str) {
        self.push(" <span class=\"badge ");
        self.push(class);
        self.push("\">");
        escape_into(text, &mut self.out);
        self.push("</span>");
    }

    fn flags(&mut self, s: &Schema, required: bool) {
        let l = self.l;
        if required {
            self.badge("badge-required", &l.required);
        }
        if s.types.iter().any(|t| t == "null") {
            self.badge("badge-flag", &l.nullable);
        }
        if s.read_only {
            self.badge("badge-flag", &l.read_only);
        }
        if s.write_only {
            self.badge("badge-flag", &l.write_only);
        }
        if s.deprecated {
            self.badge("badge-deprecated", &l.deprecated);
        }
    }

    fn fact(&mut self, label: &str, value_html: &str) {
        self.push("<div><dt>");
        escape_into(label, &mut self.out);
        self.push("</dt><dd>");
        self.push(value_html);
        self.push("</dd></div>");
    }

    fn facts(&mut self, s: &Schema) {
        let l = self.l;
        let start = self.out.len();
        self.push("<dl class=\"facts\">");
        let inner = self.out.len();
        if !s.enum_values.is_empty() {
            let mut v = String::new();
            for (i, e) in s.enum_values.iter().take(MAX_ENUM).enumerate() {
                if i > 0 {
                    v.push_str(", ");
                }
                code(&short_json(e), &mut v);
            }
            if s.enum_values.len() > MAX_ENUM {
                v.push_str(", …");
            }
            self.fact(&l.enum_values, &v);
        }
        if let Some(c) = &s.const_value {
            self.fact(&l.constant, &code_of(&short_json(c)));
        }
        if let Some(d) = &s.default {
            self.fact(&l.default, &code_of(&short_json(d)));
        }
        if let Some(e) = &s.example {
            self.fact(&l.example, &code_of(&short_json(e)));
        }
        for (label, value) in [
            (&l.min, s.minimum),
            (&l.max, s.maximum),
            (&l.exclusive_min, s.exclusive_minimum),
            (&l.exclusive_max, s.exclusive_maximum),
            (&l.multiple_of, s.multiple_of),
        ] {
            if let Some(v) = value {
                self.fact(label, &code_of(&number(v)));
            }
        }
        if let Some(r) = range(s.min_length, s.max_length) {
            self.fact(&l.length, &code_of(&r));
        }
        if let Some(p) = &s.pattern {
            self.fact(&l.pattern, &code_of(p));
        }
        if let Some(r) = range(s.min_items, s.max_items) {
            self.fact(&l.item_count, &code_of(&r));
        }
        if s.unique_items {
            self.fact(&l.unique, "✓");
        }
        if let Some(r) = range(s.min_properties, s.max_properties) {
            self.fact(&l.property_count, &code_of(&r));
        }
        if let Some(d) = &s.discriminator {
            self.fact(&l.discriminator, &code_of(&d.property_name));
        }
        if self.out.len() == inner {
            self.out.truncate(start);
        } else {
            self.push("</dl>");
        }
    }

    /// Properties, additional properties, tuple items and composition groups of `id`
    /// (of its element, for arrays), at `depth`.
    fn children(&mut self, id: SchemaId, depth: usize) {
        let id = self.element(id);
        let Some(s) = self.set.schema(id) else { return };
        if !s.properties.is_empty() || matches!(s.additional_properties, Some(Additional::Schema(_))) || !s.prefix_items.is_empty() {
            self.push("<ul class=\"props\">");
            for (name, pid) in &s.properties {
                if self.exhausted_at(depth) {
                    self.truncated();
                    break;
                }
                let required = s.required.iter().any(|r| r == name);
                self.node(Some(name), *pid, required, depth + 1);
            }
            if let Some(Additional::Schema(a)) = s.additional_properties {
                if !self.exhausted_at(depth) {
                    let label = self.l.additional.clone();
                    self.node_labelled(&label, a, depth + 1);
                }
            }
            for (i, item) in s.prefix_items.iter().enumerate() {
                if self.exhausted_at(depth) {
                    break;
                }
                let label = format!("{} {}", self.l.items, i);
                self.node_labelled(&label, *item, depth + 1);
            }
            self.push("</ul>");
        }
        let groups = [(&s.all_of, "all-of", &self.l.all_of), (&s.one_of, "one-of", &self.l.one_of), (&s.any_of, "any-of", &self.l.any_of)];
        for (variants, class, label) in groups {
            if variants.is_empty() {
                continue;
            }
            self.push("<div class=\"group ");
            self.push(class);
            self.push("\"><p class=\"group-label\">");
            escape_into(label, &mut self.out);
            self.push("</p><ol class=\"variants\">");
            for v in variants.iter() {
                if self.exhausted_at(depth) {
                    self.truncated();
                    break;
                }
                self.variant(*v, depth + 1);
            }
            self.push("</ol></div>");
        }
        if let Some(n) = s.not {
            let label = self.l.not.clone();
            self.push("<div class=\"group not\"><p class=\"group-label\">");
            self.text(&label);
            self.push("</p><ol class=\"variants\">");
            self.variant(n, depth + 1);
            self.push("</ol></div>");
        }
    }

    fn truncated(&mut self) {
        self.cut = true;
        let t = self.l.truncated.clone();
        self.push("<li class=\"truncated\">");
        self.text(&t);
        self.push("</li>");
    }

    fn node_labelled(&mut self, label: &str, id: SchemaId, depth: usize) {
        self.node_inner(None, Some(label), id, false, depth, "li");
    }

    fn node(&mut self, name: Option<&str>, id: SchemaId, required: bool, depth: usize) {
        self.node_inner(name, None, id, required, depth, "li");
    }

    fn variant(&mut self, id: SchemaId, depth: usize) {
        self.node_inner(None, None, id, false, depth, "li");
    }

    fn node_inner(&mut self, name: Option<&str>, label: Option<&str>, id: SchemaId, required: bool, depth: usize, tag: &str) {
        if depth > 1 {
            self.nodes_left = self.nodes_left.saturating_sub(1);
        }
        let Some(s) = self.set.schema(id) else { return };
        self.push("<");
        self.push(tag);
        self.push(" class=\"node\"><p class=\"node-head\">");
        if let Some(n) = name {
            self.push("<code class=\"node-name\">");
            self.text(n);
            self.push("</code> ");
        } else if let Some(lb) = label {
            self.push("<span class=\"node-label\">");
            self.text(lb);
            self.push("</span> ");
        }
        self.push("<span class=\"node-type\">");
        let element = self.element(id);
        let element_schema = self.set.schema(element);
        let named_element = self.set.slug(element).is_some();
        let on_path = self.path.contains(&element);
        let expandable = element_schema.is_some_and(Self::has_children);
        let expand = expandable && !on_path && depth < MAX_DEPTH && !self.exhausted() && (!named_element || depth < NAMED_EXPAND_DEPTH);
        // A named schema that is not expanded is shown as a link to its page.
        self.type_label(id, true, 0);
        self.push("</span>");
        self.flags(s, required);
        if on_path && expandable {
            let r = self.l.recursive.clone();
            self.badge("badge-flag", &r);
        }
        self.push("</p>");
        let d = self.set.description(id);
        let d = if d.is_empty() && element != id { self.set.description(element) } else { d };
        if !d.is_empty() {
            self.push("<div class=\"node-desc\">");
            self.push(d);
            self.push("</div>");
        }
        self.facts(s);
        if element != id {
            if let Some(es) = element_schema {
                if es.enum_values.len() + usize::from(es.pattern.is_some()) + usize::from(es.format.is_some() && es.enum_values.is_empty()) > 0 && !expandable {
                    self.facts(es);
                }
            }
        }
        if expand {
            let count = element_schema.map(|e| e.properties.len()).unwrap_or(0);
            self.push("<details><summary>");
            let summary = if count > 0 { format!("{} ({count})", self.l.properties) } else { self.l.variant.clone() };
            self.text(&summary);
            self.push("</summary>");
            self.path.push(element);
            self.children(element, depth);
            self.path.pop();
            self.push("</details>");
        } else if expandable && !named_element && !on_path {
            self.cut = true;
            let t = self.l.truncated.clone();
            self.push("<p class=\"truncated\">");
            self.text(&t);
            self.push("</p>");
        }
        self.push("</");
        self.push(tag);
        self.push(">");
    }
}

fn code(text: &str, out: &mut String) {
    out.push_str("<code>");
    escape_into(text, out);
    out.push_str("</code>");
}

fn code_of(text: &str) -> String {
    let mut s = String::new();
    code(text, &mut s);
    s
}

/// A value as compact JSON, strings without quotes, cut at 120 characters.
fn short_json(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 120 {
        s.chars().take(120).collect::<String>() + "…"
    } else {
        s
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn range(min: Option<u64>, max: Option<u64>) -> Option<String> {
    match (min, max) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a}–{b}")),
        (Some(a), None) => Some(format!("≥ {a}")),
        (None, Some(b)) => Some(format!("≤ {b}")),
    }
}

/// URL-safe, unique slugs for the named schemas of a spec, in declaration order.
pub(crate) fn slugs(spec: &Spec) -> Vec<(SchemaId, String)> {
    let mut seen = std::collections::HashSet::new();
    spec.components
        .iter()
        .map(|c| {
            let base = slug(&c.name);
            let mut s = base.clone();
            let mut n = 2;
            while !seen.insert(s.clone()) {
                s = format!("{base}-{n}");
                n += 1;
            }
            (c.id, s)
        })
        .collect()
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 100 {
            break;
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "schema".to_string()
    } else {
        out
    }
}

#[cfg(test)]
#[path = "schema_tree_tests.rs"]
mod tests;
