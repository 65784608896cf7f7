//! Writes the static index (see [`crate::format`]): term shards of about [`SHARD_BYTES`] of
//! JSON each (a query fetches one or two), document chunks of about [`CHUNK_BYTES`] (results
//! fetch the chunks of the few documents shown), a manifest, all gzipped, deterministically.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use rayon::prelude::*;

use crate::document::{corpus, Corpus, Links, FACETS};
use crate::format::{chunk_file, encode_stems, shard_file, DocRecord, Manifest, Shard, MANIFEST, VERSION};
use crate::index::{build, InvertedIndex};
use crate::SearchError;

/// Target size of a term shard, as JSON before gzip.
pub const SHARD_BYTES: usize = 24 * 1024;
/// Target size of a document chunk, as JSON before gzip.
pub const CHUNK_BYTES: usize = 16 * 1024;

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct IndexReport {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Documents, summed over languages.
    pub docs: usize,
    /// Distinct terms, summed over languages.
    pub terms: usize,
}

/// Index files: (path inside the index folder, gzipped JSON).
pub type Files = Vec<(String, Vec<u8>)>;

/// The index files of every language of the site: (`<lang>/<file>`, gzipped bytes), in a
/// fixed order; the languages are indexed in parallel.
pub fn site_index(catalog: &catalog::Catalog, links: &(dyn Links + Sync)) -> Result<(Files, IndexReport), SearchError> {
    let per_lang: Vec<Result<(Files, IndexReport), SearchError>> = catalog
        .site
        .languages
        .par_iter()
        .map(|lang| {
            let c = corpus(catalog, lang, links);
            let index = build(&c);
            let mut report = IndexReport::default();
            let files = index_files(&c, &index, lang, &mut report)?;
            Ok((files.into_iter().map(|(name, bytes)| (format!("{lang}/{name}"), bytes)).collect(), report))
        })
        .collect();
    let mut files = Vec::new();
    let mut report = IndexReport::default();
    for r in per_lang {
        let (f, r) = r?;
        files.extend(f);
        report.files += r.files;
        report.bytes += r.bytes;
        report.docs += r.docs;
        report.terms += r.terms;
    }
    Ok((files, report))
}

/// Writes the index of every language of the site under `dir/<lang>/`.
pub fn write_site_index(catalog: &catalog::Catalog, links: &(dyn Links + Sync), dir: &Path) -> Result<IndexReport, SearchError> {
    let (files, report) = site_index(catalog, links)?;
    write_files(dir, &files)?;
    Ok(report)
}

/// Writes one language's index into `dir`.
pub fn write_index(c: &Corpus, index: &InvertedIndex, lang: &str, dir: &Path, report: &mut IndexReport) -> Result<(), SearchError> {
    let files = index_files(c, index, lang, report)?;
    write_files(dir, &files)
}

fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), SearchError> {
    for (name, bytes) in files {
        let path = dir.join(name);
        let io = |source| SearchError::Io { path: path.clone(), source };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&path, bytes).map_err(io)?;
    }
    Ok(())
}

/// One language's index files: (path inside the language's folder, gzipped bytes).
pub fn index_files(c: &Corpus, index: &InvertedIndex, lang: &str, report: &mut IndexReport) -> Result<Files, SearchError> {
    report.docs += c.docs.len();
    report.terms += index.terms.len();
    let mut out: Files = Vec::new();
    let dir = &mut out;

    // Term shards: consecutive ranges of sorted terms; the first starts at "".
    let mut firsts = vec![String::new()];
    let mut shard = Shard::default();
    let mut size = 0;
    for entry in &index.terms {
        let mut p = Vec::with_capacity(entry.postings.len() * 2);
        let mut prev = 0;
        for &(doc, impact) in &entry.postings {
            p.push(doc - prev);
            p.push(impact);
            prev = doc;
        }
        let cost = entry.term.len() + 8 + p.len() * 4;
        if size > 0 && size + cost > SHARD_BYTES {
            write_json(dir, &shard_file(firsts.len() - 1), &shard, report)?;
            firsts.push(entry.term.clone());
            shard = Shard::default();
            size = 0;
        }
        shard.w.push(entry.term.clone());
        shard.s.push(encode_stems(&entry.term, &entry.stems));
        shard.p.push(p);
        size += cost;
    }
    write_json(dir, &shard_file(firsts.len() - 1), &shard, report)?;

    // Document chunks: consecutive documents; the first starts at 0.
    let mut starts = vec![0u32];
    let mut chunk: Vec<DocRecord> = Vec::new();
    let mut size = 0;
    for (i, doc) in c.docs.iter().enumerate() {
        let rec = DocRecord { k: doc.kind as u8, t: doc.title.clone(), u: doc.url.clone(), x: doc.excerpt.clone(), m: doc.method.clone(), p: doc.path.clone() };
        let cost = 24 + rec.t.len() + rec.u.len() + rec.x.len() + rec.p.as_ref().map_or(0, String::len);
        if size > 0 && size + cost > CHUNK_BYTES {
            write_json(dir, &chunk_file(starts.len() - 1), &chunk, report)?;
            starts.push(i as u32);
            chunk.clear();
            size = 0;
        }
        chunk.push(rec);
        size += cost;
    }
    write_json(dir, &chunk_file(starts.len() - 1), &chunk, report)?;

    // Facet values, in first-seen order of groups (APIs sorted by id), then labels.
    let mut facets: Vec<(String, Vec<(String, String)>)> = FACETS.iter().map(|f| (f.to_string(), Vec::new())).collect();
    let mut groups = Vec::new();
    for g in &c.groups {
        let mut ids = Vec::new();
        for (k, values) in g.facets.iter().enumerate() {
            let list = &mut facets[k].1;
            let mut idx = Vec::new();
            for (v, label) in values {
                let i = match list.iter().position(|(x, _)| x == v) {
                    Some(i) => i,
                    None => {
                        list.push((v.clone(), label.clone()));
                        list.len() - 1
                    }
                };
                idx.push(i as u32);
            }
            ids.push(idx);
        }
        groups.push((g.api_doc as u32, g.docs as u32, ids));
    }
    let manifest = Manifest { v: VERSION, lang: lang.to_string(), n: c.docs.len() as u32, t: firsts, d: starts, g: groups, f: facets };
    write_json(dir, MANIFEST, &manifest, report)?;
    Ok(out)
}

fn write_json<T: serde::Serialize>(out: &mut Files, name: &str, value: &T, report: &mut IndexReport) -> Result<(), SearchError> {
    let format = |message: String| SearchError::Format { file: name.to_string(), message };
    let json = serde_json::to_vec(value).map_err(|e| format(e.to_string()))?;
    // mtime 0 in the header (GzEncoder's default): same input, same bytes.
    let mut gz = GzEncoder::new(Vec::with_capacity(json.len() / 3), Compression::new(6));
    gz.write_all(&json).map_err(|e| format(e.to_string()))?;
    let bytes = gz.finish().map_err(|e| format(e.to_string()))?;
    report.files += 1;
    report.bytes += bytes.len() as u64;
    out.push((name.to_string(), bytes));
    Ok(())
}
