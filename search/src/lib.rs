//! Search for the Katalog site with no server: a Polish-aware [`tokenize`]r, a static index
//! written as small gzipped JSON files ([`write`]), and the [`query`] engine, whose ranking
//! `themes/default/static/search.js` reproduces exactly (integer scores, same tokenizer, same
//! Snowball stemmer) so that tests here predict what the browser shows.

pub mod document;
pub mod format;
pub mod index;
pub mod query;
pub mod tokenize;
pub mod write;

pub use document::{DocKind, Document, Links};
pub use query::{Engine, Hit, Query, Results};
pub use write::{site_index, write_site_index, IndexReport};

/// What can go wrong writing or reading an index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An index file is not what this version writes.
    #[error("search index file {file}: {message}")]
    Format {
        /// The file, relative to the index folder.
        file: String,
        /// What is wrong.
        message: String,
    },
}
