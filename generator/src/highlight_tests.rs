use super::*;

#[test]
fn json_writer_escapes_and_highlights() {
    let v = serde_json::json!({"x": "</script><script>alert(1)</script>", "n": 1, "ok": true, "a": [null]});
    let (html, cut) = json(&v, 10_000);
    assert!(!cut);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<span class=\"hl-n\">1</span>"), "{html}");
    assert!(html.contains("<span class=\"hl-a\">&quot;x&quot;</span>"), "keys and strings differ: {html}");
}

#[test]
fn json_writer_stops_near_the_limit() {
    let v = serde_json::Value::Array((0..10_000).map(serde_json::Value::from).collect());
    let (html, cut) = json(&v, 1000);
    assert!(cut && html.len() < 20_000, "{}", html.len());
}

#[test]
fn syntect_output_gets_one_short_class_per_token() {
    let h = Highlighter::new();
    let html = h.highlight("curl -X GET 'https://x.pl'\n", "sh");
    assert!(html.contains("<span class=\"hl-f\">curl</span>"), "{html}");
    assert!(html.contains("<span class=\"hl-v\">-X</span>") || html.contains("<span class=\"hl-v\"> -X</span>"), "{html}");
    assert!(html.contains("<span class=\"hl-s\">&#39;https://x.pl&#39;</span>") || html.contains("<span class=\"hl-s\">'https://x.pl'</span>"), "{html}");
    assert!(!html.contains("hl-source") && !html.contains("hl-punctuation"), "no scope stacks: {html}");
    let py = h.highlight("import requests  # HTTP\nx = 1\n", "py");
    assert!(py.contains("<span class=\"hl-k\">import</span>") && py.contains("<span class=\"hl-c\">") && py.contains("<span class=\"hl-n\">1</span>"), "{py}");
    assert!(!h.highlight("<a>&</a>", "nope").contains("<a>"));
}

#[test]
fn compacting_keeps_the_text_and_balances_spans() {
    let html = "<span class=\"hl-source hl-json\"><span class=\"hl-meta hl-mapping hl-key hl-string hl-quoted hl-double\"><span class=\"hl-punctuation hl-definition hl-string\">&quot;</span>k&quot;</span>: <span class=\"hl-meta hl-mapping hl-value\"><span class=\"hl-constant hl-numeric\">1</span></span></span>";
    assert_eq!(compact(html), "<span class=\"hl-a\">&quot;k&quot;</span>: <span class=\"hl-n\">1</span>");
    assert_eq!(compact("a &lt; b"), "a &lt; b");
}

/// highlight.css colours every kind of token, in light and in dark.
#[test]
fn highlight_css_has_every_token_in_both_schemes() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../themes/default/static/highlight.css")).unwrap();
    let (light, dark) = css.split_once("prefers-color-scheme: dark").expect("a dark scheme");
    for t in [Token::Comment, Token::String, Token::Key, Token::Constant, Token::Keyword, Token::Function, Token::Parameter, Token::Tag] {
        let rule = format!(".{} {{ color:", t.class());
        assert!(light.contains(&rule), "light: {rule}");
        assert!(dark.contains(&rule), "dark: {rule}");
    }
}

#[test]
#[ignore = "timing, run by hand"]
fn timing() {
    let h = Highlighter::new();
    let t = std::time::Instant::now();
    let code = "curl -X POST 'https://api.example.test/v1/szkoly/123?x=1' \\\n  -H 'Authorization: Bearer TOKEN' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"a\": 1, \"b\": \"c\"}'\n";
    h.highlight(code, "sh");
    eprintln!("first: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        h.highlight(code, "sh");
    }
    eprintln!("sh x1000: {:?}", t.elapsed());
    let py = "import requests\n\nresponse = requests.post(\n    'https://api.example.test/v1/szkoly/123',\n    params={'x': '1'},\n    headers={'Authorization': 'Bearer TOKEN'},\n    json={'a': 1, 'b': 'c'},\n)\nprint(response.json())\n";
    h.highlight(py, "py");
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        h.highlight(py, "py");
    }
    eprintln!("py x1000: {:?}", t.elapsed());
    let js = "const response = await fetch('https://api.example.test/v1/szkoly/123?x=1', {\n  method: 'POST',\n  headers: {\n    'Authorization': 'Bearer TOKEN',\n  },\n  body: JSON.stringify({\"a\": 1}),\n});\nconsole.log(await response.json());\n";
    h.highlight(js, "js");
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        h.highlight(js, "js");
    }
    eprintln!("js x1000: {:?}", t.elapsed());
    let md = crate::markdown::Markdown::new();
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        md.render("Returns the **list** of schools, see [docs](https://x.pl).\n\nSecond para.", 2);
    }
    eprintln!("markdown x1000: {:?}", t.elapsed());
}
