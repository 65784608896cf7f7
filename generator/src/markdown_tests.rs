use super::*;

fn md(s: &str) -> String {
    Markdown::new().render(s, 2)
}

#[test]
fn script_tags_and_their_content_are_removed() {
    let html = md("Tekst <script>alert('x')</script> dalej");
    assert!(!html.contains("<script") && !html.contains("alert"), "{html}");
}

#[test]
fn javascript_links_lose_their_href() {
    let html = md("[klik](javascript:alert(1)) i <a href=\"data:text/html,x\">d</a>");
    assert!(!html.contains("javascript:") && !html.contains("data:"), "{html}");
}

#[test]
fn event_handlers_and_inline_styles_are_removed() {
    let html = md("<img src=\"x.png\" onerror=\"alert(3)\">\n\n<p style=\"color:red\" onclick=\"alert(5)\">styl</p>");
    assert!(!html.contains("onerror") && !html.contains("style=") && !html.contains("onclick"), "{html}");
    assert!(html.contains("styl"));
}

#[test]
fn external_links_get_noopener() {
    let html = md("[GUS](https://stat.gov.pl)");
    assert!(html.contains("href=\"https://stat.gov.pl\"") && html.contains("rel=\"noopener noreferrer\""), "{html}");
}

#[test]
fn images_from_other_hosts_are_dropped() {
    let html = md("![a](https://evil.example/x.png) ![b](img/b.png)");
    assert!(!html.contains("evil.example") && html.contains("src=\"img/b.png\""), "{html}");
}

#[test]
fn headings_start_at_the_requested_level() {
    assert!(md("# A\n\n## B").starts_with("<h2>A</h2>"));
    let html = md("## Dla kogo\n\ntekst\n\n### Niżej");
    assert!(html.contains("<h2>Dla kogo</h2>") && html.contains("<h3>Niżej</h3>"), "{html}");
    assert!(!md("<h1>raw</h1>").contains("<h1"));
}

#[test]
fn tables_render_without_style_attributes() {
    let html = md("| a | b |\n|:--|--:|\n| 1 | 2 |");
    assert!(html.contains("<table>") && !html.contains("style"), "{html}");
}

#[test]
fn plain_text_takes_the_fast_path_with_the_same_result() {
    let plain = "Zwraca listę szkół, w tym (opcjonalnie) zamkniętych.";
    assert!(is_plain(plain));
    let slow = {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, Parser::new(plain));
        s
    };
    assert_eq!(md(plain), slow.trim_end());
    assert!(!is_plain("1. lista"));
    assert!(!is_plain("a <b>"));
}

#[test]
fn only_web_urls_are_linkable() {
    assert_eq!(safe_url("https://x.pl"), Some("https://x.pl"));
    assert_eq!(safe_url("mailto:a@b.pl"), Some("mailto:a@b.pl"));
    assert_eq!(safe_url("javascript:alert(1)"), None);
    assert_eq!(safe_url("JaVaScRiPt:alert(1)"), None);
    assert_eq!(safe_url("data:text/html,x"), None);
}

/// `html` parsed and written again keeping whatever the fast path could wrongly let through:
/// any of these tags, these attributes, event handlers, and dangerous URL schemes. Equal to the
/// cleaned rendering only when the fast rendering was within the policy already.
fn reserialized(html: &str) -> String {
    // The allow-list and what it must keep out.
    let tags = TAGS.into_iter().chain(["h1", "script", "style", "iframe", "div", "span", "input", "svg", "math", "form"]);
    let attributes =
        ["href", "src", "title", "alt", "rel", "start", "class", "style", "id", "align", "colspan", "rowspan", "type", "checked", "disabled", "target", "name"];
    ammonia::Builder::empty()
        .clean_content_tags(std::collections::HashSet::new())
        .tags(tags.collect())
        .generic_attributes(attributes.into_iter().collect())
        .generic_attribute_prefixes(["on", "data-", "aria-"].into_iter().collect())
        .url_schemes(["http", "https", "mailto", "javascript", "data", "vbscript", "file", "ftp", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(false)
        .clean(html)
        .to_string()
}

/// Renders `text` by the fast path and by the cleaner; the two must be the same document.
fn same_both_ways(m: &Markdown, text: &str) -> Path {
    let (fast, path) = m.render_by(text, 2, Path::Fast);
    let (cleaned, _) = m.render_by(text, 2, Path::Cleaned);
    if path == Path::Fast {
        assert_eq!(reserialized(&fast), cleaned, "markdown: {text:?}\nfast: {fast}");
    } else {
        assert_eq!(fast, cleaned, "{text:?}");
    }
    path
}

const WITHOUT_HTML: [&str; 14] = [
    "[a](https://x.pl \"tytuł 'q' & \\\"d\\\"\") [b](javascript:alert(1)) [c](JAVASCRIPT:x) [d](java&#9;script:x) [e](/rel?a=1&b=2) [f](#frag)",
    "[g](mailto:a@b.pl) <https://auto.pl/x?y=1&z=2> <a@b.pl> [h](data:text/html,x) [i](vbscript:x) [j](//evil.example/x) [k](http://[::1]/)",
    "[l](http://%zz) [m](https:///x) [n](<java script:x>) [o](  javascript:x  ) [p](\\u0001javascript:x) [q](ja\u{0}vascript:x) [r](file:///etc/passwd)",
    "[s](https://x.pl/\"onmouseover=\"alert(1)) <http://a.b/\"onmouseover=x> [t](<https://x.pl/a b>) [ref]\n\n[ref]: https://r.pl 'tytuł'",
    "```rust\nfn main() { \"<b>\" }\n```\n\n    wcięty <i>kod</i>\n\n~~~\nbez języka\n~~~",
    "| a | b | c |\n|:--|--:|:-:|\n| 1 | **2** | `3` |\n| [x](https://x.pl) | ~~y~~ | z |",
    "3. trzy\n4. cztery\n   - zagnieżdżona\n   - lista\n\n> cytat\n> > głębszy\n\n---\n\nkoniec",
    "# Jeden\n\n## Dwa [link](https://x.pl)\n\n###### Sześć *em* __strong__",
    "twarde  \nzłamanie i ukośnik\\\nkoniec; encje &nbsp; &amp; &copy; &#0; &lt;b&gt; \"cudzysłów\" 'apostrof'",
    "a < b > c & d, 2 * 3 * 4, `kod <b>`, ąęśćżźółń ÄÖÜ 漢字 🙂",
    "* lista\n\n  z akapitem\n* druga\n\n1) nawias",
    "[pusty]() [spacja](< >) [tylko#](#) [kropka](.) [zapytanie](?a=<b>)",
    "Zobacz [dokumentację](https://www.gov.pl/web/kas/api-krajowego-systemu-e-faktur).",
    "Link w tekście https://example.pl/bez-nawiasów i e-mail kontakt@gov.pl.",
];

#[test]
fn markdown_without_html_renders_without_the_cleaner_to_the_same_document() {
    let m = Markdown::new();
    for text in WITHOUT_HTML {
        assert_eq!(same_both_ways(&m, text), Path::Fast, "{text:?} should not need the cleaner");
    }
}

#[test]
fn raw_html_and_images_still_go_through_the_cleaner() {
    let m = Markdown::new();
    for text in
        ["a <b>b</b>", "<script>x</script>", "![a](https://evil.example/x.png)", "![b](img/b.png)", "x <!-- komentarz -->", "<div onclick=\"x\">d</div>"]
    {
        assert_eq!(same_both_ways(&m, text), Path::Cleaned, "{text:?}");
    }
}

#[test]
fn links_outside_the_policy_lose_their_href_on_the_fast_path() {
    let m = Markdown::new();
    let (html, path) = m.render_by("[a](javascript:alert(1)) [b](https://x.pl) [c](data:text/html,x)", 2, Path::Fast);
    assert_eq!(path, Path::Fast);
    assert!(!html.contains("javascript") && !html.contains("data:"), "{html}");
    assert!(html.contains("<a href=\"https://x.pl\" rel=\"noopener noreferrer\">b</a>"), "{html}");
    assert_eq!(html.matches("rel=\"noopener noreferrer\"").count(), 3, "{html}");
}

/// Every markdown text of the shipped catalog, and of the 60 real specs when ../shared is
/// there, renders to the same document on both paths.
#[test]
fn real_descriptions_render_the_same_both_ways() {
    let m = Markdown::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut texts: Vec<String> = Vec::new();
    let loaded = catalog::load(&root.join("content")).expect("content/ loads");
    for api in &loaded.catalog.apis {
        texts.push(api.body.pl.clone());
        texts.extend(api.body.en.clone());
        for v in &api.versions {
            texts.extend(spec_texts(&v.spec));
        }
    }
    let corpus = root.join("../shared/corpus/apis-guru-sample");
    let mut files: Vec<_> = std::fs::read_dir(&corpus).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    if files.is_empty() {
        eprintln!("skipped the corpus: {} not found", corpus.display());
    }
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if let (Some(loaded), _) = catalog::spec::load(&corpus, &name, "", &catalog::spec::SpecLimits::default()) {
            texts.extend(spec_texts(&loaded.spec));
        }
    }
    texts.sort();
    texts.dedup();
    let fast = texts.iter().filter(|t| same_both_ways(&m, t) == Path::Fast).count();
    eprintln!("{} texts, {fast} rendered without the cleaner", texts.len());
    assert!(fast > 0);
}

fn spec_texts(spec: &catalog::spec::Spec) -> Vec<String> {
    let mut out: Vec<String> = spec.info.description.iter().cloned().collect();
    for op in spec.operations.iter().chain(&spec.webhooks) {
        out.extend(op.description.iter().cloned());
        out.extend(op.parameters.iter().filter_map(|p| p.description.clone()));
        out.extend(op.request_body.iter().filter_map(|b| b.description.clone()));
        out.extend(op.responses.iter().filter_map(|r| r.description.clone()));
    }
    out.extend(spec.tags.iter().filter_map(|t| t.description.clone()));
    out.extend(spec.schemas.iter().filter_map(|s| s.description.clone()));
    out
}
