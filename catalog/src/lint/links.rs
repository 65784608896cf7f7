//! `content/internal-links`: relative links in markdown lead somewhere. A link is resolved the
//! way a browser resolves it on the published page (the page of `apis/eli/index.md` is
//! `apis/eli/`, so `../sejm/` is `apis/sejm/`), then checked against the site's URL scheme
//! (generator/src/urls.rs, replicated here for the few shapes a hand-written link can take) and,
//! failing that, against the files of content/ (an image beside the markdown).
//!
//! `content/external-links` (only with `--external-links`): http(s) links answer a HEAD request.
//! It runs `curl` (present on CI runners and developer machines) rather than pulling an HTTP
//! client and a TLS stack into the catalog crate for an opt-in check.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use crate::config::pos_at;
use crate::diag::Diagnostic;
use crate::doc::Pos;
use crate::model::{Catalog, Status};

/// A markdown file and the site path of the page it becomes.
struct Page {
    /// Relative to content/.
    file: String,
    /// The page's path under the site root, ending in `/` (`en/apis/eli/`).
    url: String,
}

fn pages(catalog: &Catalog) -> Vec<Page> {
    let mut out = Vec::new();
    let mut both = |file: String, url: String| {
        let en_file = file.trim_end_matches(".md").to_string() + ".en.md";
        out.push(Page { file: en_file, url: format!("en/{url}") });
        out.push(Page { file, url });
    };
    for api in &catalog.apis {
        both(format!("{}/index.md", api.dir), format!("apis/{}/", api.id));
        for g in &api.guides {
            both(format!("{}/guides/{}.md", api.dir, g.slug), format!("apis/{}/guides/{}/", api.id, g.slug));
        }
    }
    for i in &catalog.institutions {
        both(format!("institutions/{}.md", i.id), format!("institutions/{}/", i.id));
    }
    for i in &catalog.initiatives {
        both(format!("initiatives/{}.md", i.id), format!("initiatives/{}/", i.id));
    }
    for p in &catalog.pages {
        both(format!("pages/{}.md", p.id), format!("{}/", p.id));
    }
    out
}

/// A link found in a markdown file.
struct Link {
    href: String,
    pos: Pos,
}

/// The links and images of a markdown file, placed. Front matter is skipped but counted, so
/// positions are positions in the file.
fn links_of(text: &str) -> Vec<Link> {
    let body_start = body_offset(text);
    let body = &text[body_start..];
    let mut out = Vec::new();
    for (event, range) in Parser::new(body).into_offset_iter() {
        let href = match event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        out.push(Link { href, pos: pos_at(text, body_start + range.start) });
    }
    out
}

/// Where the markdown body starts (after the `---` front matter, when there is one).
fn body_offset(text: &str) -> usize {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else { return 0 };
    let mut offset = text.len() - rest.len();
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end_matches(['\r', '\n']) == "---" {
            return offset;
        }
    }
    0
}

/// A link with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`): not ours.
fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty() && !scheme.contains('/') && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves `href` against the page `base` (a path ending in `/`); `None` when it climbs above
/// the site root.
fn resolve(base: &str, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or("");
    let joined = if let Some(abs) = path.strip_prefix('/') { abs.to_string() } else { format!("{base}{path}") };
    let trailing = joined.ends_with('/') || joined.is_empty();
    let mut out = crate::relpath::normalize(&[], &joined)?;
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// What the site has, for link checking.
struct Site<'a> {
    catalog: &'a Catalog,
    tags: BTreeSet<&'a str>,
}

impl Site<'_> {
    /// Whether the site path (no leading `/`; `en/` allowed) is a page or file of the site.
    fn has(&self, path: &str) -> bool {
        let c = self.catalog;
        let path = path.strip_prefix("en/").or_else(|| (path == "en").then_some("")).unwrap_or(path);
        let p = path.trim_end_matches('/');
        let segs: Vec<&str> = if p.is_empty() { Vec::new() } else { p.split('/').collect() };
        let percent_decoded: Vec<String> = segs.iter().map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().to_string()).collect();
        let segs: Vec<&str> = percent_decoded.iter().map(String::as_str).collect();
        match segs.as_slice() {
            [] => true,
            ["index.html"] | ["404.html"] | ["sitemap.xml"] | ["robots.txt"] | ["feed.atom"] => true,
            ["apis"] | ["institutions"] | ["initiatives"] | ["stats"] | ["search"] | ["categories"] | ["tags"] => true,
            ["apis", id, rest @ ..] => match c.apis.iter().find(|a| a.id == *id) {
                Some(api) => api_path(api, rest),
                None => false,
            },
            ["institutions", id] => c.institutions.iter().any(|i| i.id == *id),
            ["initiatives", id] => c.initiatives.iter().any(|i| i.id == *id),
            ["categories", id] => c.site.categories.iter().any(|x| x.id == *id),
            ["tags", t] => self.tags.contains(t),
            ["status", s] => Status::ALL.iter().any(|x| x.as_str() == *s),
            ["access", a] => crate::model::Access::ALL.iter().any(|x| x.as_str() == *a),
            ["specs", api, v, file] => {
                matches!(*file, "openapi.json" | "openapi.yaml") && c.apis.iter().any(|a| a.id == *api && a.versions.iter().any(|x| x.id == *v))
            }
            ["feeds", _] | ["static", ..] | ["pagefind", ..] => true,
            [page] => c.pages.iter().any(|x| x.id == *page),
            _ => false,
        }
    }
}

/// Paths under `apis/<id>/`.
fn api_path(api: &crate::model::Api, rest: &[&str]) -> bool {
    let (version, rest) = match rest {
        ["versions", v, tail @ ..] => match api.versions.iter().find(|x| x.id == *v) {
            Some(x) => (x, tail),
            None => return false,
        },
        _ => (api.current(), rest),
    };
    match rest {
        [] | ["reference"] => true,
        ["reference", n] => n.parse::<usize>().is_ok(),
        ["operations", key] => version.spec.all_operations().any(|o| o.key == *key),
        ["schemas", _] => true,
        ["guides", slug] => api.guides.iter().any(|g| g.slug == *slug),
        _ => false,
    }
}

/// `content/internal-links` over every markdown file of the catalog.
pub(super) fn internal(content: &Path, catalog: &Catalog) -> Vec<Diagnostic> {
    let site = Site { catalog, tags: catalog.apis.iter().flat_map(|a| a.meta.tags.iter().map(String::as_str)).collect() };
    let pages = pages(catalog);
    let mut out = Vec::new();
    for page in &pages {
        let Ok(text) = std::fs::read_to_string(content.join(&page.file)) else { continue };
        let dir = page.file.rsplit_once('/').map_or("", |(d, _)| d);
        for link in links_of(&text) {
            let href = link.href.trim();
            if href.is_empty() || href.starts_with('#') || is_external(href) {
                continue;
            }
            let target = resolve(&page.url, href);
            let ok = match &target {
                Some(t) => site.has(t) || file_exists(content, dir, href),
                None => false,
            };
            if ok {
                continue;
            }
            let message = match &target {
                Some(t) => format!("the link `{href}` leads to /{t}, which is not a page or file of the site"),
                None => format!("the link `{href}` climbs above the site's root"),
            };
            let mut d = Diagnostic::error("content/internal-links", &page.file, Some(link.pos), message);
            d.hint = Some(hint_for(catalog, &page.url, target.as_deref()));
            out.push(d);
        }
    }
    out
}

/// A file beside the markdown (`diagram.png`, `../shared/logo.svg`), inside content/.
fn file_exists(content: &Path, dir: &str, href: &str) -> bool {
    let path = href.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.starts_with('/') || path.ends_with('/') {
        return false;
    }
    let Some(rel) = resolve(&format!("{dir}/"), path) else { return false };
    let decoded = percent_encoding::percent_decode_str(&rel).decode_utf8_lossy().to_string();
    content.join(decoded).is_file()
}

fn hint_for(catalog: &Catalog, page: &str, target: Option<&str>) -> String {
    let base = format!("links are resolved against the page's address, /{page}");
    if let Some(t) = target {
        let t = t.strip_prefix("en/").unwrap_or(t);
        if let Some(id) = t.strip_prefix("apis/").and_then(|r| r.split('/').next()) {
            let ids: Vec<&str> = catalog.apis.iter().map(|a| a.id.as_str()).collect();
            if let Some(s) = crate::frontmatter::suggest(id, &ids) {
                return format!("did you mean the API `{s}`? {base}");
            }
        }
    }
    format!("{base}; an API is ../<id>/ from another API's page, /apis/<id>/ from anywhere")
}

/// `content/external-links`: each distinct http(s) link gets one HEAD request (through `curl`,
/// 10 s timeout, redirects followed); a failure is a warning by default.
pub(super) fn external(content: &Path, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut found: Vec<(String, String, Pos)> = Vec::new();
    for page in pages(catalog) {
        let Ok(text) = std::fs::read_to_string(content.join(&page.file)) else { continue };
        for link in links_of(&text) {
            let h = link.href.trim();
            if h.starts_with("https://") || h.starts_with("http://") {
                found.push((h.to_string(), page.file.clone(), link.pos));
            }
        }
    }
    let urls: BTreeSet<&str> = found.iter().map(|(u, _, _)| u.as_str()).collect();
    let results: Vec<(String, Option<String>)> = urls.into_par_iter().map(|u| (u.to_string(), head(u).err())).collect();
    let mut out = Vec::new();
    for (url, file, pos) in &found {
        if let Some((_, Some(err))) = results.iter().find(|(u, _)| u == url) {
            out.push(
                Diagnostic::warning("content/external-links", file, Some(*pos), format!("the link {url} does not answer: {err}"))
                    .with_hint("update or remove the link; if the site refuses HEAD requests, set `content/external-links` to \"off\""),
            );
        }
    }
    out
}

fn head(url: &str) -> Result<(), String> {
    let output = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--head",
            "--location",
            "--max-redirs",
            "5",
            "--max-time",
            "10",
            "--proto",
            "=http,https",
            "--output",
            "/dev/null",
            "--write-out",
            "%{http_code}",
            "--",
            url,
        ])
        .output()
        .map_err(|e| format!("cannot run curl: {e}"))?;
    let code = String::from_utf8_lossy(&output.stdout).trim().to_string();
    match code.parse::<u16>() {
        Ok(c) if (200..400).contains(&c) => Ok(()),
        // Some servers refuse HEAD; the link works for people.
        Ok(405) | Ok(403) => Ok(()),
        Ok(0) | Err(_) => Err(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        Ok(c) => Err(format!("HTTP {c}")),
    }
}

#[cfg(test)]
pub(super) fn resolve_for_tests(base: &str, href: &str) -> Option<String> {
    resolve(base, href)
}
