//! Runs queries against a written index folder with the Rust engine and prints, per query, the
//! top documents as JSON lines — the browser test compares search.js with this.
//! Usage: query INDEX_DIR QUERIES.json [N]      (N results per query, default 3)
//!        query --stem < words                  (prints `word<TAB>stem` per line: Snowball Polish)
use std::io::BufRead;

use search::query::{DirLoader, Engine, Query};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--stem") {
        for line in std::io::stdin().lock().lines() {
            let w = line.expect("stdin");
            println!("{w}\t{}", search::tokenize::stem_polish(&w));
        }
        return;
    }
    let mut engine = Engine::open(DirLoader::new(&args[1])).expect("index opens");
    let queries: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&args[2]).expect("queries")).expect("JSON");
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    for q in queries {
        let text = q["q"].as_str().unwrap_or_default();
        let res = engine.search(&Query::text(text)).expect("search");
        let top: Vec<u32> = res.hits.iter().take(n).map(|h| h.doc).collect();
        let urls: Vec<String> = top.iter().map(|&d| engine.doc(d).expect("doc").u).collect();
        let scores: Vec<(u32, u64)> = res.hits.iter().take(n).map(|h| (h.coverage, h.score)).collect();
        println!("{}", serde_json::json!({"q": text, "top": top, "urls": urls, "scores": scores, "total": res.hits.len()}));
    }
}
