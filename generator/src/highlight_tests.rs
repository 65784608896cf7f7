use super::*;

#[test]
fn json_writer_escapes_and_highlights() {
    let v = serde_json::json!({"x": "</script><script>alert(1)</script>", "n": 1, "ok": true, "a": [null]});
    let (html, cut) = json(&v, 10_000);
    assert!(!cut);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("hl-constant hl-numeric"), "{html}");
}

#[test]
fn json_writer_stops_near_the_limit() {
    let v = serde_json::Value::Array((0..10_000).map(serde_json::Value::from).collect());
    let (html, cut) = json(&v, 1000);
    assert!(cut && html.len() < 20_000, "{}", html.len());
}

#[test]
fn syntect_highlights_with_prefixed_classes() {
    let h = Highlighter::new();
    let html = h.highlight("curl -X GET 'https://x.pl'\n", "sh");
    assert!(html.contains("class=\"hl-"), "{html}");
    assert!(!h.highlight("<a>&</a>", "nope").contains("<a>"));
}

/// The shipped highlight.css is what syntect's themes give (UPDATE_THEME=1 rewrites it).
#[test]
fn highlight_css_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../themes/default/static/highlight.css");
    let css = stylesheet();
    if std::env::var_os("UPDATE_THEME").is_some() {
        std::fs::write(path, &css).unwrap();
    }
    assert_eq!(std::fs::read_to_string(path).unwrap_or_default(), css, "run with UPDATE_THEME=1");
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
