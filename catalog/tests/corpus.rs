//! Every spec of the APIs.guru sample corpus (../shared, beside the repository) loads, with the
//! number of operations and of named schemas that INDEX.tsv records for it.

use std::path::Path;
use std::time::{Duration, Instant};

use catalog::spec::{load, SpecLimits};
use catalog::Severity;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/apis-guru-sample");

/// Figures where INDEX.tsv counts differently from OpenAPI, with the reason: (file, key, our count).
const INDEX_COUNTS_DIFFERENTLY: &[(&str, &str, usize)] = &[
    // Two path items are `$ref`s to other path items (`/support/ip-address: {$ref: "#/paths/~1ip-address"}`,
    // same for `/support/service-status`). Each is a real path with its own GET operation; INDEX
    // counts only methods written out under a path, so it says 28.
    ("surevoip.co.uk__default__9dcb0dc8.yaml", "ops", 30),
];

/// `key=N` from INDEX.tsv's features column (or our count where INDEX counts differently).
fn figure(file: &str, features: &str, key: &str) -> Option<usize> {
    if let Some(&(_, _, n)) = INDEX_COUNTS_DIFFERENTLY.iter().find(|(f, k, _)| *f == file && *k == key) {
        return Some(n);
    }
    features.split(';').map(str::trim).find_map(|f| f.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

#[test]
fn every_corpus_spec_loads_with_the_indexed_counts() {
    let dir = Path::new(CORPUS);
    let Ok(index) = std::fs::read_to_string(dir.join("INDEX.tsv")) else {
        println!("skipped: ../shared not found");
        return;
    };
    let mut failures = Vec::new();
    let mut total = Duration::ZERO;
    let mut count = 0;
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, features) = (cols[0], cols.get(4).copied().unwrap_or_default());
        // The corpus folder itself is the API folder: the specs are self-contained.
        let start = Instant::now();
        let (loaded, diags) = load(dir, file, "corpus/", &SpecLimits::default());
        total += start.elapsed();
        count += 1;
        let Some(loaded) = loaded else {
            failures.push(format!("{file}: did not load: {diags:#?}"));
            continue;
        };
        let spec = &loaded.spec;
        let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
        println!(
            "{file}: ops={} webhooks={} schemas={} diagnostics={} (errors {errors}) {:?}",
            spec.operations.len(),
            spec.webhooks.len(),
            spec.components.len(),
            diags.len(),
            start.elapsed()
        );
        for d in diags.iter().take(3) {
            println!("    {d}");
        }
        if let Some(ops) = figure(file, features, "ops") {
            if spec.operations.len() != ops {
                failures.push(format!("{file}: {} operations, INDEX says {ops}", spec.operations.len()));
            }
        }
        if let Some(schemas) = figure(file, features, "schemas") {
            if spec.components.len() != schemas {
                failures.push(format!("{file}: {} named schemas, INDEX says {schemas}", spec.components.len()));
            }
        }
    }
    println!("loaded {count} specs in {total:?}");
    assert!(count > 0, "INDEX.tsv lists no spec");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
