use super::*;

fn p(src: &str) -> Result<Node, DocError> {
    parse(src, 0, Limits::default())
}

#[test]
fn version_like_numbers_keep_their_text() {
    let n = p("info:\n  version: 1.10\n").unwrap();
    assert_eq!(n.pointer("/info/version").unwrap().as_text(), Some("1.10"));
    assert_eq!(n.pointer("/info/version").unwrap().pos, Pos { line: 2, col: 12 });
}

#[test]
fn duplicate_keys_are_reported_with_both_positions() {
    let err = p("a: 1\nb: 2\na: 3\n").unwrap_err();
    assert_eq!(err, DocError::DuplicateKey { key: "a".into(), pos: Pos { line: 3, col: 1 }, first: Pos { line: 1, col: 1 } });
}

#[test]
fn duplicate_keys_in_large_mappings_are_found_too() {
    let mut src: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    src.push_str("k7: again\n");
    assert!(matches!(p(&src), Err(DocError::DuplicateKey { key, .. }) if key == "k7"));
}

#[test]
fn alias_bombs_are_stopped() {
    let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        src.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert!(matches!(p(&src), Err(DocError::TooLarge { .. })));
}

#[test]
fn deep_nesting_is_stopped() {
    let src = "[".repeat(200) + &"]".repeat(200);
    let r = p(&src);
    assert!(matches!(r, Err(DocError::TooDeep { .. })), "{r:?}");
}

#[test]
fn aliases_and_merge_keys_resolve() {
    let n = p("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n").unwrap();
    assert_eq!(n.pointer("/derived/x").unwrap().as_text(), Some("1"));
    assert_eq!(n.pointer("/derived/y").unwrap().as_text(), Some("3"));
}

#[test]
fn scalars_follow_the_core_schema() {
    let n = p("a: ~\nb: 'true'\nc: true\nd: 0x1F\ne: 2020-08-27\nf: .5\ng: 1e3\nh: 12abc\n").unwrap();
    assert_eq!(n.get("a").unwrap().value, Value::Null);
    assert_eq!(n.get("b").unwrap().value, Value::String("true".into()));
    assert_eq!(n.get("c").unwrap().value, Value::Bool(true));
    assert_eq!(n.get("d").unwrap().to_json(), serde_json::json!(31));
    assert_eq!(n.get("e").unwrap().value, Value::String("2020-08-27".into()));
    assert_eq!(n.get("f").unwrap().to_json(), serde_json::json!(0.5));
    assert_eq!(n.get("g").unwrap().to_json(), serde_json::json!(1000.0));
    assert_eq!(n.get("h").unwrap().value, Value::String("12abc".into()));
}

#[test]
fn numeric_keys_become_text() {
    let n = p("responses:\n  200: {description: ok}\n").unwrap();
    assert!(n.pointer("/responses/200/description").is_some());
}

#[test]
fn json_reads_as_well() {
    let n = p("{\"openapi\": \"3.1.0\", \"paths\": {\"/a\": {}}}").unwrap();
    assert_eq!(n.pointer("/paths/~1a").unwrap().kind(), "a mapping");
}

#[test]
fn syntax_errors_carry_a_position() {
    let err = p("a: 1\n  b: 2\n").unwrap_err();
    assert!(matches!(err, DocError::Syntax { pos, .. } if pos.line == 2), "{err:?}");
}

#[test]
fn line_offset_shifts_positions() {
    let n = parse("title: x\n", 1, Limits::default()).unwrap();
    assert_eq!(n.get("title").unwrap().pos.line, 2);
}

#[test]
fn a_second_document_is_refused() {
    assert!(matches!(p("a: 1\n---\nb: 2\n"), Err(DocError::MultipleDocuments { .. })));
}

#[test]
fn json_without_positions_reads_the_same_tree() {
    let src = r#"{"openapi": "3.1.0", "info": {"version": "1.10", "x": [1, 2.5, true, null]}, "paths": {}}"#;
    let fast = parse_json_without_positions(src, Limits::default()).unwrap();
    let full = parse(src, 0, Limits::default()).unwrap();
    assert_eq!(fast.to_json(), full.to_json());
    let tiny = Limits { max_nodes: 3, ..Limits::default() };
    assert!(matches!(parse_json_without_positions(src, tiny), Err(DocError::TooLarge { .. })));
    assert!(matches!(parse_json_without_positions("{\"a\": ", Limits::default()), Err(DocError::Syntax { .. })));
}

#[test]
fn json_without_positions_keeps_the_last_of_a_repeated_key() {
    let n = parse_json_without_positions(r#"{"a": 1, "b": 2, "a": 3}"#, Limits::default()).unwrap();
    assert_eq!(n.to_json(), serde_json::json!({"a": 3, "b": 2}));
}
