//! The pages of each API: its overview, and for every version the reference (split into pages
//! small enough to open fast), one page per operation and the named schemas as sections of a few
//! pages (`schema_pages`). What does not
//! depend on the language — rendered descriptions, highlighted examples, code samples — is
//! computed once per operation and shared by both languages.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use catalog::spec::{MediaType, Operation, ParamLocation, SchemaId, SecurityRequirement, SecuritySchemeKind, Spec};
use catalog::{Api, ApiVersion};
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::highlight::{self, token_for_media_type};
use crate::markdown::safe_url;
use crate::output::Output;
use crate::samples;
use crate::schema_pages::{self, Chunk};
use crate::schema_tree::{self, Labels, SchemaSet, OPERATION_BUDGET, SCHEMA_PAGE_BUDGET};
use crate::site::{contact_view, Site, Written};
use crate::view::{Link, Prose, Text};
use crate::GenError;

/// Operations listed on one reference page.
const OPS_PER_REFERENCE_PAGE: usize = 200;
/// Above this many operations, the overview lists tags with counts instead of every operation.
const OVERVIEW_MAX_OPS: usize = 300;
/// Bytes of schema trees one operation page may hold; further trees become links.
const PAGE_TREE_BYTES: usize = 450_000;
/// Bytes of example text shown per example, and per page.
const EXAMPLE_BYTES: usize = 16_000;
const PAGE_EXAMPLE_BYTES: usize = 160_000;
/// Examples shown per media type.
const EXAMPLES_PER_MEDIA: usize = 3;
/// Longest summary in operation lists.
const LIST_SUMMARY_CHARS: usize = 160;

/// All pages of all APIs.
pub(crate) fn write(site: &Site<'_>, out: &Output) -> Result<Vec<Written>, GenError> {
    enum Job<'a> {
        Overview(&'a Api),
        Version(&'a Api, &'a ApiVersion),
        Diffs(&'a Api),
    }
    let mut jobs = Vec::new();
    for api in &site.catalog.apis {
        jobs.push(Job::Overview(api));
        if api.versions.len() > 1 {
            jobs.push(Job::Diffs(api));
        }
        for v in &api.versions {
            jobs.push(Job::Version(api, v));
        }
    }
    // Big specs first, so that the last job to finish is a small one.
    jobs.sort_by_key(|j| match j {
        Job::Overview(_) | Job::Diffs(_) => 0,
        Job::Version(_, v) => usize::MAX - v.spec.operations.len() - v.spec.components.len(),
    });
    let results: Vec<Result<Vec<Written>, GenError>> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Overview(api) => overview(site, out, api),
            Job::Version(api, v) => Ver::new(site, api, v).write(out),
            Job::Diffs(api) => crate::diff_pages::write(site, out, api),
        })
        .collect();
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    Ok(all)
}

/// One version of an API being rendered.
struct Ver<'a> {
    site: &'a Site<'a>,
    api: &'a Api,
    version: &'a ApiVersion,
    vid: Option<&'a str>,
    set: SchemaSet<'a>,
    ops: Vec<&'a Operation>,
    groups: Vec<Group<'a>>,
    /// Reference pages: (group, operations of it on this page).
    pages: Vec<Vec<(usize, Vec<usize>)>>,
    /// First reference page (from 1) of each group.
    group_page: Vec<usize>,
    named: Vec<(SchemaId, String, &'a str)>,
    /// The pages the named schemas are sections of.
    schema_chunks: Vec<Chunk>,
    /// The page of each named schema, by slug (read by the schema links).
    chunk_of: Arc<OnceLock<HashMap<String, String>>>,
    /// The named schemas' trees in the first language as rendered to size them, kept when they
    /// all go on the single page: their links already point there. Empty otherwise.
    first_lang_trees: Vec<(String, bool)>,
    /// Operation-page trees, rendered once per schema and language: `[schema * langs + lang]`.
    trees: Vec<OnceLock<Arc<str>>>,
}

struct Group<'a> {
    name: &'a str,
    description: Option<&'a str>,
    ops: Vec<usize>,
}

/// An operation in a list.
#[derive(Serialize)]
struct OpEntry<'x> {
    href: String,
    method: &'static str,
    path: &'x str,
    summary: String,
    deprecated: bool,
}

/// A tag group in a list.
#[derive(Serialize)]
struct GroupView<'x> {
    name: &'x str,
    anchor: String,
    description: String,
    page_href: String,
    count: usize,
    ops: Vec<OpEntry<'x>>,
}

impl<'a> Ver<'a> {
    fn new(site: &'a Site<'a>, api: &'a Api, version: &'a ApiVersion) -> Ver<'a> {
        let spec = &version.spec;
        let vid = if version.current { None } else { Some(version.id.as_str()) };
        let slugs = schema_tree::slugs(spec);
        let urls = &site.urls;
        let api_id = api.id.as_str();
        let chunk_of: Arc<OnceLock<HashMap<String, String>>> = Arc::new(OnceLock::new());
        let links = chunk_of.clone();
        let set = SchemaSet::new(spec, &slugs, &site.markdown, move |lang, slug| urls.schema(lang, api_id, vid, chunk_name(&links, slug), slug));
        let named: Vec<(SchemaId, String, &str)> = spec.components.iter().zip(&slugs).map(|(c, (id, slug))| (*id, slug.clone(), c.name.as_str())).collect();
        // Each tree's size in the first language decides which page it goes on. The links
        // rendered meanwhile point at the single page, so the trees are kept when that is where
        // they all go.
        let lang0 = site.langs[0].as_str();
        let sized: Vec<(String, bool)> = named.par_iter().map(|(id, _, _)| set.render(*id, lang0, &site.labels[lang0], SCHEMA_PAGE_BUDGET)).collect();
        let sizes: Vec<usize> = sized.iter().map(|(tree, _)| tree.len()).collect();
        let schema_chunks = schema_pages::chunks(&named.iter().map(|(_, slug, _)| slug.as_str()).collect::<Vec<_>>(), &sizes);
        let first_lang_trees = if matches!(schema_chunks.as_slice(), [single] if single.name.is_empty()) { sized } else { Vec::new() };
        let _ = chunk_of.set(schema_chunks.iter().flat_map(|c| c.members.iter().map(|&m| (named[m].1.clone(), c.name.clone()))).collect());
        let mut seen = HashSet::new();
        let ops: Vec<&Operation> = spec.all_operations().filter(|o| seen.insert(o.key.as_str())).collect();
        // Groups in the order the spec declares its tags; untagged operations last.
        let mut groups: Vec<Group<'a>> =
            spec.tags.iter().map(|t| Group { name: t.name.as_str(), description: t.description.as_deref(), ops: Vec::new() }).collect();
        let mut untagged = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let mut placed = false;
            for tag in &op.tags {
                if let Some(g) = groups.iter_mut().find(|g| g.name == tag) {
                    if g.ops.last() != Some(&i) {
                        g.ops.push(i);
                    }
                    placed = true;
                } else {
                    groups.push(Group { name: tag.as_str(), description: None, ops: vec![i] });
                    placed = true;
                }
            }
            if !placed {
                untagged.push(i);
            }
        }
        groups.retain(|g| !g.ops.is_empty());
        if !untagged.is_empty() {
            groups.push(Group { name: "", description: None, ops: untagged });
        }
        let mut pages: Vec<Vec<(usize, Vec<usize>)>> = vec![Vec::new()];
        let mut group_page = Vec::with_capacity(groups.len());
        let mut on_page = 0;
        for (gi, g) in groups.iter().enumerate() {
            for chunk_start in (0..g.ops.len()).step_by(OPS_PER_REFERENCE_PAGE) {
                for &op in &g.ops[chunk_start..(chunk_start + OPS_PER_REFERENCE_PAGE).min(g.ops.len())] {
                    if on_page >= OPS_PER_REFERENCE_PAGE {
                        pages.push(Vec::new());
                        on_page = 0;
                    }
                    let page = pages.last_mut().expect("one page at least");
                    match page.last_mut() {
                        Some((last, list)) if *last == gi => list.push(op),
                        _ => page.push((gi, vec![op])),
                    }
                    on_page += 1;
                }
            }
            group_page.push(pages.iter().position(|p| p.iter().any(|(g, _)| *g == gi)).map(|p| p + 1).unwrap_or(1));
        }
        let trees = (0..spec.schemas.len() * site.langs.len()).map(|_| OnceLock::new()).collect();
        Ver { site, api, version, vid, set, ops, groups, pages, group_page, named, schema_chunks, chunk_of, first_lang_trees, trees }
    }

    fn spec(&self) -> &'a Spec {
        &self.version.spec
    }

    fn write(&self, out: &Output) -> Result<Vec<Written>, GenError> {
        enum Job {
            Reference(usize),
            Operation(usize),
            Schema(usize),
        }
        let jobs: Vec<Job> = (0..self.pages.len())
            .map(Job::Reference)
            .chain((0..self.ops.len()).map(Job::Operation))
            .chain((0..self.schema_chunks.len()).map(Job::Schema))
            .collect();
        let results: Vec<Result<Vec<Written>, GenError>> = jobs
            .par_iter()
            .with_min_len(8)
            .map(|j| match j {
                Job::Reference(n) => self.reference_page(out, *n),
                Job::Operation(i) => self.operation_page(out, *i),
                Job::Schema(i) => self.schema_page(out, *i),
            })
            .collect();
        let mut all = Vec::new();
        for r in results {
            all.extend(r?);
        }
        Ok(all)
    }

    /// The tree of a body or response schema on operation pages (rendered once, shared).
    fn op_tree(&self, id: SchemaId, lang: &str, labels: &Labels) -> Arc<str> {
        let li = self.site.langs.iter().position(|l| l == lang).unwrap_or(0);
        let Some(cell) = self.trees.get(id.0 as usize * self.site.langs.len() + li) else { return Arc::from("") };
        cell.get_or_init(|| Arc::from(self.set.render(id, lang, labels, OPERATION_BUDGET).0)).clone()
    }

    fn op_entry(&self, lang: &str, i: usize) -> OpEntry<'a> {
        let op = self.ops[i];
        OpEntry {
            href: self.site.urls.operation(lang, &self.api.id, self.vid, &op.key),
            method: op.method.as_str(),
            path: &op.path,
            summary: op.summary.as_deref().map(|s| shorten(s, LIST_SUMMARY_CHARS)).unwrap_or_default(),
            deprecated: op.deprecated,
        }
    }

    fn group_view(&self, lang: &str, gi: usize, ops: &[usize], with_description: bool) -> GroupView<'a> {
        let g = &self.groups[gi];
        GroupView {
            name: g.name,
            anchor: format!("tag-{}", gi + 1),
            description: if with_description { g.description.map(|d| self.site.markdown.render(d, 3)).unwrap_or_default() } else { String::new() },
            page_href: format!("{}#tag-{}", self.site.urls.reference_page(lang, &self.api.id, self.vid, self.group_page[gi]), gi + 1),
            count: g.ops.len(),
            ops: ops.iter().map(|&i| self.op_entry(lang, i)).collect(),
        }
    }

    /// Context every page of the version shares: the API, the version, links up.
    fn header(&self, lang: &str) -> Value {
        let u = &self.site.urls;
        let versions: Vec<Value> = self
            .api
            .versions
            .iter()
            .map(|v| {
                let vid = if v.current { None } else { Some(v.id.as_str()) };
                context! { label => v.label.clone(), current => v.current, href => u.reference(lang, &self.api.id, vid), selected => v.id == self.version.id }
            })
            .collect();
        context! {
            api => context! {
                id => self.api.id.clone(),
                href => u.api(lang, &self.api.id),
                title => Text::of(&self.api.title, lang),
                status => self.api.meta.status.as_str(),
            },
            version => context! {
                id => self.version.id.clone(),
                label => self.version.label.clone(),
                current => self.version.current,
                reference => u.reference(lang, &self.api.id, self.vid),
                spec_json => u.spec_json(&self.api.id, &self.version.id),
                spec_yaml => u.spec_yaml(&self.api.id, &self.version.id),
            },
            versions => versions,
        }
    }

    fn reference_page(&self, out: &Output, n: usize) -> Result<Vec<Written>, GenError> {
        let site = self.site;
        let u = &site.urls;
        let number = n + 1;
        site.each_lang(out, |l| u.reference_page(l, &self.api.id, self.vid, number), true, |lang| {
            let groups: Vec<GroupView<'_>> = self.pages[n].iter().map(|(g, ops)| self.group_view(lang, *g, ops, n == 0 || ops.first() == self.groups[*g].ops.first())).collect();
            let toc: Vec<GroupView<'_>> = if n == 0 { (0..self.groups.len()).map(|g| self.group_view(lang, g, &[], false)).collect() } else { Vec::new() };
            let pagination: Vec<Value> =
                (1..=self.pages.len()).map(|p| context! { number => p, href => u.reference_page(lang, &self.api.id, self.vid, p), current => p == number }).collect();
            let ctx = context! {
                groups => groups,
                toc => toc,
                page_number => number,
                page_count => self.pages.len(),
                pagination => if self.pages.len() > 1 { pagination } else { Vec::new() },
                operation_count => self.ops.len(),
                schemas => if n == 0 { self.named.iter().map(|(_, slug, name)| context! { name => *name, href => self.schema_href(lang, slug) }).collect() } else { Vec::new() },
                ..self.header(lang),
            };
            let title = format!("{} – {}", self.api.title.get(lang), self.version.label);
            Ok(("reference.html", title, ctx))
        })
    }

    /// Where the named schema `slug` is shown.
    fn schema_href(&self, lang: &str, slug: &str) -> String {
        self.site.urls.schema(lang, &self.api.id, self.vid, chunk_name(&self.chunk_of, slug), slug)
    }

    /// One page of named schemas, each a section with its tree.
    fn schema_page(&self, out: &Output, c: usize) -> Result<Vec<Written>, GenError> {
        let chunk = &self.schema_chunks[c];
        let site = self.site;
        let u = &site.urls;
        site.each_lang(
            out,
            |l| u.schemas_page(l, &self.api.id, self.vid, &chunk.name),
            true,
            |lang| {
                let labels = &site.labels[lang];
                let schemas: Vec<Value> = chunk
                    .members
                    .iter()
                    .map(|&m| {
                        let (id, slug, name) = &self.named[m];
                        let (tree, cut) = match self.first_lang_trees.get(m) {
                            Some(kept) if lang == site.langs[0] => kept.clone(),
                            _ => self.set.render(*id, lang, labels, SCHEMA_PAGE_BUDGET),
                        };
                        context! { name => *name, anchor => format!("schema-{slug}"), tree => Value::from_safe_string(tree), cut => cut }
                    })
                    .collect();
                let others: Vec<Value> = if self.schema_chunks.len() > 1 {
                    self.schema_chunks
                        .iter()
                        .enumerate()
                        .map(|(j, o)| context! { label => o.label.clone(), href => u.schemas_page(lang, &self.api.id, self.vid, &o.name), current => j == c })
                        .collect()
                } else {
                    Vec::new()
                };
                let ctx = context! { schemas => schemas, schema_pages => others, letter => chunk.label.clone(), ..self.header(lang) };
                Ok(("schema.html", self.api.title.get(lang).to_string(), ctx))
            },
        )
    }

    fn operation_page(&self, out: &Output, i: usize) -> Result<Vec<Written>, GenError> {
        let op = self.ops[i];
        let site = self.site;
        let spec = self.spec();
        let md = &site.markdown;
        // Shared by both languages.
        let description = op.description.as_deref().map(|d| md.render(d, 2)).unwrap_or_default();
        let samples = samples::build(spec, op);
        let mut example_budget = PAGE_EXAMPLE_BYTES;
        let request_examples: Vec<Vec<ExampleView>> =
            op.request_body.iter().flat_map(|rb| rb.content.iter()).map(|m| self.examples(m, &mut example_budget)).collect();
        let response_examples: Vec<Vec<Vec<ExampleView>>> =
            op.responses.iter().map(|r| r.content.iter().map(|m| self.examples(m, &mut example_budget)).collect()).collect();
        let param_descriptions: Vec<String> = op.parameters.iter().map(|p| p.description.as_deref().map(|d| md.render(d, 4)).unwrap_or_default()).collect();
        let servers: Vec<Value> = if op.servers.is_empty() { &spec.servers } else { &op.servers }
            .iter()
            .map(|s| context! { url => s.url.clone(), description => s.description.clone() })
            .collect();
        let u = &site.urls;
        site.each_lang(out, |l| u.operation(l, &self.api.id, self.vid, &op.key), true, |lang| {
            let labels = &site.labels[lang];
            let mut page_trees = PageTrees { bytes_left: PAGE_TREE_BYTES, seen: HashMap::new(), count: 0 };
            let params: Vec<Value> = op
                .parameters
                .iter()
                .zip(&param_descriptions)
                .map(|(p, d)| {
                    context! {
                        name => p.name.clone(),
                        location => location(p.location),
                        required => p.required,
                        deprecated => p.deprecated,
                        type_html => Value::from_safe_string(p.schema.map(|s| self.set.type_html(s, lang, labels)).unwrap_or_default()),
                        facts_html => Value::from_safe_string(p.schema.map(|s| self.set.facts_html(s, lang, labels)).unwrap_or_default()),
                        description => Value::from_safe_string(d.clone()),
                        example => p.example.as_ref().or_else(|| p.examples.iter().find_map(|e| e.value.as_ref())).map(|v| shorten(&samples::value_text(v), 120)),
                    }
                })
                .collect();
            let request = op.request_body.as_ref().map(|rb| {
                context! {
                    description => Value::from_safe_string(rb.description.as_deref().map(|d| md.render(d, 4)).unwrap_or_default()),
                    required => rb.required,
                    contents => self.contents(&rb.content, &request_examples, lang, labels, &mut page_trees),
                }
            });
            let responses: Vec<Value> = op
                .responses
                .iter()
                .zip(&response_examples)
                .map(|(r, ex)| {
                    let headers: Vec<Value> = r
                        .headers
                        .iter()
                        .map(|h| {
                            context! {
                                name => h.name.clone(),
                                required => h.required,
                                type_html => Value::from_safe_string(h.schema.map(|s| self.set.type_html(s, lang, labels)).unwrap_or_default()),
                                description => Value::from_safe_string(h.description.as_deref().map(|d| md.render(d, 5)).unwrap_or_default()),
                            }
                        })
                        .collect();
                    context! {
                        status => r.status.clone(),
                        class => status_class(&r.status),
                        description => Value::from_safe_string(r.description.as_deref().map(|d| md.render(d, 4)).unwrap_or_default()),
                        headers => headers,
                        contents => self.contents(&r.content, ex, lang, labels, &mut page_trees),
                    }
                })
                .collect();
            let ctx = context! {
                op => context! {
                    key => op.key.clone(),
                    method => op.method.as_str(),
                    path => op.path.clone(),
                    operation_id => op.operation_id.clone(),
                    summary => op.summary.clone(),
                    deprecated => op.deprecated,
                    tags => op.tags.clone(),
                    callbacks => op.callbacks.clone(),
                },
                description => Value::from_safe_string(description.clone()),
                servers => servers.clone(),
                security => self.security(op.security.as_ref().unwrap_or(&spec.security), lang),
                params => params,
                request => request,
                responses => responses,
                samples => context! {
                    curl => Value::from_safe_string(samples.curl.clone()),
                    python => Value::from_safe_string(samples.python.clone()),
                    javascript => Value::from_safe_string(samples.javascript.clone()),
                },
                ..self.header(lang),
            };
            let title = format!("{} – {}", op.summary.clone().unwrap_or_else(|| format!("{} {}", op.method.as_upper(), op.path)), self.api.title.get(lang));
            Ok(("operation.html", title, ctx))
        })
    }

    /// Media types of a body, those with the same schema together, each with its tree and
    /// examples. A schema already shown on the page is not shown again: a link points to it.
    fn contents(&self, content: &[MediaType], examples: &[Vec<ExampleView>], lang: &str, labels: &Labels, page: &mut PageTrees) -> Vec<Value> {
        let mut out: Vec<(Option<SchemaId>, Vec<&str>, Vec<&ExampleView>)> = Vec::new();
        for (m, ex) in content.iter().zip(examples) {
            match out.iter_mut().find(|(s, _, _)| *s == m.schema) {
                Some(entry) => {
                    entry.1.push(&m.media_type);
                    entry.2.extend(ex.iter());
                }
                None => out.push((m.schema, vec![&m.media_type], ex.iter().collect())),
            }
        }
        out.into_iter()
            .map(|(schema, media_types, examples)| {
                page.count += 1;
                let anchor = format!("schema-{}", page.count);
                let (tree, link, same_as) = match schema {
                    Some(id) if page.seen.contains_key(&id) => (Value::from(""), None, page.seen.get(&id).cloned()),
                    Some(id) if page.bytes_left > 0 => {
                        let html = self.op_tree(id, lang, labels);
                        page.bytes_left = page.bytes_left.saturating_sub(html.len());
                        page.seen.insert(id, anchor.clone());
                        (Value::from_safe_string(html.to_string()), None, None)
                    }
                    Some(id) => (Value::from(""), Some(self.set.url(lang, id)), None),
                    None => (Value::from(""), None, None),
                };
                context! {
                    anchor => anchor,
                    media_types => media_types,
                    tree => tree,
                    omitted => link.is_some(),
                    schema_href => link.flatten(),
                    same_as => same_as,
                    examples => examples,
                }
            })
            .collect()
    }

    fn examples(&self, m: &MediaType, budget: &mut usize) -> Vec<ExampleView> {
        let spec = self.spec();
        // (name, summary, value, external URL)
        type Example<'e> = (&'e str, Option<&'e str>, Option<&'e serde_json::Value>, Option<&'e str>);
        let mut list: Vec<Example<'_>> = m
            .examples
            .iter()
            .take(EXAMPLES_PER_MEDIA)
            .map(|e| (e.name.as_str(), e.summary.as_deref(), e.value.as_ref(), e.external_value.as_deref()))
            .collect();
        if list.is_empty() {
            if let Some(v) = m.schema.and_then(|id| spec.schema(id).example.as_ref()) {
                list.push(("default", None, Some(v), None));
            }
        }
        list.into_iter()
            .map(|(name, summary, value, external)| {
                let mut view = ExampleView {
                    name: name.to_string(),
                    summary: summary.map(str::to_string),
                    html: String::new(),
                    cut: false,
                    omitted: false,
                    external: external.and_then(safe_url).map(str::to_string),
                };
                let Some(value) = value else { return view };
                if *budget == 0 {
                    view.omitted = true;
                    return view;
                }
                let limit = EXAMPLE_BYTES.min(*budget);
                let (html, cut) = match (value, token_for_media_type(&m.media_type)) {
                    (serde_json::Value::String(text), Some(token)) if token != "json" => {
                        let text = cut_text(text, limit);
                        let cut = text.len() < value.as_str().map(str::len).unwrap_or(0);
                        (self.site.highlighter.highlight(text, token), cut)
                    }
                    (serde_json::Value::String(text), None) => {
                        let t = cut_text(text, limit);
                        (highlight::plain(t), t.len() < text.len())
                    }
                    (v, _) => highlight::json(v, limit),
                };
                *budget = budget.saturating_sub(html.len());
                view.html = html;
                view.cut = cut;
                view
            })
            .collect()
    }

    fn security(&self, reqs: &[SecurityRequirement], lang: &str) -> Vec<Vec<Value>> {
        let href = self.site.urls.api(lang, &self.api.id);
        // The overview describes the current version's schemes only: an older version's scheme
        // gets a link only if the current version has one of that name (no link to a missing id).
        let current = &self.api.current().spec.security_schemes;
        let described = |key: &str| self.version.current || current.iter().any(|s| s.key == key);
        reqs.iter()
            .map(|alt| {
                alt.schemes
                    .iter()
                    .map(|(key, scopes)| {
                        let link = described(key).then(|| format!("{href}#auth-{}", anchor(key)));
                        context! { key => key.clone(), scopes => scopes.clone(), href => link }
                    })
                    .collect()
            })
            .collect()
    }
}

/// The page the section of the schema `slug` is on; before the filing (while the trees are
/// sized) the single page's.
fn chunk_name<'m>(filed: &'m OnceLock<HashMap<String, String>>, slug: &str) -> &'m str {
    filed.get().and_then(|m| m.get(slug)).map_or("", String::as_str)
}

/// What one operation page has shown of its schema trees.
struct PageTrees {
    bytes_left: usize,
    seen: HashMap<SchemaId, String>,
    count: usize,
}

#[derive(Debug, Clone, Serialize)]
struct ExampleView {
    name: String,
    summary: Option<String>,
    html: String,
    cut: bool,
    omitted: bool,
    external: Option<String>,
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn status_class(status: &str) -> &'static str {
    match status.as_bytes().first() {
        Some(b'2') => "ok",
        Some(b'3') => "redirect",
        Some(b'4') | Some(b'5') => "error",
        _ => "other",
    }
}

/// `s` cut to `max` characters, with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The first `limit` bytes of `text`, at a character boundary.
fn cut_text(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// An HTML id made of a security scheme key.
fn anchor(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// The overview page of an API.
fn overview(site: &Site<'_>, out: &Output, api: &Api) -> Result<Vec<Written>, GenError> {
    let u = &site.urls;
    let current = api.current();
    let spec = &current.spec;
    let md = &site.markdown;
    let info_description = spec.info.description.as_deref().map(|d| md.render(d, 3)).unwrap_or_default();
    let ver = Ver::new(site, api, current);
    let schemes: Vec<Value> = spec
        .security_schemes
        .iter()
        .map(|s| {
            let (kind, detail) = match &s.kind {
                SecuritySchemeKind::ApiKey { name, location: loc } => ("api_key", context! { name => name.clone(), location => location(*loc) }),
                SecuritySchemeKind::Http { scheme, bearer_format } => (
                    "http",
                    context! { scheme => scheme.clone(), bearer_format => bearer_format.clone(), basic => scheme == "basic", bearer => scheme == "bearer" },
                ),
                SecuritySchemeKind::OAuth2 { flows } => (
                    "oauth2",
                    context! {
                        flows => flows.iter().map(|f| context! {
                            kind => f.kind,
                            authorization_url => f.authorization_url.clone(),
                            authorization_href => f.authorization_url.as_deref().and_then(safe_url),
                            token_url => f.token_url.clone(),
                            token_href => f.token_url.as_deref().and_then(safe_url),
                            refresh_url => f.refresh_url.clone(),
                            scopes => f.scopes.iter().take(100).map(|(k, v)| context! { name => k.clone(), description => v.clone() }).collect::<Vec<_>>(),
                            more_scopes => f.scopes.len().saturating_sub(100),
                        }).collect::<Vec<_>>(),
                    },
                ),
                SecuritySchemeKind::OpenIdConnect { url } => ("openid", context! { url => url.clone(), href => safe_url(url) }),
                SecuritySchemeKind::MutualTls => ("mutual_tls", context! {}),
                SecuritySchemeKind::Other { name } => ("other", context! { name => name.clone() }),
            };
            context! {
                key => s.key.clone(),
                anchor => format!("auth-{}", anchor(&s.key)),
                kind => kind,
                detail => detail,
                description => Value::from_safe_string(s.description.as_deref().map(|d| md.render(d, 4)).unwrap_or_default()),
            }
        })
        .collect();
    let servers: Vec<Value> = spec
        .servers
        .iter()
        .map(|s| {
            context! {
                url => s.url.clone(),
                template => (s.template != s.url).then(|| s.template.clone()),
                description => s.description.clone(),
                variables => s.variables.iter().map(|v| context! { name => v.name.clone(), default => v.default.clone(), values => v.enum_values.clone(), description => v.description.clone() }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let m = &api.meta;
    let history = crate::api_history::history_view(api.history.as_ref(), site.catalog.site.repository.as_deref());
    site.each_lang(out, |l| u.api(l, &api.id), true, |lang| {
        let diffs = crate::diff_pages::links(site, api, lang);
        let versions: Vec<Value> = api
            .versions
            .iter()
            .map(|v| {
                let vid = if v.current { None } else { Some(v.id.as_str()) };
                context! {
                    label => v.label.clone(),
                    current => v.current,
                    reference => u.reference(lang, &api.id, vid),
                    spec_json => u.spec_json(&api.id, &v.id),
                    spec_yaml => u.spec_yaml(&api.id, &v.id),
                    dialect => v.spec.spec_version.clone(),
                    operations => v.spec.operations.len(),
                    diff => diffs.iter().find(|(id, _)| *id == v.id).map(|(_, link)| link.clone()),
                }
            })
            .collect();
        let full_list = ver.ops.len() <= OVERVIEW_MAX_OPS;
        let groups: Vec<GroupView<'_>> = (0..ver.groups.len()).map(|g| ver.group_view(lang, g, if full_list { &ver.groups[g].ops } else { &[] }, false)).collect();
        let initiative = m.initiative.as_deref().and_then(|id| site.catalog.initiatives.iter().find(|i| i.id == id)).map(|i| Link { href: u.initiative(lang, &i.id), text: Text::of(&i.title, lang) });
        let guides: Vec<Value> = api.guides.iter().map(|g| context! { slug => g.slug.clone(), title => Text::of(&g.title, lang), body => Prose::of(md, &g.body, lang, 3) }).collect();
        let ctx = context! {
            title => Text::of(&api.title, lang),
            summary => Text::of(&api.summary, lang),
            body => Prose::of(md, &api.body, lang, 2),
            status => m.status.as_str(),
            status_href => u.status(lang, m.status.as_str()),
            since => m.since.map(|d| d.to_string()),
            sunset => m.sunset.map(|d| d.to_string()),
            institution => site.institution_link(&m.institution, lang),
            access => m.access.as_str(),
            access_href => u.access(lang, m.access.as_str()),
            access_url => m.access_url.as_deref().and_then(safe_url),
            contact => contact_view(&m.contact),
            license => m.license.clone(),
            terms_url => m.terms_url.as_deref().and_then(safe_url),
            docs_url => m.docs_url.as_deref().and_then(safe_url),
            rate_limit => m.rate_limit.clone(),
            data_sources => m.data_sources.clone(),
            datasets => m.datasets.iter().map(|d| context! { id => d.clone(), href => format!("https://dane.gov.pl/pl/dataset/{}", percent_encoding::utf8_percent_encode(d, percent_encoding::NON_ALPHANUMERIC)) }).collect::<Vec<_>>(),
            initiative => initiative,
            sandbox => m.sandbox,
            categories => m.categories.iter().map(|c| site.category_link(c, lang)).collect::<Vec<_>>(),
            tags => m.tags.iter().map(|t| context! { href => u.tag(lang, t), name => t.clone() }).collect::<Vec<_>>(),
            spec_title => spec.info.title.clone(),
            spec_description => Value::from_safe_string(info_description.clone()),
            external_docs => spec.external_docs.as_ref().and_then(|d| safe_url(&d.url)).map(str::to_string),
            versions => versions,
            servers => servers.clone(),
            schemes => schemes.clone(),
            security => ver.security(&spec.security, lang),
            reference => u.reference(lang, &api.id, None),
            operation_count => ver.ops.len(),
            full_list => full_list,
            groups => groups,
            guides => guides,
            history => history.clone(),
        };
        Ok(("api.html", api.title.get(lang).to_string(), ctx))
    })
}
