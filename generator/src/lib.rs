//! Renders a [`catalog::Catalog`] into a static site: pages in Polish and English, the API
//! reference split into small pages, code samples, the published specs and the machine
//! feeds. Same catalog in, same bytes out.

pub mod output;
pub mod scaffold;
pub mod urls;
mod api_pages;
mod feeds;
mod highlight;
mod i18n;
mod markdown;
mod render;
mod samples;
mod schema_tree;
mod site;
mod sitemap;
mod specs_export;
#[cfg(test)]
mod test_spec;
mod theme;
mod view;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use urls::Urls;

/// What can stop a build. Problems in the content are diagnostics from the catalog, not these.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// Writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A template failed to render (a bug in the theme, or a user override).
    #[error("template {name}: {message}")]
    Template {
        /// Template name.
        name: String,
        /// The engine's message.
        message: String,
    },
    /// A theme file (translations, a template) cannot be used.
    #[error("theme file {file}: {message}")]
    Theme {
        /// The file, inside the theme folder.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The search index could not be built.
    #[error("search index: {0}")]
    Search(#[from] search::SearchError),
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides `base_url` from katalog.toml.
    pub base_url: Option<String>,
    /// A theme folder whose files override the embedded default theme, file by file.
    pub theme_dir: Option<PathBuf>,
    /// Injects the live-reload script into pages (`katalog serve`).
    pub live_reload: bool,
}

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files written.
    pub files: usize,
    /// HTML pages written.
    pub pages: usize,
    /// The largest HTML page: site path and size in bytes.
    pub largest_page: Option<(String, u64)>,
    /// Total bytes written.
    pub bytes: u64,
    /// How long each phase took (setup, pages, static, specs, feeds, sitemap, count, swap).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Builds the whole site into `out`, atomically.
pub fn build(catalog: &catalog::Catalog, out: &Path, options: &Options) -> Result<Report, GenError> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str, since: &mut Instant| {
        timings.push((name, since.elapsed()));
        *since = Instant::now();
    };
    let mut t = Instant::now();
    // The theme and templates are checked before anything is written.
    let site = site::Site::new(catalog, options)?;
    lap("setup", &mut t);
    let mut report = output::atomically(out, |o| {
        let ((global, apis), index) =
            rayon::join(|| rayon::join(|| site.global_pages(o), || api_pages::write(&site, o)), || write_search_index(o, &site.urls, catalog));
        let mut written = global?;
        written.extend(apis?);
        index?;
        lap("pages", &mut t);
        site.static_files(o)?;
        specs_export::write(o, &site.urls, catalog)?;
        lap("specs", &mut t);
        feeds::write_all(o, &site.urls, catalog)?;
        lap("feeds", &mut t);
        sitemap::write(o, &site.urls, &site::sitemap_entries(&written))?;
        lap("sitemap", &mut t);
        let mut report = Report { pages: written.len(), ..Report::default() };
        for w in &written {
            if report.largest_page.as_ref().is_none_or(|(p, b)| w.bytes > *b || (w.bytes == *b && w.path < *p)) {
                report.largest_page = Some((w.path.clone(), w.bytes));
            }
        }
        let (files, bytes) = count_files(o.root()).map_err(|source| GenError::Io { path: o.root().to_path_buf(), source })?;
        report.files = files;
        report.bytes = bytes;
        lap("count", &mut t);
        Ok(report)
    })?;
    timings.push(("swap", t.elapsed()));
    timings.push(("total", started.elapsed()));
    report.timings = timings;
    Ok(report)
}

/// The search index (the `search` crate) under `search-index/<lang>/`, linked with the site's
/// URLs; search.js finds it beside `static/`.
fn write_search_index(o: &output::Output, urls: &Urls, catalog: &catalog::Catalog) -> Result<(), GenError> {
    struct Links<'u>(&'u Urls);
    impl search::Links for Links<'_> {
        fn api(&self, lang: &str, api: &str) -> String {
            self.0.api(lang, api)
        }
        fn operation(&self, lang: &str, api: &str, key: &str) -> String {
            self.0.operation(lang, api, None, key)
        }
        fn guide(&self, lang: &str, api: &str, slug: &str) -> String {
            format!("{}#guide-{slug}", self.0.api(lang, api))
        }
        fn institution(&self, lang: &str, id: &str) -> String {
            self.0.institution(lang, id)
        }
        fn initiative(&self, lang: &str, id: &str) -> String {
            self.0.initiative(lang, id)
        }
    }
    let (files, _) = search::site_index(catalog, &Links(urls))?;
    for (path, bytes) in files {
        o.write(&format!("search-index/{path}"), &bytes)?;
    }
    Ok(())
}

/// Files and bytes under a folder.
fn count_files(dir: &Path) -> std::io::Result<(usize, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    Ok((files, bytes))
}
