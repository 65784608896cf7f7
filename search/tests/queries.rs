//! The query set of tests/browser/queries.json against the shipped catalog (content/), through
//! the written index and the Rust engine: recall@3 and MRR, printed, recall@3 at least 0.95.
//! The browser test runs the same set through search.js and checks it ranks the same.

use std::path::Path;

use search::document::corpus;
use search::query::{DirLoader, Engine, Query};

struct Links;

impl search::Links for Links {
    fn api(&self, _: &str, api: &str) -> String {
        format!("/apis/{api}/")
    }
    fn operation(&self, _: &str, api: &str, key: &str) -> String {
        format!("/apis/{api}/operations/{key}/")
    }
    fn guide(&self, _: &str, api: &str, slug: &str) -> String {
        format!("/apis/{api}/guides/{slug}/")
    }
    fn institution(&self, _: &str, id: &str) -> String {
        format!("/institutions/{id}/")
    }
    fn initiative(&self, _: &str, id: &str) -> String {
        format!("/initiatives/{id}/")
    }
}

/// Whether a document id satisfies an expectation: an API id is met by the API or any of its
/// operations and guides; anything else (`api/operation`, `institution/x`) only by itself.
fn meets(doc: &str, expect: &str) -> bool {
    doc == expect || (!expect.contains('/') && doc.starts_with(&format!("{expect}/")))
}

#[test]
fn query_set_recall_and_mrr() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let loaded = catalog::load(&root.join("content")).expect("content/ loads");
    let queries: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(root.join("tests/browser/queries.json")).unwrap()).unwrap();
    assert!(queries.len() >= 50, "at least 50 queries");
    let dir = tempfile::tempdir().unwrap();
    search::write_site_index(&loaded.catalog, &Links, dir.path()).unwrap();
    let docs = corpus(&loaded.catalog, "pl", &Links).docs;
    let mut engine = Engine::open(DirLoader::new(dir.path().join("pl"))).unwrap();

    let (mut found, mut rr, mut misses) = (0, 0.0, Vec::new());
    for q in &queries {
        let (text, expect) = (q["q"].as_str().unwrap(), q["expect"].as_str().unwrap());
        let hits = engine.search(&Query::text(text)).unwrap().hits;
        let ids: Vec<&str> = hits.iter().take(10).map(|h| docs[h.doc as usize].id.as_str()).collect();
        match ids.iter().position(|id| meets(id, expect)) {
            Some(i) => {
                rr += 1.0 / (i + 1) as f64;
                if i < 3 {
                    found += 1;
                } else {
                    misses.push(format!("{text:?}: {expect} at {}; top 3 {:?}", i + 1, &ids[..3]));
                }
            }
            None => misses.push(format!("{text:?}: {expect} not in the top 10 {ids:?}")),
        }
    }
    let n = queries.len() as f64;
    let recall = found as f64 / n;
    println!("search.rust.recall_at_3 {recall:.3} ({found}/{})", queries.len());
    println!("search.rust.mrr {:.3}", rr / n);
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(recall >= 0.95, "recall@3 {recall:.3} < 0.95:\n{}", misses.join("\n"));
}
