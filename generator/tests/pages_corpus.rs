//! The 60 specs of ../shared/corpus/apis-guru-sample (~10,000 operations) rendered as one
//! catalog, in both languages: every page under 1 MB, and how long rendering takes. Ignored by
//! default (it wants a release build to say anything about speed):
//!
//! ```text
//! cargo test --release -p generator --test pages_corpus -- --ignored --nocapture
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/apis-guru-sample");
    dir.is_dir().then_some(dir)
}

/// A content folder with one API per corpus spec (minimal metadata).
fn corpus_content(corpus: &Path, into: &Path) -> usize {
    fs::create_dir_all(into.join("institutions")).unwrap();
    fs::write(
        into.join("katalog.toml"),
        "title = \"Korpus\"\ntitle_en = \"Corpus\"\nbase_url = \"https://example.test\"\nlanguages = [\"pl\", \"en\"]\npublisher = \"apis-guru\"\n[[categories]]\nid = \"inne\"\nname = \"Inne\"\n",
    )
    .unwrap();
    fs::write(into.join("institutions/apis-guru.md"), "---\nname: APIs.guru\nkind: other\n---\n").unwrap();
    let mut files: Vec<_> = fs::read_dir(corpus).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect();
    files.sort();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_lowercase();
        let id: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let id = id.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        let dir = into.join("apis").join(&id);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("index.md"),
            format!("---\ntitle: \"{stem}\"\nsummary: Spec from the APIs.guru sample.\ninstitution: apis-guru\nstatus: production\ncategories: [inne]\naccess: open\n---\nA spec of the sample.\n"),
        )
        .unwrap();
        fs::copy(f, dir.join("openapi.yaml")).unwrap();
    }
    files.len()
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn corpus_renders_fast_and_no_page_exceeds_1_mb() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus/apis-guru-sample not found");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let n = corpus_content(&corpus, &content);
    let t = Instant::now();
    let loaded = catalog::load(&content).unwrap();
    let load_time = t.elapsed();
    let ops: usize = loaded.catalog.apis.iter().map(|a| a.current().spec.operations.len()).sum();
    eprintln!("loaded {} of {n} specs ({ops} operations) in {:.2} s; failed: {:?}", loaded.catalog.apis.len(), load_time.as_secs_f64(), loaded.failed);
    // CORPUS_OUT=/dev/shm/x measures rendering without the disk (this machine's disk is slow
    // and shared: writing 30,000 files there costs more than rendering them).
    let out = std::env::var_os("CORPUS_OUT").map(PathBuf::from).unwrap_or_else(|| tmp.path().join("site"));
    let rounds: &[&str] = if std::env::var_os("CORPUS_COLD_ONLY").is_some() { &["cold"] } else { &["cold", "warm"] };
    for &round in rounds {
        let t = Instant::now();
        let report = generator::build(&loaded.catalog, &out, &generator::Options::default()).unwrap();
        let total = t.elapsed();
        let phases: Vec<String> = report.timings.iter().map(|(n, d)| format!("{n} {:.3}", d.as_secs_f64())).collect();
        eprintln!(
            "{round}: {:.2} s; {} pages, {} files, {:.1} MB; largest page {:?}; timings: {}",
            total.as_secs_f64(),
            report.pages,
            report.files,
            report.bytes as f64 / 1e6,
            report.largest_page,
            phases.join(", ")
        );
        let (path, bytes) = report.largest_page.unwrap();
        if std::env::var_os("CORPUS_KEEP").is_none() && round == *rounds.last().unwrap() {
            let _ = fs::remove_dir_all(&out);
        }
        assert!(bytes <= 1024 * 1024, "{path} is {bytes} bytes");
    }
}
