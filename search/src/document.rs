//! What is searched: one [`Document`] per API, operation (of the current version), guide,
//! institution and initiative, each with its text by [`Field`] and what a result shows. APIs
//! are the groups results are shown in, and carry the facet values.

use catalog::spec::SecuritySchemeKind;
use catalog::{Api, Catalog};

/// Where documents live on the site; the generator answers with its URL scheme.
pub trait Links {
    /// API overview page.
    fn api(&self, lang: &str, api: &str) -> String;
    /// Operation page (current version).
    fn operation(&self, lang: &str, api: &str, key: &str) -> String;
    /// Guide of an API.
    fn guide(&self, lang: &str, api: &str, slug: &str) -> String;
    /// Institution page.
    fn institution(&self, lang: &str, id: &str) -> String;
    /// Initiative page.
    fn initiative(&self, lang: &str, id: &str) -> String;
}

/// Kinds of document (the number is what the index stores).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocKind {
    /// An API.
    Api = 0,
    /// An operation.
    Operation = 1,
    /// A guide.
    Guide = 2,
    /// An institution.
    Institution = 3,
    /// An initiative.
    Initiative = 4,
}

/// Fields, in the order of their weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// API, institution, initiative or guide title.
    Title = 0,
    /// operationId, path, method; API id.
    Identifier = 1,
    /// Summary (of an API or an operation).
    Summary = 2,
    /// Tags, categories, data sources.
    Tags = 3,
    /// Where a document belongs: the API and institution of an operation.
    Context = 4,
    /// Descriptions and bodies.
    Description = 5,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 6] = [Field::Title, Field::Identifier, Field::Summary, Field::Tags, Field::Context, Field::Description];

    /// Weight in the score: title > operationId/path > summary > tags > context > description.
    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 8.0,
            Field::Identifier => 6.0,
            Field::Summary => 4.0,
            Field::Tags => 3.0,
            Field::Context => 1.5,
            Field::Description => 1.0,
        }
    }
}

/// The facets, in the order the index lists them.
pub const FACETS: [&str; 5] = ["institution", "category", "status", "access", "auth"];

/// One searchable thing.
#[derive(Debug, Clone)]
pub struct Document {
    /// Kind.
    pub kind: DocKind,
    /// Stable id: `ksef`, `ksef/sendinvoice`, `ksef/guide/start`, `institution/mf`, `initiative/x`.
    pub id: String,
    /// Index of the API group it belongs to.
    pub group: Option<usize>,
    /// What a result shows as its title.
    pub title: String,
    /// Link.
    pub url: String,
    /// Plain text shown under the title (highlighted by the client).
    pub excerpt: String,
    /// HTTP method (operations).
    pub method: Option<String>,
    /// Path template (operations).
    pub path: Option<String>,
    /// Text by field.
    pub fields: Vec<(Field, String)>,
}

/// An API with its documents and facet values.
#[derive(Debug, Clone)]
pub struct Group {
    /// Document of the API itself.
    pub api_doc: usize,
    /// Number of documents of the group (the API, its operations and guides), from `api_doc`.
    pub docs: usize,
    /// Values per facet, in the order of [`FACETS`]: (value, label).
    pub facets: [Vec<(String, String)>; 5],
}

/// Everything searchable in one language.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Documents; ids in the index are positions here.
    pub docs: Vec<Document>,
    /// API groups, in document order.
    pub groups: Vec<Group>,
}

/// Longest excerpt, in characters.
const EXCERPT_CHARS: usize = 220;

/// The documents of a catalog in `lang`.
pub fn corpus(catalog: &Catalog, lang: &str, links: &dyn Links) -> Corpus {
    let mut c = Corpus::default();
    for api in &catalog.apis {
        add_api(&mut c, catalog, api, lang, links);
    }
    for inst in &catalog.institutions {
        let name = inst.name.get(lang).to_string();
        let mut fields = vec![(Field::Title, name.clone()), (Field::Description, plain(inst.body.get(lang)))];
        if let Some(a) = &inst.acronym {
            fields.push((Field::Identifier, a.clone()));
        }
        let title = match &inst.acronym {
            Some(a) => format!("{name} ({a})"),
            None => name,
        };
        c.docs.push(Document {
            kind: DocKind::Institution,
            id: format!("institution/{}", inst.id),
            group: None,
            title,
            url: links.institution(lang, &inst.id),
            excerpt: excerpt(&plain(inst.body.get(lang))),
            method: None,
            path: None,
            fields,
        });
    }
    for ini in &catalog.initiatives {
        let goal = ini.goal.get(lang).to_string();
        c.docs.push(Document {
            kind: DocKind::Initiative,
            id: format!("initiative/{}", ini.id),
            group: None,
            title: ini.title.get(lang).to_string(),
            url: links.initiative(lang, &ini.id),
            excerpt: excerpt(&goal),
            method: None,
            path: None,
            fields: vec![
                (Field::Title, ini.title.get(lang).to_string()),
                (Field::Summary, goal),
                (Field::Tags, ini.partners.join(" ")),
                (Field::Description, plain(ini.body.get(lang))),
            ],
        });
    }
    c
}

fn add_api(c: &mut Corpus, catalog: &Catalog, api: &Api, lang: &str, links: &dyn Links) {
    let group = c.groups.len();
    let first = c.docs.len();
    let spec = &api.current().spec;
    let institution = catalog.institutions.iter().find(|i| i.id == api.meta.institution);
    let inst_name = institution.map(|i| i.name.get(lang).to_string()).unwrap_or_else(|| api.meta.institution.clone());
    let inst_acronym = institution.and_then(|i| i.acronym.clone()).unwrap_or_default();
    let title = api.title.get(lang).to_string();
    let summary = api.summary.get(lang).to_string();
    let categories: Vec<(String, String)> = api
        .meta
        .categories
        .iter()
        .map(|id| {
            let name = catalog.site.categories.iter().find(|c| &c.id == id).map(|c| c.name.get(lang).to_string());
            (id.clone(), name.unwrap_or_else(|| id.clone()))
        })
        .collect();
    let mut tags = api.meta.tags.join(" ");
    for (_, name) in &categories {
        tags.push(' ');
        tags.push_str(name);
    }
    for s in &api.meta.data_sources {
        tags.push(' ');
        tags.push_str(s);
    }
    let mut description = plain(api.body.get(lang));
    if let Some(d) = &spec.info.description {
        description.push(' ');
        description.push_str(&plain(d));
    }
    c.docs.push(Document {
        kind: DocKind::Api,
        id: api.id.clone(),
        group: Some(group),
        title: title.clone(),
        url: links.api(lang, &api.id),
        excerpt: excerpt(&summary),
        method: None,
        path: None,
        fields: vec![
            (Field::Title, format!("{title} {}", spec.info.title)),
            (Field::Identifier, api.id.clone()),
            (Field::Summary, summary),
            (Field::Tags, tags),
            (Field::Context, format!("{inst_name} {inst_acronym}")),
            (Field::Description, description),
        ],
    });
    let context = format!("{title} {inst_acronym}");
    for op in spec.all_operations() {
        let summary = op.summary.clone().unwrap_or_default();
        let desc = op.description.as_deref().map(plain).unwrap_or_default();
        let shown = if !summary.trim().is_empty() {
            summary.clone()
        } else {
            op.operation_id.clone().unwrap_or_else(|| format!("{} {}", op.method.as_upper(), op.path))
        };
        let mut ident = format!("{} {}", op.method.as_str(), op.path);
        if let Some(id) = &op.operation_id {
            ident.push(' ');
            ident.push_str(id);
        }
        c.docs.push(Document {
            kind: DocKind::Operation,
            id: format!("{}/{}", api.id, op.key),
            group: Some(group),
            title: shown,
            url: links.operation(lang, &api.id, &op.key),
            excerpt: excerpt(&desc),
            method: Some(op.method.as_upper().to_string()),
            path: Some(op.path.clone()),
            fields: vec![
                (Field::Identifier, ident),
                (Field::Summary, summary),
                (Field::Tags, op.tags.join(" ")),
                (Field::Context, context.clone()),
                (Field::Description, desc),
            ],
        });
    }
    for guide in &api.guides {
        let body = plain(guide.body.get(lang));
        c.docs.push(Document {
            kind: DocKind::Guide,
            id: format!("{}/guide/{}", api.id, guide.slug),
            group: Some(group),
            title: guide.title.get(lang).to_string(),
            url: links.guide(lang, &api.id, &guide.slug),
            excerpt: excerpt(&body),
            method: None,
            path: None,
            fields: vec![(Field::Title, guide.title.get(lang).to_string()), (Field::Context, context.clone()), (Field::Description, body)],
        });
    }
    let mut auth: Vec<(String, String)> = Vec::new();
    for scheme in &spec.security_schemes {
        let v = auth_type(&scheme.kind);
        if !auth.iter().any(|(a, _)| a == v) {
            auth.push((v.to_string(), v.to_string()));
        }
    }
    if auth.is_empty() {
        auth.push(("none".to_string(), "none".to_string()));
    }
    auth.sort();
    let status = api.meta.status.as_str().to_string();
    let access = api.meta.access.as_str().to_string();
    c.groups.push(Group {
        api_doc: first,
        docs: c.docs.len() - first,
        facets: [vec![(api.meta.institution.clone(), inst_name)], categories, vec![(status.clone(), status)], vec![(access.clone(), access)], auth],
    });
}

/// The auth facet's value for a security scheme.
pub fn auth_type(kind: &SecuritySchemeKind) -> &'static str {
    match kind {
        SecuritySchemeKind::ApiKey { .. } => "api_key",
        SecuritySchemeKind::Http { scheme, .. } if scheme == "basic" => "basic",
        SecuritySchemeKind::Http { scheme, .. } if scheme == "bearer" => "bearer",
        SecuritySchemeKind::Http { .. } => "http",
        SecuritySchemeKind::OAuth2 { .. } => "oauth2",
        SecuritySchemeKind::OpenIdConnect { .. } => "openid_connect",
        SecuritySchemeKind::MutualTls => "mutual_tls",
        SecuritySchemeKind::Other { .. } => "other",
    }
}

/// Markdown or HTML as plain text: tags, entities and link targets dropped, whitespace collapsed.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let rest = &text[i + c.len_utf8()..];
        let skip_to = |close: char| rest.find(close).map(|j| i + c.len_utf8() + j + close.len_utf8());
        match c {
            '<' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!') => {
                out.push(' ');
                i = skip_to('>').unwrap_or(text.len());
                continue;
            }
            ']' if rest.starts_with('(') => {
                out.push(' ');
                i = skip_to(')').unwrap_or(text.len());
                continue;
            }
            '&' if rest.find(';').is_some_and(|j| (2..=8).contains(&j) && rest[..j].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#')) => {
                out.push(' ');
                i = skip_to(';').unwrap_or(text.len());
                continue;
            }
            '*' | '#' | '`' | '[' | ']' | '|' | '>' => out.push(' '),
            c if c.is_whitespace() || c.is_control() => out.push(' '),
            c => out.push(c),
        }
        i += c.len_utf8();
    }
    let mut collapsed = String::with_capacity(out.len());
    for word in out.split(' ').filter(|w| !w.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// The start of a plain text, cut at a word boundary.
pub fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_ascii_punctuation()))
}
