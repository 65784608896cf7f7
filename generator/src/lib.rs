//! Renders a [`catalog::Catalog`] into a static site: pages in Polish and English, the API
//! reference split into small pages, code samples, the published specs and the machine
//! feeds. Same catalog in, same bytes out.

mod api_history;
mod api_pages;
mod diff_pages;
mod feeds;
mod highlight;
mod i18n;
mod kpi;
mod markdown;
pub mod output;
mod render;
mod samples;
pub mod scaffold;
mod schema_pages;
mod schema_tree;
mod server_config;
mod site;
mod sitemap;
mod specs_export;
#[cfg(test)]
mod test_spec;
mod theme;
pub mod urls;
mod view;
mod yaml_out;

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
    /// Of the files, how many the previous site had with the same bytes (linked, not written).
    pub unchanged: usize,
    /// How long each phase took (setup, pages, specs, feeds, sitemap, swap, total), then the
    /// time spent in templates and in writing pages summed over threads, and the CPU time used.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Builds the whole site into `out`, atomically.
pub fn build(catalog: &catalog::Catalog, out: &Path, options: &Options) -> Result<Report, GenError> {
    let started = Instant::now();
    let cpu_start = process_cpu_time();
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
        server_config::write(o, catalog)?;
        lap("sitemap", &mut t);
        let mut report = Report { pages: written.len(), ..Report::default() };
        for w in &written {
            if report.largest_page.as_ref().is_none_or(|(p, b)| w.bytes > *b || (w.bytes == *b && w.path < *p)) {
                report.largest_page = Some((w.path.clone(), w.bytes));
            }
        }
        (report.files, report.bytes) = o.written();
        report.unchanged = o.unchanged();
        Ok(report)
    })?;
    timings.push(("swap", t.elapsed()));
    timings.push(("total", started.elapsed()));
    // Summed over threads (wall time of each thread, so inflated when the machine is busy).
    timings.push(("templates (threads)", std::time::Duration::from_nanos(site.render_nanos.load(std::sync::atomic::Ordering::Relaxed))));
    timings.push(("page writes (threads)", std::time::Duration::from_nanos(site.write_nanos.load(std::sync::atomic::Ordering::Relaxed))));
    if let (Some(a), Some(b)) = (cpu_start, process_cpu_time()) {
        timings.push(("cpu (user+sys)", b.saturating_sub(a)));
    }
    report.timings = timings;
    Ok(report)
}

/// CPU time the process has used so far (user + system), where the OS tells it cheaply.
fn process_cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) — utime and stime are 14th and 15th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(std::time::Duration::from_millis(ticks * 10))
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
