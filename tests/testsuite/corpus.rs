//! The 60 real specs of ../shared/corpus/apis-guru-sample (Swagger 2.0, OpenAPI 3.0 and 3.1,
//! 468 bytes to 3.9 MB) built as one catalog: none may panic, all should render, and no page
//! may exceed 1 MB. Skipped, with a message, when ../shared is not there.

use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::*;

/// The corpus folder, if present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/apis-guru-sample");
    dir.is_dir().then_some(dir)
}

/// A content folder with one API per corpus spec.
fn corpus_content(corpus: &Path, into: &Path) -> Vec<String> {
    fs::create_dir_all(into.join("institutions")).unwrap();
    fs::write(
        into.join("katalog.toml"),
        "title = \"Korpus\"\nbase_url = \"https://example.test\"\npublisher = \"apis-guru\"\n[[categories]]\nid = \"inne\"\nname = \"Inne\"\n",
    )
    .unwrap();
    fs::write(into.join("institutions/apis-guru.md"), "---\nname: APIs.guru\nkind: other\n---\n").unwrap();
    let mut ids = Vec::new();
    let mut files: Vec<_> = fs::read_dir(corpus).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect();
    files.sort();
    for f in files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_lowercase();
        let id: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>();
        let id = id.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        let dir = into.join("apis").join(&id);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.md"), format!("---\ntitle: \"{stem}\"\nsummary: Spec from the APIs.guru sample.\ninstitution: apis-guru\nstatus: production\ncategories: [inne]\naccess: open\n---\n")).unwrap();
        fs::copy(&f, dir.join("openapi.yaml")).unwrap();
        ids.push(id);
    }
    ids
}

#[test]
fn every_corpus_spec_builds_and_no_page_exceeds_1_mb() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus/apis-guru-sample not found");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let ids = corpus_content(&corpus, &content);
    assert_eq!(ids.len(), 60);
    let site = Site::build(&content, &[]);
    let out = text(&site.output);
    assert!(site.output.status.success(), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    let missing: Vec<&String> = ids.iter().filter(|id| !site.has(&format!("apis/{id}/index.html"))).collect();
    assert!(missing.is_empty(), "not rendered: {missing:?}\n{out}");
    let mut largest = (String::new(), 0u64);
    for f in site.files().iter().filter(|f| f.ends_with(".html")) {
        let len = fs::metadata(site.dir.join(f)).unwrap().len();
        if len > largest.1 {
            largest = (f.clone(), len);
        }
    }
    eprintln!("largest page: {} ({} KB)", largest.0, largest.1 / 1024);
    assert!(largest.1 <= 1024 * 1024, "{} is {} bytes", largest.0, largest.1);
    // Schemas are sections of a few pages per API: every schema the reference lists is there.
    let mut checked = 0;
    let mut pages: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for f in site.files().iter().filter(|f| f.ends_with("/reference/index.html")) {
        let html = fs::read_to_string(site.dir.join(f)).unwrap();
        for href in html.split("href=\"").skip(1).filter_map(|h| h.split('"').next()).filter(|h| h.contains("#schema-")) {
            let (path, anchor) = href.split_once('#').expect("filtered on #");
            let target = pages.entry(path.to_string()).or_insert_with(|| {
                fs::read_to_string(site.dir.join(path.trim_start_matches('/')).join("index.html")).unwrap_or_else(|e| panic!("{f}: {href}: {e}"))
            });
            assert!(target.contains(&format!("id=\"{anchor}\"")), "{f}: {href} names no section");
            checked += 1;
        }
    }
    // The published YAML (our own emitter) reads back as exactly the published JSON.
    let mut specs = 0;
    for f in site.files().iter().filter(|f| f.starts_with("specs/") && f.ends_with("/openapi.yaml")) {
        let yaml: serde_json::Value = yaml_serde::from_str(&fs::read_to_string(site.dir.join(f)).unwrap()).unwrap_or_else(|e| panic!("{f}: {e}"));
        let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(site.dir.join(f.replace(".yaml", ".json"))).unwrap()).unwrap();
        assert!(yaml == json, "{f} does not read back as its JSON");
        specs += 1;
    }
    assert_eq!(specs, 60);
    eprintln!("{checked} schema links from reference pages reach their sections on {} pages", pages.len());
    assert!(checked > 10_000, "the sample has more than 8,000 named schemas, in two languages: {checked}");
}
