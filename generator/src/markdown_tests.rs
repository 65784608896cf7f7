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
