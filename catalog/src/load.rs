//! Loading content/: every file read within limits, every problem a diagnostic, every API
//! loaded on its own so that a broken or hostile one fails alone and the rest still build.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, is_slug};
use crate::diag::{has_errors, Diagnostic};
use crate::doc::{Node, Pos};
use crate::frontmatter::{self, Fields};
use crate::model::*;
use crate::spec::{self, SpecLimits};

/// Largest markdown or TOML file read from content/.
const MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// Names of spec files an API folder (or a version folder) may hold.
pub const SPEC_FILES: [&str; 6] = ["openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml", "swagger.yml", "swagger.json"];

/// Page ids that would collide with the site's own sections.
const RESERVED_PAGES: [&str; 16] = [
    "apis",
    "institutions",
    "categories",
    "tags",
    "status",
    "access",
    "initiatives",
    "stats",
    "search",
    "static",
    "specs",
    "feeds",
    "en",
    "try",
    "sandbox",
    "pagefind",
];

/// What loading content/ gave.
#[derive(Debug)]
pub struct Loaded {
    /// Everything that loaded.
    pub catalog: Catalog,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of APIs left out because of errors.
    pub failed: Vec<String>,
}

/// Why content/ could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No katalog.toml.
    #[error("{0} is not a content folder: it has no katalog.toml")]
    NotContent(PathBuf),
    /// katalog.toml is broken; nothing can be built without it.
    #[error("katalog.toml has errors")]
    Config(Vec<Diagnostic>),
}

/// Loads a content folder.
pub fn load(content: &Path) -> Result<Loaded, LoadError> {
    let mut diags = Vec::new();
    let config_path = content.join("katalog.toml");
    if !config_path.is_file() {
        return Err(LoadError::NotContent(content.to_path_buf()));
    }
    let site = read_text(&config_path, "katalog.toml", &mut diags).and_then(|src| config::parse(&src, &mut diags));
    let Some(site) = site else { return Err(LoadError::Config(diags)) };

    let institutions: Vec<Institution> = load_markdown_dir(content, "institutions", &mut diags, load_institution)
        .into_iter()
        .map(|(mut inst, logo)| {
            if let Some((path, pos)) = logo {
                inst.logo = crate::logo::read(content, &format!("institutions/{}.md", inst.id), &path, pos, &mut diags);
            }
            inst
        })
        .collect();
    let mut initiatives = load_markdown_dir(content, "initiatives", &mut diags, load_initiative);
    let pages = load_pages(content, &mut diags);

    let refs = References {
        institutions: institutions.iter().map(|i| i.id.clone()).collect(),
        categories: site.categories.iter().map(|c| c.id.clone()).collect(),
        initiatives: initiatives.iter().map(|i| i.id.clone()).collect(),
    };
    let folders = list_dir(content, "apis", &mut diags, true);
    let results: Vec<(String, Option<Api>, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|(name, path)| {
            let mut d = Vec::new();
            let api = load_api(content, name, path, &refs, &mut d);
            (name.clone(), api, d)
        })
        .collect();
    let mut apis = Vec::new();
    let mut failed = Vec::new();
    for (name, api, mut d) in results {
        diags.append(&mut d);
        match api {
            Some(api) => apis.push(api),
            None => failed.push(name),
        }
    }

    for initiative in &mut initiatives {
        let file = format!("initiatives/{}.md", initiative.id);
        for api in &initiative.apis {
            if !folders.iter().any(|(n, _)| n == api) {
                diags.push(
                    Diagnostic::error("metadata/unknown-api", file.clone(), None, format!("initiative lists `{api}`, but there is no folder apis/{api}"))
                        .with_hint("use the folder name of an API under content/apis/"),
                );
            }
        }
    }
    if !institutions.iter().any(|i| i.id == site.publisher) {
        diags.push(Diagnostic::error(
            "config/publisher",
            "katalog.toml",
            None,
            format!("publisher `{}` is not an institution (no institutions/{}.md)", site.publisher, site.publisher),
        ));
    }

    diags.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    failed.sort();
    Ok(Loaded { catalog: Catalog { site, institutions, apis, initiatives, pages }, diagnostics: diags, failed })
}

struct References {
    institutions: Vec<String>,
    categories: Vec<String>,
    initiatives: Vec<String>,
}

/// Reads a text file from content/, refusing symlinks, oversize files and invalid UTF-8.
fn read_text(path: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(Diagnostic::error("content/io", rel, None, format!("cannot read: {e}")));
            return None;
        }
    };
    if meta.file_type().is_symlink() {
        diags.push(Diagnostic::error("content/symlink", rel, None, "symbolic links are not allowed in content/").with_hint("commit the file itself"));
        return None;
    }
    if meta.len() > MAX_TEXT_BYTES {
        diags.push(Diagnostic::error("content/too-large", rel, None, format!("the file has {} bytes; at most {MAX_TEXT_BYTES} are read", meta.len())));
        return None;
    }
    match fs::read(path).map(String::from_utf8) {
        Ok(Ok(s)) => Some(s),
        Ok(Err(e)) => {
            let offset = e.utf8_error().valid_up_to();
            let pos = config::pos_at(std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or(""), offset);
            diags.push(Diagnostic::error("content/encoding", rel, Some(pos), "the file is not valid UTF-8").with_hint("save the file as UTF-8"));
            None
        }
        Err(e) => {
            diags.push(Diagnostic::error("content/io", rel, None, format!("cannot read: {e}")));
            None
        }
    }
}

/// Entries of `content/<sub>` sorted by name: folders (`dirs`) or `.md` files (by stem, without
/// `.en.md` translations). Symlinks are refused.
fn list_dir(content: &Path, sub: &str, diags: &mut Vec<Diagnostic>, dirs: bool) -> Vec<(String, PathBuf)> {
    let Ok(read) = fs::read_dir(content.join(sub)) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_symlink() {
            diags.push(Diagnostic::error("content/symlink", format!("{sub}/{name}"), None, "symbolic links are not allowed in content/"));
            continue;
        }
        if dirs && ft.is_dir() {
            out.push((name, entry.path()));
        } else if !dirs && ft.is_file() && name.ends_with(".md") && !name.ends_with(".en.md") {
            out.push((name.trim_end_matches(".md").to_string(), entry.path()));
        }
    }
    out.sort();
    out
}

/// A markdown file with its optional English sibling (`x.en.md`), front matters parsed.
struct Source {
    rel: String,
    front: Option<Node>,
    body: String,
    en: Option<(String, Option<Node>, String)>,
}

fn read_markdown(path: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    let src = read_text(path, rel, diags)?;
    let doc = frontmatter::split(&src, rel, diags);
    let en_path = path.with_extension("en.md");
    let en = if en_path.exists() {
        let en_rel = rel.trim_end_matches(".md").to_string() + ".en.md";
        read_text(&en_path, &en_rel, diags).map(|s| {
            let d = frontmatter::split(&s, &en_rel, diags);
            (en_rel, d.front, d.body)
        })
    } else {
        None
    };
    Some(Source { rel: rel.to_string(), front: doc.front, body: doc.body, en })
}

/// Reads the English file's front matter (`title`, `summary`, …) and body.
fn english(source: &Source, keys: &[&'static str], diags: &mut Vec<Diagnostic>) -> (Vec<Option<String>>, Option<String>) {
    let Some((rel, front, body)) = &source.en else { return (vec![None; keys.len()], None) };
    let Some(front) = front else { return (vec![None; keys.len()], Some(body.clone())) };
    let mut f = Fields::new(front, rel);
    let values = keys.iter().map(|k| f.string(k)).collect();
    f.finish(&[]);
    diags.append(&mut f.diags);
    (values, Some(body.clone()))
}

fn load_markdown_dir<T>(content: &Path, sub: &str, diags: &mut Vec<Diagnostic>, load: fn(&str, Source, &mut Vec<Diagnostic>) -> Option<T>) -> Vec<T> {
    let mut out = Vec::new();
    for (id, path) in list_dir(content, sub, diags, false) {
        let rel = format!("{sub}/{id}.md");
        if !is_slug(&id) {
            diags.push(
                Diagnostic::error("content/file-name", rel, None, format!("`{id}` is not a valid id"))
                    .with_hint("use lowercase letters, digits and dashes, e.g. ministerstwo-finansow.md"),
            );
            continue;
        }
        if let Some(source) = read_markdown(&path, &rel, diags) {
            if let Some(item) = load(&id, source, diags) {
                out.push(item);
            }
        }
    }
    out
}

/// An institution, and the logo path its front matter names (read once the content folder is known).
fn load_institution(id: &str, source: Source, diags: &mut Vec<Diagnostic>) -> Option<(Institution, Option<(String, Pos)>)> {
    let front = source.front.as_ref()?;
    let mut f = Fields::new(front, &source.rel);
    let name = f.required_string("name");
    let name_en = f.string("name_en");
    let acronym = f.string("acronym");
    let kinds =
        [("ministry", InstitutionKind::Ministry), ("agency", InstitutionKind::Agency), ("local", InstitutionKind::Local), ("other", InstitutionKind::Other)];
    let kind = f.required_choice("kind", &kinds);
    let website = f.url("website");
    let contact = f.contact("contact");
    let logo = f.node("logo").map(|n| n.pos).and_then(|pos| f.string("logo").map(|p| (p, pos)));
    f.finish(&[]);
    let ok = !has_errors(&f.diags);
    diags.append(&mut f.diags);
    let (_, en_body) = english(&source, &[], diags);
    Some(Institution {
        id: id.to_string(),
        name: Localized { pl: name?, en: name_en },
        acronym,
        kind: kind?,
        website,
        contact,
        logo: None,
        body: Localized { pl: source.body, en: en_body },
    })
    .filter(|_| ok)
    .map(|inst| (inst, logo))
}

fn load_initiative(id: &str, source: Source, diags: &mut Vec<Diagnostic>) -> Option<Initiative> {
    let front = source.front.as_ref()?;
    let mut f = Fields::new(front, &source.rel);
    let title = f.required_string("title");
    let title_en = f.string("title_en");
    let goal = f.required_string("goal");
    let goal_en = f.string("goal_en");
    let statuses = [("planned", InitiativeStatus::Planned), ("active", InitiativeStatus::Active), ("completed", InitiativeStatus::Completed)];
    let status = f.required_choice("status", &statuses);
    let start = f.date("start");
    let end = f.date("end");
    let apis = f.strings("apis");
    let partners = f.strings("partners");
    f.finish(&[]);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            let pos = front.get("end").map(|n| n.pos);
            f.diags.push(Diagnostic::error("metadata/dates", &source.rel, pos, format!("`end` ({e}) is before `start` ({s})")));
        }
    }
    let ok = !has_errors(&f.diags);
    diags.append(&mut f.diags);
    let (_, en_body) = english(&source, &[], diags);
    Some(Initiative {
        id: id.to_string(),
        title: Localized { pl: title?, en: title_en },
        goal: Localized { pl: goal?, en: goal_en },
        status: status?,
        start,
        end,
        apis,
        partners,
        body: Localized { pl: source.body, en: en_body },
    })
    .filter(|_| ok)
}

fn load_pages(content: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut out = Vec::new();
    for (id, path) in list_dir(content, "pages", diags, false) {
        let rel = format!("pages/{id}.md");
        if !is_slug(&id) || RESERVED_PAGES.contains(&id.as_str()) {
            diags.push(
                Diagnostic::error("content/file-name", rel, None, format!("`{id}` cannot be a page id"))
                    .with_hint(format!("use lowercase letters, digits and dashes, and none of: {}", RESERVED_PAGES.join(", "))),
            );
            continue;
        }
        let Some(source) = read_markdown(&path, &rel, diags) else { continue };
        let Some(front) = source.front.as_ref() else { continue };
        let mut f = Fields::new(front, &rel);
        let title = f.required_string("title");
        let title_en = f.string("title_en");
        let fields: serde_json::Map<String, serde_json::Value> =
            front.as_map().unwrap_or(&[]).iter().filter(|e| e.key != "title" && e.key != "title_en").map(|e| (e.key.clone(), e.value.to_json())).collect();
        // A statement with data is laid out by the theme and must be complete; one with a title
        // only is written in its markdown and checked like any page.
        if id == crate::statement::STATEMENT_PAGE && !fields.is_empty() {
            crate::statement::check(&mut f);
        }
        let ok = !has_errors(&f.diags);
        diags.append(&mut f.diags);
        let (_, en_body) = english(&source, &[], diags);
        if let (Some(title), true) = (title, ok) {
            out.push(Page { id, title: Localized { pl: title, en: title_en }, body: Localized { pl: source.body, en: en_body }, fields });
        }
    }
    out
}

fn load_api(content: &Path, id: &str, dir: &Path, refs: &References, diags: &mut Vec<Diagnostic>) -> Option<Api> {
    let rel_dir = format!("apis/{id}");
    if !is_slug(id) {
        diags.push(
            Diagnostic::error("api/folder-name", rel_dir, None, format!("`{id}` is not a valid API id"))
                .with_hint("name the folder with lowercase letters, digits and dashes, e.g. biala-lista-vat"),
        );
        return None;
    }
    let index_rel = format!("{rel_dir}/index.md");
    if !dir.join("index.md").is_file() {
        diags.push(
            Diagnostic::error("api/missing-index", &index_rel, None, "the API folder has no index.md")
                .with_hint("run `katalog new api <id>` to create one, or add index.md with the front matter"),
        );
        return None;
    }
    let source = read_markdown(&dir.join("index.md"), &index_rel, diags)?;
    let meta_and_text = api_front_matter(&source, refs, diags);
    let (en_values, en_body) = english(&source, &["title", "summary"], diags);

    let mut versions = Vec::new();
    let mut spec_ok = true;
    match find_spec(dir, &rel_dir, diags) {
        Some(file) => match load_version(dir, &rel_dir, &file, true, None, diags) {
            Some(v) => versions.push(v),
            None => spec_ok = false,
        },
        None => spec_ok = false,
    }
    for (name, vdir) in list_subdirs(&dir.join("versions")) {
        let vrel = format!("{rel_dir}/versions/{name}");
        if !is_version_id(&name) {
            diags.push(
                Diagnostic::error("api/version-name", &vrel, None, format!("`{name}` is not a valid version folder name"))
                    .with_hint("use letters, digits, dots, dashes and underscores, e.g. 1.0"),
            );
            continue;
        }
        if let Some(file) = find_spec(&vdir, &vrel, diags) {
            let path = format!("versions/{name}/{file}");
            if let Some(v) = load_version(dir, &rel_dir, &path, false, Some(name.clone()), diags) {
                versions.push(v);
            }
        }
    }
    if versions.len() > 1 {
        let current = versions[0].id.clone();
        if versions[1..].iter().any(|v| v.id == current) {
            diags.push(
                Diagnostic::error(
                    "api/version-clash",
                    format!("{rel_dir}/versions/{current}"),
                    None,
                    format!("the current spec is version {current}, and so is this folder"),
                )
                .with_hint("raise info.version in the current spec, or rename the older version's folder"),
            );
            spec_ok = false;
        }
        versions[1..].sort_by(|a, b| compare_versions(&b.label, &a.label));
    }
    let guides = load_guides(content, dir, &rel_dir, diags);
    let (meta, title, summary) = meta_and_text?;
    if !spec_ok {
        return None;
    }
    Some(Api {
        id: id.to_string(),
        title: Localized { pl: title, en: en_values[0].clone() },
        summary: Localized { pl: summary, en: en_values[1].clone() },
        body: Localized { pl: source.body, en: en_body },
        meta,
        versions,
        guides,
        dir: rel_dir,
        history: None,
    })
}

fn api_front_matter(source: &Source, refs: &References, diags: &mut Vec<Diagnostic>) -> Option<(ApiMeta, String, String)> {
    let front = source.front.as_ref()?;
    let mut f = Fields::new(front, &source.rel);
    let title = f.required_string("title");
    let summary = f.required_string("summary");
    let institution = f.required_string("institution");
    let statuses: Vec<(&str, Status)> = Status::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let status = f.required_choice("status", &statuses);
    let since = f.date("since");
    let sunset = f.date("sunset");
    let categories = f.strings("categories");
    let tags = f.strings("tags");
    let accesses: Vec<(&str, Access)> = Access::ALL.iter().map(|a| (a.as_str(), *a)).collect();
    let access = f.required_choice("access", &accesses);
    let access_url = f.url("access_url");
    let contact = f.contact("contact");
    let license = f.string("license");
    let terms_url = f.url("terms_url");
    let docs_url = f.url("docs_url");
    let rate_limit = f.string("rate_limit");
    let data_sources = f.strings("data_sources");
    let initiative = f.string("initiative");
    let sandbox = f.bool("sandbox").unwrap_or(true);
    let datasets = f.strings("datasets");
    f.finish(&[]);

    let file = source.rel.as_str();
    let pos_of = |key: &str| front.get(key).map(|n| n.pos);
    let mut extra = Vec::new();
    if let Some(inst) = &institution {
        if !refs.institutions.contains(inst) {
            let known: Vec<&str> = refs.institutions.iter().map(String::as_str).collect();
            let hint = match frontmatter::suggest(inst, &known) {
                Some(s) => format!("did you mean `{s}`? institutions are the files in content/institutions/"),
                None => format!("add content/institutions/{inst}.md, or use one of: {}", known.join(", ")),
            };
            extra.push(Diagnostic::error("metadata/unknown-institution", file, pos_of("institution"), format!("no institution `{inst}`")).with_hint(hint));
        }
    }
    for c in &categories {
        if !refs.categories.contains(c) {
            let known: Vec<&str> = refs.categories.iter().map(String::as_str).collect();
            let hint = match frontmatter::suggest(c, &known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("categories are listed in katalog.toml: {}", known.join(", ")),
            };
            extra.push(Diagnostic::error("metadata/unknown-category", file, pos_of("categories"), format!("no category `{c}`")).with_hint(hint));
        }
    }
    if categories.is_empty() && front.get("categories").is_none() {
        extra.push(
            Diagnostic::warning("metadata/no-category", file, None, "the API has no category; it will not appear under any category")
                .with_hint("add `categories: [...]` with ids from katalog.toml"),
        );
    }
    if let Some(i) = &initiative {
        if !refs.initiatives.contains(i) {
            extra.push(
                Diagnostic::error("metadata/unknown-initiative", file, pos_of("initiative"), format!("no initiative `{i}`"))
                    .with_hint("initiatives are the files in content/initiatives/"),
            );
        }
    }
    for t in &tags {
        if !is_slug(t) {
            extra.push(Diagnostic::error("metadata/tag", file, pos_of("tags"), format!("tag `{t}` must be lowercase letters, digits and dashes")));
        }
    }
    if status == Some(Status::Deprecated) && sunset.is_none() {
        extra.push(
            Diagnostic::error("metadata/sunset-required", file, pos_of("status"), "a deprecated API needs a `sunset` date")
                .with_hint("add `sunset: YYYY-MM-DD`, the day the API stops working"),
        );
    }
    if let (Some(s), Some(e)) = (since, sunset) {
        if e < s {
            extra.push(Diagnostic::error("metadata/dates", file, pos_of("sunset"), format!("`sunset` ({e}) is before `since` ({s})")));
        }
    }
    if matches!(access, Some(Access::Registration | Access::Restricted)) && access_url.is_none() {
        extra.push(
            Diagnostic::error(
                "metadata/access-url-required",
                file,
                pos_of("access"),
                "an API that needs registration or authorisation must say where to apply",
            )
            .with_hint("add `access_url: https://…`, the page where one registers or applies"),
        );
    }
    if let Some(s) = &summary {
        if s.chars().count() > 300 {
            extra.push(
                Diagnostic::warning("metadata/summary-length", file, pos_of("summary"), "the summary is longer than 300 characters")
                    .with_hint("keep it to one sentence; the description goes below the front matter"),
            );
        }
    }
    f.diags.append(&mut extra);
    let ok = !has_errors(&f.diags);
    diags.append(&mut f.diags);
    let meta = ApiMeta {
        institution: institution?,
        status: status?,
        since,
        sunset,
        categories,
        tags,
        access: access?,
        access_url,
        contact,
        license,
        terms_url,
        docs_url,
        rate_limit,
        data_sources,
        initiative,
        sandbox,
        datasets,
    };
    ok.then_some((meta, title?, summary?))
}

fn list_subdirs(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(read) = fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(String, PathBuf)> = read
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().to_string(), e.path()))
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    out.sort();
    out
}

/// The one spec file of a folder.
fn find_spec(dir: &Path, rel_dir: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let found: Vec<&str> = SPEC_FILES.iter().copied().filter(|f| dir.join(f).is_file()).collect();
    match found.as_slice() {
        [one] => Some(one.to_string()),
        [] => {
            diags.push(
                Diagnostic::error("api/missing-spec", rel_dir, None, "no OpenAPI description in this folder")
                    .with_hint("add openapi.yaml (or openapi.json; swagger.yaml for Swagger 2.0)"),
            );
            None
        }
        many => {
            diags.push(
                Diagnostic::error("api/multiple-specs", rel_dir, None, format!("more than one spec file: {}", many.join(", ")))
                    .with_hint("keep one; put other versions under versions/<version>/"),
            );
            None
        }
    }
}

fn load_version(dir: &Path, rel_dir: &str, file: &str, current: bool, folder: Option<String>, diags: &mut Vec<Diagnostic>) -> Option<ApiVersion> {
    let (loaded, mut d) = spec::load(dir, file, &format!("{rel_dir}/"), &SpecLimits::default());
    diags.append(&mut d);
    let loaded = loaded?;
    let label = loaded.spec.info.version.clone();
    let id = folder.unwrap_or_else(|| version_id(&label));
    Some(ApiVersion { id, label, current, source: format!("{rel_dir}/{file}"), spec: loaded.spec, bundled: loaded.bundled })
}

/// A URL-safe id for a version label (`v4 (Hunt Valley)` → `v4-Hunt-Valley`).
pub fn version_id(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "current".to_string()
    } else {
        out
    }
}

fn is_version_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) && !s.starts_with('.')
}

/// Orders versions like people do: `1.10` after `1.9`, `2.0` after `2.0-beta`.
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(u64, String)> {
        s.trim_start_matches(['v', 'V'])
            .split(['.', '-', '_'])
            .map(|p| {
                let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
                (digits.parse().unwrap_or(0), p[digits.len()..].to_string())
            })
            .collect()
    }
    parts(a).cmp(&parts(b))
}

fn load_guides(_content: &Path, dir: &Path, rel_dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<Guide> {
    let gdir = dir.join("guides");
    let Ok(read) = fs::read_dir(&gdir) else { return Vec::new() };
    let mut files: Vec<(String, PathBuf)> =
        read.flatten().map(|e| (e.file_name().to_string_lossy().to_string(), e.path())).filter(|(n, _)| n.ends_with(".md") && !n.ends_with(".en.md")).collect();
    files.sort();
    let mut out = Vec::new();
    for (name, path) in files {
        let slug = name.trim_end_matches(".md").to_string();
        let rel = format!("{rel_dir}/guides/{name}");
        if !is_slug(&slug) {
            diags.push(
                Diagnostic::error("content/file-name", rel, None, format!("`{slug}` is not a valid guide name"))
                    .with_hint("use lowercase letters, digits and dashes"),
            );
            continue;
        }
        let Some(source) = read_markdown(&path, &rel, diags) else { continue };
        let Some(front) = source.front.as_ref() else { continue };
        let mut f = Fields::new(front, &rel);
        let title = f.required_string("title");
        let title_en = f.string("title_en");
        f.finish(&[]);
        let ok = !has_errors(&f.diags);
        diags.append(&mut f.diags);
        let (_, en_body) = english(&source, &[], diags);
        if let (Some(title), true) = (title, ok) {
            out.push(Guide { slug, title: Localized { pl: title, en: title_en }, body: Localized { pl: source.body, en: en_body } });
        }
    }
    out
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
