use super::*;
use crate::doc::Pos;
use crate::spec::model::Method;

fn op(id: Option<&str>, method: Method, path: &str) -> Operation {
    Operation {
        key: String::new(),
        method,
        path: path.into(),
        operation_id: id.map(str::to_string),
        summary: None,
        description: None,
        tags: Vec::new(),
        deprecated: false,
        parameters: Vec::new(),
        request_body: None,
        responses: Vec::new(),
        security: None,
        servers: Vec::new(),
        callbacks: Vec::new(),
        pointer: String::new(),
        pos: Pos::default(),
    }
}

#[test]
fn slugs_are_lowercase_ascii_words_joined_by_dashes() {
    assert_eq!(slugify("  Get_Pet By--ID!! "), "get-pet-by-id");
}

#[test]
fn slugs_fold_polish_diacritics_including_l_stroke() {
    assert_eq!(slugify("Źródło łąk: ŻÓŁW"), "zrodlo-lak-zolw");
}

#[test]
fn slugs_are_at_most_80_characters_without_a_trailing_dash() {
    let slug = slugify(&"abcd ".repeat(40));
    assert!(slug.len() <= 80, "{slug}");
    assert!(!slug.ends_with('-'));
}

#[test]
fn keys_come_from_operation_id_else_method_and_path() {
    let mut ops = [op(Some("listPets"), Method::Get, "/pets"), op(None, Method::Get, "/api/search/nip/{nip}")];
    assign(ops.iter_mut());
    assert_eq!(ops[0].key, "listpets");
    assert_eq!(ops[1].key, "get-api-search-nip-nip");
}

#[test]
fn colliding_keys_get_numeric_suffixes_in_order() {
    let mut ops = [op(Some("a b"), Method::Get, "/x"), op(Some("a-b"), Method::Get, "/y"), op(Some("A_B"), Method::Get, "/z")];
    assign(ops.iter_mut());
    let keys: Vec<&str> = ops.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["a-b", "a-b-2", "a-b-3"]);
}

#[test]
fn an_operation_id_without_letters_falls_back_to_method_and_path() {
    let mut ops = [op(Some("日本"), Method::Post, "/orders")];
    assign(ops.iter_mut());
    assert_eq!(ops[0].key, "post-orders");
}
