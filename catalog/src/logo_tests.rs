use super::{confined, sanitize_svg};

fn clean(svg: &str) -> String {
    String::from_utf8(sanitize_svg(svg.as_bytes()).unwrap_or_else(|e| panic!("{e}: {svg}"))).unwrap()
}

#[test]
fn drawing_survives() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Urząd</title><g fill="#c00"><path d="M0 0h10v10z"/><circle cx="5" cy="5" r="2" fill="url(#g)"/></g><defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs></svg>"##;
    let out = clean(svg);
    for kept in ["<path d=\"M0 0h10v10z\"/>", "<title>Urząd</title>", "fill=\"url(#g)\"", "viewBox=\"0 0 10 10\"", "<stop offset=\"0\" stop-color=\"red\"/>"] {
        assert!(out.contains(kept), "{kept} lost: {out}");
    }
}

#[test]
fn scripts_handlers_styles_and_foreign_content_are_dropped() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><style>*{background:url(https://evil.test/x)}</style><rect width="1" height="1" onclick="alert(3)" style="fill:red"/><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(4)"/></div></foreignObject><a href="javascript:alert(5)"><circle r="1"/></a><animate attributeName="href" to="javascript:alert(6)"/><image href="https://evil.test/track.png"/><![CDATA[alert(7)]]><!-- note --></svg>"##;
    let out = clean(svg);
    for gone in ["alert", "onload", "onclick", "<script", "<style", "evil.test", "foreignObject", "<a ", "<animate", "<image", "style=", "note"] {
        assert!(!out.contains(gone), "{gone} survived: {out}");
    }
    assert!(out.contains("<rect width=\"1\" height=\"1\"/>"), "{out}");
}

#[test]
fn links_and_references_must_stay_inside_the_file() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use href="#a"/><use xlink:href="https://evil.test/s.svg#a"/><rect fill="url(https://evil.test/p)" mask="url( #m)"/></svg>"##;
    let out = clean(svg);
    assert!(out.contains("<use href=\"#a\"/>"), "{out}");
    assert!(!out.contains("evil.test"), "{out}");
    assert!(out.contains("mask=\"url( #m)\""), "{out}");
}

#[test]
fn dtds_entities_and_non_svg_documents_are_refused() {
    for (bad, why) in [
        ("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>", "DTD"),
        ("<svg><text>&lol;</text></svg>", "entity"),
        ("<html><body/></html>", "root"),
        ("<svg><g></svg>", "well-formed"),
        ("plain text", "svg"),
        ("<svg/><svg/>", "root"),
    ] {
        let err = sanitize_svg(bad.as_bytes()).expect_err(bad);
        assert!(err.to_lowercase().contains(&why.to_lowercase()), "{bad}: {err}");
    }
}

#[test]
fn a_logo_path_stays_inside_content() {
    assert_eq!(confined("institutions/mf.md", "logos/mf.svg").as_deref(), Some("institutions/logos/mf.svg"));
    assert_eq!(confined("institutions/mf.md", "../shared/mf.png").as_deref(), Some("shared/mf.png"));
    for outside in ["../../etc/passwd", "/etc/passwd", "..\\x.png", "C:/x.png", "../.."] {
        assert_eq!(confined("institutions/mf.md", outside), None, "{outside}");
    }
}
