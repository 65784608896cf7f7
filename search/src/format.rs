//! The files of a static index, one folder per language:
//!
//! ```text
//! manifest.json.gz   what the client fetches first: shard and chunk boundaries, API groups and facets
//! t/<n>.json.gz      term shards: consecutive ranges of the sorted terms, with stems and postings
//! d/<n>.json.gz      document chunks: what results show (title, link, excerpt, method, path)
//! ```
//!
//! Every file is gzipped JSON with short keys: the browser inflates it with
//! `DecompressionStream` (or gets it inflated already when a host adds `Content-Encoding`).
//! Scores are integers computed at build time, so the browser and [`crate::query`] rank alike.

use serde::{Deserialize, Serialize};

/// Version of the format; the client refuses others.
pub const VERSION: u32 = 1;

/// Name of the manifest file.
pub const MANIFEST: &str = "manifest.json.gz";

/// Path of term shard `n`.
pub fn shard_file(n: usize) -> String {
    format!("t/{n}.json.gz")
}

/// Path of document chunk `n`.
pub fn chunk_file(n: usize) -> String {
    format!("d/{n}.json.gz")
}

/// `manifest.json.gz`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Format version.
    pub v: u32,
    /// Language of the texts.
    pub lang: String,
    /// Number of documents.
    pub n: u32,
    /// First term of each term shard (the first is always "").
    pub t: Vec<String>,
    /// First document of each document chunk (the first is always 0).
    pub d: Vec<u32>,
    /// API groups: `[api document, number of documents, [value indexes per facet]]`.
    pub g: Vec<(u32, u32, Vec<Vec<u32>>)>,
    /// Facets: `[name, [[value, label]…]]`, in [`crate::document::FACETS`] order.
    pub f: Vec<(String, Vec<(String, String)>)>,
}

/// A term shard.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Shard {
    /// Terms, sorted.
    pub w: Vec<String>,
    /// Stems of each term other than the term itself: a number is the length in characters
    /// of a prefix of the term, a string is written out; 0 means none, an array several.
    pub s: Vec<serde_json::Value>,
    /// Postings of each term: document (delta from the previous one) and impact, interleaved.
    pub p: Vec<Vec<u32>>,
}

/// What a result shows about one document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocRecord {
    /// Kind (see [`crate::document::DocKind`]).
    pub k: u8,
    /// Title.
    pub t: String,
    /// Link.
    pub u: String,
    /// Excerpt.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub x: String,
    /// Method (operations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<String>,
    /// Path (operations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
}

/// Stems of a term in the shard encoding.
pub fn encode_stems(term: &str, stems: &[String]) -> serde_json::Value {
    let enc: Vec<serde_json::Value> = stems
        .iter()
        .filter(|s| s.as_str() != term)
        .map(|s| if term.starts_with(s.as_str()) { serde_json::Value::from(s.chars().count()) } else { serde_json::Value::from(s.as_str()) })
        .collect();
    match enc.len() {
        0 => serde_json::Value::from(0),
        1 => enc.into_iter().next().unwrap_or_default(),
        _ => serde_json::Value::Array(enc),
    }
}

/// Stems of a term from the shard encoding.
pub fn decode_stems(term: &str, value: &serde_json::Value) -> Vec<String> {
    fn one(term: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Number(n) => {
                let k = n.as_u64().unwrap_or(0) as usize;
                if k > 0 {
                    out.push(term.chars().take(k).collect());
                }
            }
            serde_json::Value::String(s) => out.push(s.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| one(term, v, &mut out)),
        v => one(term, v, &mut out),
    }
    out
}
