use super::*;

fn front(src: &str) -> (Document, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let doc = split(src, "x.md", &mut d);
    (doc, d)
}

#[test]
fn front_matter_positions_count_from_the_file_start() {
    let (doc, d) = front("---\ntitle: A\nsumary: B\n---\nbody\n");
    assert!(d.is_empty());
    let node = doc.front.unwrap();
    let mut f = Fields::new(&node, "x.md");
    f.string("title");
    f.string("summary");
    f.finish(&[]);
    assert_eq!(f.diags.len(), 1);
    assert_eq!(f.diags[0].rule, "front-matter/unknown-key");
    assert_eq!(f.diags[0].pos, Some(Pos { line: 3, col: 1 }));
    assert_eq!(f.diags[0].hint.as_deref(), Some("did you mean `summary`?"));
    assert_eq!(doc.body, "body\n");
}

#[test]
fn a_file_without_front_matter_is_an_error() {
    let (_, d) = front("# Title\n");
    assert_eq!(d[0].rule, "front-matter/missing");
}

#[test]
fn an_unclosed_front_matter_is_an_error() {
    let (_, d) = front("---\ntitle: x\n");
    assert_eq!(d[0].rule, "front-matter/unclosed");
}

#[test]
fn a_value_outside_the_list_gets_a_suggestion() {
    let (doc, _) = front("---\nstatus: prodution\n---\n");
    let node = doc.front.unwrap();
    let mut f = Fields::new(&node, "x.md");
    let v = f.choice("status", &[("production", 1), ("pilot", 2)]);
    assert_eq!(v, None);
    assert_eq!(f.diags[0].pos, Some(Pos { line: 2, col: 9 }));
    assert!(f.diags[0].hint.as_ref().unwrap().starts_with("did you mean `production`?"));
}

#[test]
fn dates_lists_and_urls_are_checked() {
    let (doc, _) = front("---\nsince: 2026-02-30\ntags: vat\ndocs_url: www.mf.gov.pl\n---\n");
    let node = doc.front.unwrap();
    let mut f = Fields::new(&node, "x.md");
    assert_eq!(f.date("since"), None);
    assert!(f.strings("tags").is_empty());
    assert_eq!(f.url("docs_url"), None);
    let rules: Vec<_> = f.diags.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["front-matter/date", "front-matter/type", "front-matter/url"]);
    assert_eq!(f.diags[1].hint.as_deref(), Some("write a list: `tags: [vat]`"));
}

#[test]
fn duplicate_keys_in_front_matter_are_reported() {
    let (doc, d) = front("---\ntitle: a\ntitle: b\n---\n");
    assert!(doc.front.is_none());
    assert_eq!(d[0].rule, "front-matter/duplicate-key");
    assert_eq!(d[0].pos, Some(Pos { line: 3, col: 1 }));
}

#[test]
fn a_missing_field_points_at_its_misspelling() {
    let (doc, _) = front("---\ntitle: A\nsumary: B\n---\n");
    let node = doc.front.unwrap();
    let mut f = Fields::new(&node, "x.md");
    f.required_string("summary");
    assert_eq!(f.diags[0].rule, "front-matter/required");
    assert_eq!(f.diags[0].hint.as_deref(), Some("line 3 has `sumary`: rename it to `summary`"));
    let (doc, _) = front("---\ntitle: A\n---\n");
    let node = doc.front.unwrap();
    let mut f = Fields::new(&node, "x.md");
    f.required_string("summary");
    assert_eq!(f.diags[0].hint.as_deref(), Some("add a line `summary: …` to the front matter"));
}

#[test]
fn a_badly_indented_front_matter_line_is_named() {
    let (_, d) = front("---\ntitle: A\ncontact:\n  name: Zespół\n   email: a@b.pl\n---\n");
    assert_eq!(d[0].rule, "front-matter/syntax");
    assert_eq!(d[0].pos.map(|p| p.line), Some(5), "{d:?}");
    assert!(d[0].hint.as_deref().unwrap_or("").starts_with("line 5 is indented by 3 spaces"), "{d:?}");
}
