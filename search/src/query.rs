//! The query engine over a written index, fetching files on demand the way the browser client
//! does (and ranking exactly as it does: `themes/default/static/search.js` is this file in
//! JavaScript). A query word matches a term:
//!
//! - exactly (factor 100),
//! - by stem: the term is one of the word's stems, or shares one (90),
//! - as a prefix, for the last word while typing, 3 characters or more (70),
//! - with one typo (insertion, deletion, substitution or swap of neighbours) for words of 5
//!   characters or more, when nothing matched exactly or by stem; the first two characters
//!   are taken as typed (60).
//!
//! A document's score for a word is the best `impact × factor` over the terms it matched; its
//! score is the sum over words, plus the same for whole identifiers (`getinvoicestatus`).
//! Documents rank by how many words they matched, then score, then document order. Facet
//! filters keep documents of APIs having one of the chosen values of every filtered facet;
//! facet counts are APIs among the results with every other facet's filter applied.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::PathBuf;

use crate::format::{chunk_file, decode_stems, shard_file, DocRecord, Manifest, Shard, MANIFEST, VERSION};
use crate::tokenize::{tokenize_query, TokenKind};
use crate::SearchError;

/// Factor of an exact match.
pub const EXACT: u64 = 100;
/// Factor of a stem match.
pub const STEM: u64 = 90;
/// Factor of a prefix match.
pub const PREFIX: u64 = 70;
/// Factor of a match with one typo.
pub const TYPO: u64 = 60;
/// Shortest word completed as a prefix, or expanded by stem, in characters.
pub const MIN_PREFIX: usize = 3;
/// Shortest word matched with a typo, in characters.
pub const MIN_TYPO: usize = 5;
/// Most words of a query used.
pub const MAX_WORDS: usize = 10;

/// Where index files come from.
pub trait Loader {
    /// The bytes of a file of the index (`manifest.json.gz`, `t/3.json.gz`).
    fn load(&mut self, file: &str) -> Result<Vec<u8>, SearchError>;
}

/// Files of an index folder on disk.
#[derive(Debug, Clone)]
pub struct DirLoader {
    /// The folder (`site/search-index/pl`).
    pub dir: PathBuf,
    /// Files loaded and their sizes, in order (for tests and benchmarks).
    pub log: Vec<(String, usize)>,
}

impl DirLoader {
    /// A loader for a folder.
    pub fn new(dir: impl Into<PathBuf>) -> DirLoader {
        DirLoader { dir: dir.into(), log: Vec::new() }
    }
}

impl Loader for DirLoader {
    fn load(&mut self, file: &str) -> Result<Vec<u8>, SearchError> {
        let path = self.dir.join(file);
        let bytes = std::fs::read(&path).map_err(|source| SearchError::Io { path, source })?;
        self.log.push((file.to_string(), bytes.len()));
        Ok(bytes)
    }
}

/// A query: words and facet filters (facet name → chosen values).
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// What was typed.
    pub text: String,
    /// Filters.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl Query {
    /// A query without filters.
    pub fn text(text: &str) -> Query {
        Query { text: text.to_string(), filters: BTreeMap::new() }
    }
}

/// One ranked document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Document number.
    pub doc: u32,
    /// Query words it matched.
    pub coverage: u32,
    /// Score.
    pub score: u64,
}

/// The answer to a query.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Documents, best first.
    pub hits: Vec<Hit>,
    /// Terms each query word matched (for highlighting).
    pub matched: Vec<String>,
    /// Facets: name, then (value, number of APIs) for every value with a count or chosen.
    pub facets: Vec<(String, Vec<(String, u32)>)>,
}

/// How one word matched one term.
type Matches = HashMap<(usize, usize), u64>;

/// A query word and how it may match.
#[derive(Debug, Clone)]
struct Word {
    term: String,
    stems: Vec<String>,
    prefix: bool,
    counts: bool,
}

/// Searches one language's index.
#[derive(Debug)]
pub struct Engine<L: Loader> {
    loader: L,
    manifest: Manifest,
    shards: HashMap<usize, Shard>,
    stems: HashMap<(usize, usize), Vec<String>>,
    chunks: HashMap<usize, Vec<DocRecord>>,
}

fn inflate(file: &str, bytes: &[u8]) -> Result<Vec<u8>, SearchError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 4);
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| SearchError::Format { file: file.to_string(), message: e.to_string() })?;
        Ok(out)
    } else {
        Ok(bytes.to_vec())
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, SearchError> {
    let json = inflate(file, bytes)?;
    serde_json::from_slice(&json).map_err(|e| SearchError::Format { file: file.to_string(), message: e.to_string() })
}

/// The smallest string above every string starting with `p` (terms never hold U+FFFF).
fn upper(p: &str) -> String {
    format!("{p}\u{ffff}")
}

/// Whether `a` and `b` are one insertion, deletion, substitution or swap of neighbours apart.
pub fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la.min(lb) && a[i] == b[i] {
        i += 1;
    }
    if la == lb {
        if i == la {
            return false;
        }
        if a[i + 1..] == b[i + 1..] {
            return true;
        }
        i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..]
    } else if la > lb {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

impl<L: Loader> Engine<L> {
    /// Opens an index: fetches its manifest.
    pub fn open(mut loader: L) -> Result<Engine<L>, SearchError> {
        let manifest: Manifest = parse(MANIFEST, &loader.load(MANIFEST)?)?;
        if manifest.v != VERSION {
            return Err(SearchError::Format { file: MANIFEST.into(), message: format!("version {} (expected {VERSION})", manifest.v) });
        }
        Ok(Engine { loader, manifest, shards: HashMap::new(), stems: HashMap::new(), chunks: HashMap::new() })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The loader (its log of fetched files).
    pub fn loader(&self) -> &L {
        &self.loader
    }

    /// Shard holding `term`: the last whose first term is not above it.
    fn locate(&self, term: &str) -> usize {
        self.manifest.t.partition_point(|f| f.as_str() <= term).saturating_sub(1)
    }

    /// Shards holding the terms starting with `p`.
    fn shards_for_prefix(&self, p: &str) -> std::ops::RangeInclusive<usize> {
        let hi = upper(p);
        let last = self.manifest.t.partition_point(|f| f.as_str() < hi.as_str()).saturating_sub(1);
        self.locate(p)..=last
    }

    fn ensure(&mut self, shard: usize) -> Result<(), SearchError> {
        if !self.shards.contains_key(&shard) {
            let file = shard_file(shard);
            let s: Shard = parse(&file, &self.loader.load(&file)?)?;
            self.shards.insert(shard, s);
        }
        Ok(())
    }

    fn term_stems(&mut self, shard: usize, i: usize) -> &Vec<String> {
        let s = &self.shards[&shard];
        self.stems.entry((shard, i)).or_insert_with(|| decode_stems(&s.w[i], &s.s[i]))
    }

    /// Terms (shard, index) starting with `p`.
    fn range(&mut self, p: &str) -> Result<Vec<(usize, usize)>, SearchError> {
        let mut out = Vec::new();
        for shard in self.shards_for_prefix(p) {
            self.ensure(shard)?;
            let w = &self.shards[&shard].w;
            let start = w.partition_point(|t| t.as_str() < p);
            out.extend((start..w.len()).take_while(|&i| w[i].starts_with(p)).map(|i| (shard, i)));
        }
        Ok(out)
    }

    fn find(&mut self, term: &str) -> Result<Option<(usize, usize)>, SearchError> {
        let shard = self.locate(term);
        self.ensure(shard)?;
        let w = &self.shards[&shard].w;
        Ok(w.binary_search_by(|t| t.as_str().cmp(term)).ok().map(|i| (shard, i)))
    }

    fn words(text: &str) -> Vec<Word> {
        let tokens = tokenize_query(text);
        let last_part = tokens.iter().rposition(|t| t.kind == TokenKind::Part);
        let last = tokens.len().saturating_sub(1);
        let mut words: Vec<Word> = Vec::new();
        for (i, t) in tokens.into_iter().enumerate() {
            if words.iter().any(|w| w.term == t.term) {
                continue;
            }
            let part = t.kind == TokenKind::Part;
            let prefix = (if part { Some(i) == last_part } else { i == last }) && t.term.chars().count() >= MIN_PREFIX;
            words.push(Word { term: t.term, stems: t.stems, prefix, counts: part });
        }
        words.truncate(MAX_WORDS);
        words
    }

    fn match_word(&mut self, w: &Word) -> Result<Matches, SearchError> {
        let mut m: Matches = HashMap::new();
        let put = |m: &mut Matches, at: (usize, usize), f: u64| {
            let e = m.entry(at).or_insert(0);
            *e = (*e).max(f);
        };
        if let Some(at) = self.find(&w.term)? {
            put(&mut m, at, EXACT);
        }
        for s in &w.stems {
            if s.chars().count() < MIN_PREFIX {
                if let Some(at) = self.find(s)? {
                    put(&mut m, at, STEM);
                }
                continue;
            }
            for at in self.range(s)? {
                let term_is_stem = self.shards[&at.0].w[at.1] == *s;
                if term_is_stem || self.term_stems(at.0, at.1).contains(s) {
                    put(&mut m, at, STEM);
                }
            }
        }
        if w.prefix {
            for at in self.range(&w.term)? {
                put(&mut m, at, PREFIX);
            }
        }
        let n = w.term.chars().count();
        if m.values().all(|&f| f == PREFIX) && n >= MIN_TYPO && !w.term.chars().any(char::is_numeric) {
            let head: String = w.term.chars().take(2).collect();
            for at in self.range(&head)? {
                let t = &self.shards[&at.0].w[at.1];
                if t.chars().count() >= MIN_TYPO - 1 && one_edit(&w.term, t) {
                    put(&mut m, at, TYPO);
                }
            }
        }
        Ok(m)
    }

    /// The group (API) of a document.
    pub fn group_of(&self, doc: u32) -> Option<usize> {
        let g = &self.manifest.g;
        let i = g.partition_point(|(first, _, _)| *first <= doc).checked_sub(1)?;
        (doc < g[i].0 + g[i].1).then_some(i)
    }

    fn passes(&self, group: Option<usize>, filters: &[(usize, Vec<u32>)], skip: Option<usize>) -> bool {
        filters.iter().all(|(facet, chosen)| Some(*facet) == skip || group.is_some_and(|g| self.manifest.g[g].2[*facet].iter().any(|v| chosen.contains(v))))
    }

    /// Runs a query.
    pub fn search(&mut self, q: &Query) -> Result<Results, SearchError> {
        let words = Self::words(&q.text);
        let mut totals: HashMap<u32, (u32, u64)> = HashMap::new();
        let mut matched = Vec::new();
        for w in &words {
            let m = self.match_word(w)?;
            let mut best: HashMap<u32, u64> = HashMap::new();
            let mut keys: Vec<_> = m.into_iter().collect();
            keys.sort_unstable();
            for ((shard, i), factor) in keys {
                let s = &self.shards[&shard];
                matched.push(s.w[i].clone());
                let p = &s.p[i];
                let mut doc = 0;
                for pair in p.chunks_exact(2) {
                    doc += pair[0];
                    let v = u64::from(pair[1]) * factor;
                    let e = best.entry(doc).or_insert(0);
                    *e = (*e).max(v);
                }
            }
            for (doc, v) in best {
                let e = totals.entry(doc).or_insert((0, 0));
                e.0 += u32::from(w.counts);
                e.1 += v;
            }
        }
        matched.sort();
        matched.dedup();

        let facet_names: Vec<String> = self.manifest.f.iter().map(|(n, _)| n.clone()).collect();
        let filters: Vec<(usize, Vec<u32>)> = facet_names
            .iter()
            .enumerate()
            .filter_map(|(k, name)| {
                let chosen = q.filters.get(name)?;
                let values = &self.manifest.f[k].1;
                let idx: Vec<u32> = values.iter().enumerate().filter(|(_, (v, _))| chosen.contains(v)).map(|(i, _)| i as u32).collect();
                (!chosen.is_empty()).then_some((k, idx))
            })
            .collect();

        let mut hits = Vec::new();
        let mut counts: Vec<Vec<Vec<usize>>> = self.manifest.f.iter().map(|(_, v)| vec![Vec::new(); v.len()]).collect();
        for (&doc, &(coverage, score)) in &totals {
            if coverage == 0 {
                continue;
            }
            let group = self.group_of(doc);
            if self.passes(group, &filters, None) {
                hits.push(Hit { doc, coverage, score });
            }
            if let Some(g) = group {
                for (k, per_value) in counts.iter_mut().enumerate() {
                    if self.passes(group, &filters, Some(k)) {
                        for &v in &self.manifest.g[g].2[k] {
                            per_value[v as usize].push(g);
                        }
                    }
                }
            }
        }
        hits.sort_unstable_by(|a, b| b.coverage.cmp(&a.coverage).then(b.score.cmp(&a.score)).then(a.doc.cmp(&b.doc)));
        let facets = counts
            .into_iter()
            .enumerate()
            .map(|(k, per_value)| {
                let (name, values) = &self.manifest.f[k];
                let chosen = q.filters.get(name);
                let list = per_value
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, mut groups)| {
                        groups.sort_unstable();
                        groups.dedup();
                        let value = &values[i].0;
                        let picked = chosen.is_some_and(|c| c.contains(value));
                        (!groups.is_empty() || picked).then(|| (value.clone(), groups.len() as u32))
                    })
                    .collect();
                (name.clone(), list)
            })
            .collect();
        Ok(Results { hits, matched, facets })
    }

    /// What a result shows about a document (fetches its chunk).
    pub fn doc(&mut self, doc: u32) -> Result<DocRecord, SearchError> {
        let chunk = self.manifest.d.partition_point(|&s| s <= doc).saturating_sub(1);
        if !self.chunks.contains_key(&chunk) {
            let file = chunk_file(chunk);
            let c: Vec<DocRecord> = parse(&file, &self.loader.load(&file)?)?;
            self.chunks.insert(chunk, c);
        }
        let start = self.manifest.d[chunk];
        self.chunks[&chunk]
            .get((doc - start) as usize)
            .cloned()
            .ok_or_else(|| SearchError::Format { file: chunk_file(chunk), message: format!("no document {doc}") })
    }
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
