//! The inverted index of a [`Corpus`]: every term with its stems and, per document, an integer
//! impact: BM25 per field (k1 = 1.2, b = 0.75, field lengths against their average), weighted
//! by [`Field::weight`], times the term's IDF, times 10, rounded. The query side only adds and
//! multiplies integers, so Rust and JavaScript agree to the last digit.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::document::{Corpus, Field};
use crate::tokenize::{Token, Tokenizer};

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One term.
#[derive(Debug, Clone, PartialEq)]
pub struct TermEntry {
    /// The folded term.
    pub term: String,
    /// Its stems (other than itself).
    pub stems: Vec<String>,
    /// `(document, impact)`, by document.
    pub postings: Vec<(u32, u32)>,
}

/// Terms sorted by their bytes (= code points; terms are BMP only, so also UTF-16 order).
#[derive(Debug, Clone, Default)]
pub struct InvertedIndex {
    /// Terms.
    pub terms: Vec<TermEntry>,
    /// Number of documents.
    pub docs: u32,
}

/// Term frequencies of one document: term → frequency per field.
type DocTerms = Vec<(Field, usize, HashMap<String, u32>)>;

/// Builds the index.
pub fn build(corpus: &Corpus) -> InvertedIndex {
    // Tokenize every document (the costly part) in parallel; stems are gathered per term.
    let per_doc: Vec<(DocTerms, HashMap<String, Vec<String>>)> = corpus
        .docs
        .par_iter()
        .map_init(Tokenizer::default, |tokenizer, doc| {
            let mut fields: DocTerms = Vec::new();
            let mut all: HashMap<String, Vec<String>> = HashMap::new();
            for (field, text) in &doc.fields {
                let tokens = tokenizer.tokens(text);
                if tokens.is_empty() {
                    continue;
                }
                let mut tf: HashMap<String, u32> = HashMap::new();
                let len = tokens.len();
                for Token { term, stems, .. } in tokens {
                    if !stems.is_empty() && !all.contains_key(&term) {
                        all.insert(term.clone(), stems);
                    }
                    *tf.entry(term).or_default() += 1;
                }
                fields.push((*field, len, tf));
            }
            (fields, all)
        })
        .collect();

    let mut stems: HashMap<String, Vec<String>> = HashMap::new();
    let mut lengths: HashMap<Field, (f64, f64)> = HashMap::new();
    let mut df: HashMap<&str, u32> = HashMap::new();
    for (fields, tokens) in &per_doc {
        for (term, term_stems) in tokens {
            let e = stems.entry(term.clone()).or_default();
            for s in term_stems {
                if s != term && !e.contains(s) {
                    e.push(s.clone());
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (field, len, tf) in fields {
            let l = lengths.entry(*field).or_default();
            l.0 += *len as f64;
            l.1 += 1.0;
            seen.extend(tf.keys().map(String::as_str));
        }
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *df.entry(t).or_default() += 1;
        }
    }
    let avg: HashMap<Field, f64> = lengths.iter().map(|(f, (sum, n))| (*f, sum / n.max(1.0))).collect();
    let n = corpus.docs.len() as f64;

    let mut postings: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    for (doc, (fields, _)) in per_doc.iter().enumerate() {
        let mut weighted: HashMap<&str, f64> = HashMap::new();
        for (field, len, tf) in fields {
            let norm = 1.0 - B + B * (*len as f64) / avg[field];
            for (term, f) in tf {
                let f = *f as f64;
                *weighted.entry(term.as_str()).or_default() += field.weight() * f * (K1 + 1.0) / (f + K1 * norm);
            }
        }
        for (term, w) in weighted {
            let d = df[term] as f64;
            let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
            let impact = (w * idf * 10.0).round().max(1.0) as u32;
            postings.entry(term).or_default().push((doc as u32, impact));
        }
    }
    let mut terms: Vec<TermEntry> = postings
        .into_iter()
        .map(|(term, mut p)| {
            p.sort_unstable();
            let mut s = stems.get(term).cloned().unwrap_or_default();
            s.sort();
            TermEntry { term: term.to_string(), stems: s, postings: p }
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.term.cmp(&b.term));
    InvertedIndex { terms, docs: corpus.docs.len() as u32 }
}
