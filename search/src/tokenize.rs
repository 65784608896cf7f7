//! Text to index terms, the same way for documents and queries (and, line for line, the same
//! way as `themes/default/static/search.js`): words are runs of letters, digits and marks;
//! identifiers and paths are split (`getInvoiceStatus`, `invoice_status`, `/api/search/nip/{nip}`)
//! while the whole identifier is kept too; every term is folded (NFD, marks stripped, `ł` → `l`,
//! lower case) and carries its stems (Snowball's Polish stemmer on the word as written and on
//! its folded form, plus an English plural rule), so `faktury`, `fakturach` and `faktura` meet.

use std::collections::HashMap;
use std::sync::OnceLock;

use frostem::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest term kept, in characters; longer words are noise (hashes, base64) for a catalog.
pub const MAX_TERM_CHARS: usize = 40;

/// Words not indexed and dropped from queries: they match nearly everything.
pub const STOPWORDS: &[&str] = &[
    // Polish
    "na", "do", "po", "od", "ze", "we", "za", "dla", "oraz", "lub", "jest", "sa", "to", "sie", "nie", "jak", "czy", "ten", "ta", "te", "tym", "przez", "przy",
    "jego", "jej", "ich", "tak", "tylko", "jako", // English
    "the", "an", "of", "in", "on", "for", "and", "or", "is", "are", "be", "by", "with", "as", "at", "this", "that", "it", "from", "if", "can", "will", "its",
    "was", "has", "have", "not",
];

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word, or one part of an identifier or path.
    Part,
    /// A whole identifier (`getinvoicestatus` for `getInvoiceStatus` or `get_invoice_status`).
    Whole,
}

/// One term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded form: the term as indexed.
    pub term: String,
    /// Stems of the word (folded), distinct, never empty strings; may include `term` itself.
    pub stems: Vec<String>,
    /// Part or whole identifier.
    pub kind: TokenKind,
}

/// Folds a text: NFD, combining marks removed, `ł`/`Ł` → `l`, lower case.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ł' | 'Ł' => out.push('l'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether a character belongs to a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

fn polish() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::new(Algorithm::Polish))
}

/// Snowball's Polish stem of a lower-case word.
pub fn stem_polish(lower: &str) -> String {
    polish().stem(lower).into_owned()
}

/// A light English plural rule for folded words (`invoices` → `invoice`, `entries` → `entry`):
/// specs are often English, and Snowball's Polish stemmer leaves English plurals alone.
pub fn stem_english_plural(folded: &str) -> Option<String> {
    if !folded.is_ascii() || folded.len() < 4 || !folded.ends_with('s') {
        return None;
    }
    if let Some(base) = folded.strip_suffix("ies") {
        if base.len() >= 2 {
            return Some(format!("{base}y"));
        }
    }
    if folded.ends_with("sses") || folded.ends_with("xes") || folded.ends_with("ches") || folded.ends_with("shes") {
        return Some(folded[..folded.len() - 2].to_string());
    }
    if folded.ends_with("ss") || folded.ends_with("us") || folded.ends_with("is") {
        return None;
    }
    Some(folded[..folded.len() - 1].to_string())
}

/// The stems of one word part, given lower-case (`lower`) and folded (`folded`).
pub fn stems_of(lower: &str, folded: &str) -> Vec<String> {
    let mut stems: Vec<String> = Vec::with_capacity(3);
    if folded.chars().count() < 3 || folded.chars().any(|c| c.is_numeric()) {
        return stems;
    }
    let mut add = |s: String| {
        if !s.is_empty() && !stems.contains(&s) {
            stems.push(s);
        }
    };
    add(fold(&stem_polish(lower)));
    add(fold(&stem_polish(folded)));
    if let Some(s) = stem_english_plural(folded) {
        add(s);
    }
    stems
}

/// Extra stems for a query word typed without diacritics: the genitive plural `-ów` is the most
/// common ending the stemmer needs its diacritic for (`podmiotow` → `podmiot`).
pub fn query_stems(lower: &str, folded: &str) -> Vec<String> {
    let mut stems = stems_of(lower, folded);
    if lower == folded && folded.chars().count() >= 5 {
        if let Some(base) = folded.strip_suffix("ow") {
            let s = fold(&stem_polish(&format!("{base}ów")));
            if !s.is_empty() && !stems.contains(&s) {
                stems.push(s);
            }
        }
    }
    stems
}

/// Splits one word at camelCase boundaries (`getInvoiceStatus` → get, Invoice, Status;
/// `XMLParser` → XML, Parser) unless a part would be a single character, which keeps
/// acronyms whole (`KSeF`, `CEPiK`, `OAuth2`).
pub fn split_camel(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut cuts = Vec::new();
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next_lower = chars.get(i + 1).is_some_and(|(_, c)| c.is_lowercase());
        if (prev.is_lowercase() && cur.is_uppercase()) || (prev.is_uppercase() && cur.is_uppercase() && next_lower) {
            cuts.push(chars[i].0);
        }
    }
    if cuts.is_empty() {
        return vec![word];
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().chain(std::iter::once(word.len())) {
        parts.push(&word[start..cut]);
        start = cut;
    }
    if parts.iter().any(|p| p.chars().count() < 2) {
        return vec![word];
    }
    parts
}

/// Whether a folded term is kept: 2 to [`MAX_TERM_CHARS`] characters, all in the Basic
/// Multilingual Plane (so that Rust's byte order and JavaScript's UTF-16 order agree), not a
/// stopword.
pub fn keep(term: &str) -> bool {
    let n = term.chars().count();
    (2..=MAX_TERM_CHARS).contains(&n) && term.chars().all(|c| (c as u32) < 0x10000) && !STOPWORDS.contains(&term)
}

/// Tokenizes a document's text into terms.
pub fn tokenize(text: &str) -> Vec<Token> {
    Tokenizer::default().tokens(text)
}

/// Tokenizes a query: like [`tokenize`], with the extra stems of [`query_stems`].
pub fn tokenize_query(text: &str) -> Vec<Token> {
    Tokenizer { query: true, ..Tokenizer::default() }.tokens(text)
}

/// A tokenizer that remembers the folded form and stems of every word it met (a catalog says
/// "faktura" thousands of times; stemming it once is enough).
#[derive(Debug, Default)]
pub struct Tokenizer {
    query: bool,
    words: HashMap<String, Option<(String, Vec<String>)>>,
}

impl Tokenizer {
    /// The terms of a text.
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for chunk in text.split(char::is_whitespace) {
            if chunk.is_empty() {
                continue;
            }
            let is_path = chunk.contains('/');
            let mut parts: Vec<&str> = Vec::new();
            for word in chunk.split(|c: char| !is_word_char(c)) {
                if !word.is_empty() {
                    parts.extend(split_camel(word));
                }
            }
            let mut whole = String::new();
            for part in &parts {
                let query = self.query;
                let entry = self.words.entry((*part).to_string()).or_insert_with(|| {
                    let lower = part.to_lowercase();
                    let folded = fold(&lower);
                    keep(&folded).then(|| {
                        let stems = if query { query_stems(&lower, &folded) } else { stems_of(&lower, &folded) };
                        (folded, stems)
                    })
                });
                match entry {
                    Some((folded, stems)) => {
                        whole.push_str(folded);
                        out.push(Token { term: folded.clone(), stems: stems.clone(), kind: TokenKind::Part });
                    }
                    None => whole.push_str(&fold(&part.to_lowercase())),
                }
            }
            if parts.len() > 1 && parts.len() <= 6 && !is_path && keep(&whole) {
                out.push(Token { term: whole, stems: Vec::new(), kind: TokenKind::Whole });
            }
        }
        out
    }
}

#[cfg(test)]
#[path = "tokenize_tests.rs"]
mod tests;
