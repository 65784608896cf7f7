//! `katalog build`: the site, the downloads and the feeds; deterministic and atomic.

use std::fs;

use crate::harness::*;

#[test]
fn the_valid_catalog_builds_every_page_type() {
    let site = Site::build(&fixture("valid"), &[]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    for page in [
        "index.html",
        "en/index.html",
        "404.html",
        "apis/rejestr-szkol/index.html",
        "en/apis/rejestr-szkol/index.html",
        "apis/rejestr-szkol/reference/index.html",
        "apis/rejestr-szkol/operations/getschool/index.html",
        "apis/pogoda/versions/1.0/operations/liststations/index.html",
        "institutions/men/index.html",
        "institutions/men/logo.svg",
        "categories/edukacja/index.html",
        "tags/szkoly/index.html",
        "status/production/index.html",
        "access/open/index.html",
        "initiatives/pilotaz/index.html",
        "stats/index.html",
        "o-katalogu/index.html",
        "deklaracja-dostepnosci/index.html",
    ] {
        assert!(site.has(page), "missing {page}; files: {:#?}", site.files());
    }
}

#[test]
fn specs_are_published_bundled_with_their_version_as_written() {
    let site = Site::build(&fixture("valid"), &[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("specs/rejestr-szkol/1.10/openapi.json")).unwrap();
    assert_eq!(json["info"]["version"], "1.10");
    let text = json.to_string();
    assert!(!text.contains("szkola.yaml"), "external ref left in the bundle");
    assert!(json["components"]["schemas"]["Szkola"].is_object());
    assert!(
        site.read("specs/rejestr-szkol/1.10/openapi.yaml").contains("version: '1.10'")
            || site.read("specs/rejestr-szkol/1.10/openapi.yaml").contains("version: \"1.10\"")
    );
    assert!(site.has("specs/pogoda/1.0/openapi.json"));
    assert!(site.has("specs/kursy-walut/1.0/openapi.json"));
}

#[test]
fn feeds_and_crawler_files_are_written() {
    let site = Site::build(&fixture("valid"), &[]);
    let kap: serde_json::Value = serde_json::from_str(&site.read("feeds/kap.json")).unwrap();
    let ids: Vec<&str> = kap["apis"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["kursy-walut", "pogoda", "rejestr-szkol"]);
    assert!(site.has("feeds/kap.schema.json"));
    let csv = site.read("feeds/endpoints.csv");
    assert!(csv.contains("https://api-test.example.test/rspo/v1"), "{csv}");
    assert!(site.read("sitemap.xml").contains("https://example.test/katalog/apis/rejestr-szkol/"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.test/katalog/sitemap.xml"));
}

#[test]
fn links_respect_the_base_url_path() {
    let site = Site::build(&fixture("valid"), &["--base-url", "https://preview.example.test/pr-7"]);
    let home = site.read("index.html");
    assert!(home.contains("href=\"/pr-7/apis/rejestr-szkol/\""), "{home}");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Site::build(&fixture("valid"), &[]);
    let b = Site::build(&fixture("valid"), &[]);
    assert_eq!(a.files(), b.files());
    for f in a.files() {
        assert!(fs::read(a.dir.join(&f)).unwrap() == fs::read(b.dir.join(&f)).unwrap(), "{f} differs");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let (_tmp, content) = copy_fixture("valid");
    let out = content.parent().unwrap().join("site");
    let ok = katalog(&["build", "--content", content.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok));
    let before = fs::read(out.join("index.html")).unwrap();
    // A theme override with a broken template makes the renderer fail halfway.
    let theme = content.parent().unwrap().join("theme/templates");
    fs::create_dir_all(&theme).unwrap();
    fs::write(theme.join("api.html"), "{% extends \"base.html\" %}{% block content %}{{ broken( }}{% endblock %}").unwrap();
    let bad = katalog(&["build", "--content", content.to_str().unwrap(), "--out", out.to_str().unwrap(), "--theme", theme.parent().unwrap().to_str().unwrap()]);
    assert!(!bad.status.success(), "{}", text(&bad));
    assert_eq!(fs::read(out.join("index.html")).unwrap(), before);
    assert!(out.join("apis/rejestr-szkol/index.html").is_file());
    let leftovers: Vec<_> =
        fs::read_dir(content.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains("staging")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_broken_api_is_left_out_and_the_rest_builds() {
    let site = Site::build(&fixture("invalid"), &[]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    assert!(site.has("apis/dobre/index.html"));
    assert!(!site.has("apis/zly-status/index.html"));
    assert!(text(&site.output).contains("left out because of errors"));
}

#[test]
fn strict_builds_fail_on_any_error() {
    let site = Site::build(&fixture("invalid"), &["--strict"]);
    assert_eq!(site.output.status.code(), Some(1));
}

#[test]
fn english_pages_use_the_english_text_and_declare_their_language() {
    let site = Site::build(&fixture("valid"), &[]);
    let en = site.read("en/apis/rejestr-szkol/index.html");
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(en.contains("Register of schools"));
    let pl = site.read("apis/rejestr-szkol/index.html");
    assert!(pl.contains("<html lang=\"pl\""));
    assert!(pl.contains("Rejestr szkół i placówek"));
}

#[test]
fn the_shipped_catalog_builds_with_every_api() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let site = Site::build(&content, &["--strict"]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    for entry in fs::read_dir(content.join("apis")).unwrap() {
        let id = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(site.has(&format!("apis/{id}/index.html")), "{id} missing");
    }
}
