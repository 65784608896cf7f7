//! Renders a [`catalog::Catalog`] into a static site: pages in Polish and English, the API
//! reference split into small pages, code samples, the published specs and the machine
//! feeds. Same catalog in, same bytes out.

pub mod output;
pub mod urls;

use std::path::{Path, PathBuf};

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
}

/// Builds the whole site into `out`, atomically.
pub fn build(catalog: &catalog::Catalog, out: &Path, options: &Options) -> Result<Report, GenError> {
    let _ = (catalog, out, options);
    todo!("site rendering")
}
