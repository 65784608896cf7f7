//! Untrusted content: a hostile API fails alone, nothing it contains runs or leaks.

use std::fs;

use crate::harness::*;

#[test]
fn refs_outside_the_api_folder_are_refused_in_every_spelling() {
    let (_, diags) = check_json(&fixture("hostile"));
    let r = rules_for(&diags, "apis/ucieczka-ref");
    assert_eq!(r.iter().filter(|r| r.starts_with("spec/ref-outside-folder")).count(), 3, "{r:?}");
}

#[test]
fn a_yaml_alias_bomb_is_stopped() {
    let (_, diags) = check_json(&fixture("hostile"));
    let r = rules_for(&diags, "apis/bomba-aliasow");
    assert!(r.iter().any(|r| r.starts_with("spec/too-large")), "{r:?}");
}

#[test]
fn absurd_nesting_is_stopped() {
    let (_, diags) = check_json(&fixture("hostile"));
    let r = rules_for(&diags, "apis/glebokie");
    assert!(r.iter().any(|r| r.starts_with("spec/too-deep") || r.starts_with("spec/syntax")), "{r:?}");
}

#[test]
fn the_good_api_next_to_hostile_ones_still_builds() {
    let site = Site::build(&fixture("hostile"), &[]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    assert!(site.has("apis/dobre/index.html"));
}

#[test]
fn no_script_or_dangerous_url_survives_in_any_page() {
    let site = Site::build(&fixture("hostile"), &[]);
    for f in site.files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(f);
        for bad in ["alert(", "javascript:", "onerror", "onclick", "onmouseover", "<iframe", "data:text/html", "<form action=\"https://evil"] {
            // Escaped text (&lt;script&gt;alert(…)) is harmless; raw markup is not.
            let raw = html.match_indices(bad).any(|(i, _)| !html[..i].ends_with("&lt;script&gt;") && !is_escaped_context(&html, i));
            assert!(!raw, "{f} contains {bad}");
        }
        for tag in html.match_indices("<script") {
            let end = html[tag.0..].find('>').unwrap();
            assert!(html[tag.0..tag.0 + end].contains(" src="), "{f}: inline script");
        }
    }
}

#[test]
fn a_hostile_svg_logo_is_published_rebuilt_from_the_allow_list() {
    let site = Site::build(&fixture("hostile"), &[]);
    let svg = site.read("institutions/urzad/logo.svg");
    for bad in ["alert", "javascript:", "onload", "onclick", "<script", "<style", "evil.example", "<iframe", "foreignObject", "<image", "<set", "<a "] {
        assert!(!svg.contains(bad), "{bad} survived in the published logo: {svg}");
    }
    assert!(svg.contains("<rect width=\"10\" height=\"10\"/>"), "the drawing itself is kept: {svg}");
    assert!(!svg.contains("<circle"), "an element outside the allow-list (the link) goes with its content: {svg}");
    let page = site.read("institutions/urzad/index.html");
    assert!(page.contains("<img class=\"institution-logo\" src=\"/institutions/urzad/logo.svg\" alt=\"\""), "the page shows it as an image");
}

/// True when the match sits inside text that was HTML-escaped (after `&lt;` on the same tag).
fn is_escaped_context(html: &str, i: usize) -> bool {
    let start = html[..i].rfind(['<', '>']).unwrap_or(0);
    let lt = html[..i].rfind("&lt;");
    html.as_bytes()[start] == b'>' && lt.is_some_and(|l| l > start)
}

#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    let (_tmp, content) = copy_fixture("hostile");
    let api = content.join("apis/dobre");
    std::os::unix::fs::symlink("/etc/passwd", api.join("secret.yaml")).unwrap();
    let spec = fs::read_to_string(api.join("openapi.yaml")).unwrap();
    let spec = spec.replace(
        "responses: {\"200\": {description: ok}}",
        "responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"./secret.yaml\"}}}}}",
    );
    fs::write(api.join("openapi.yaml"), spec).unwrap();
    std::os::unix::fs::symlink("/etc", content.join("apis/dowiazanie")).unwrap();
    let (_, diags) = check_json(&content);
    let r = rules_for(&diags, "apis/dobre");
    assert!(r.iter().any(|r| r.starts_with("spec/ref-outside-folder")), "{r:?}");
    assert!(rules_for(&diags, "apis/dowiazanie").iter().any(|r| r == "content/symlink"), "{diags:?}");
    let site = Site::build(&content, &[]);
    for f in site.files() {
        let bytes = fs::read(site.dir.join(&f)).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("root:x:0:0"), "{f} leaks /etc/passwd");
    }
}

#[test]
fn an_oversized_spec_is_refused_without_reading_it() {
    let (_tmp, content) = copy_fixture("hostile");
    let f = fs::File::create(content.join("apis/dobre/openapi.yaml")).unwrap();
    f.set_len(64 * 1024 * 1024).unwrap();
    let (_, diags) = check_json(&content);
    assert!(rules_for(&diags, "apis/dobre").iter().any(|r| r.starts_with("spec/too-large")), "{diags:?}");
}
