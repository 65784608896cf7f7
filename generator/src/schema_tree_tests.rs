use super::*;
use crate::test_spec::spec;

fn labels() -> Labels {
    let theme = crate::theme::Theme::load(None).unwrap();
    Labels::new(&Strings::load(&theme, "en").unwrap()).unwrap()
}

fn tree(yaml: &str, root: &str, budget: Budget) -> (String, bool) {
    let s = spec(yaml);
    let md = Markdown::new();
    let slugs = slugs(&s);
    let set = SchemaSet::new(&s, &slugs, &md, |lang, slug| format!("/{lang}/schemas/{slug}/"));
    let id = s.components.iter().find(|c| c.name == root).unwrap().id;
    set.render(id, "en", &labels(), budget)
}

const SPEC: &str = r##"openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Osoba:
      type: object
      description: "Osoba **fizyczna**."
      required: [pesel]
      properties:
        pesel: {type: string, pattern: "^[0-9]{11}$", minLength: 11, maxLength: 11}
        plec: {type: string, enum: [K, M]}
        wiek: {type: [integer, "null"], minimum: 0, exclusiveMaximum: 150}
        adres: {$ref: "#/components/schemas/Adres"}
        dzieci: {type: array, items: {$ref: "#/components/schemas/Osoba"}}
    Adres:
      type: object
      properties:
        ulica: {type: string}
        kraj: {$ref: "#/components/schemas/Kraj"}
    Kraj:
      type: object
      properties:
        kod: {type: string, const: PL}
"##;

#[test]
fn a_tree_shows_types_flags_and_constraints() {
    let (html, cut) = tree(SPEC, "Osoba", OPERATION_BUDGET);
    assert!(!cut);
    assert!(
        html.contains("<code class=\"node-name\">pesel</code> <span class=\"node-type\">string</span> <span class=\"badge badge-required\">required</span>"),
        "{html}"
    );
    assert!(html.contains("<dt>values</dt><dd><code>K</code>, <code>M</code></dd>"), "{html}");
    assert!(html.contains("nullable"));
    assert!(html.contains("<dt>less than</dt><dd><code>150</code></dd>"));
    assert!(html.contains("<dt>length</dt><dd><code>11</code></dd>"));
    assert!(html.contains("<strong>fizyczna</strong>"), "descriptions are markdown");
}

#[test]
fn a_recursive_reference_is_a_link_and_not_expanded() {
    let (html, _) = tree(SPEC, "Osoba", OPERATION_BUDGET);
    assert!(html.contains("array of <a href=\"/en/schemas/osoba/\">Osoba</a>"), "{html}");
    assert!(html.contains("recursive"));
    assert_eq!(html.matches("node-name\">pesel<").count(), 1, "Osoba is not expanded again");
}

#[test]
fn nested_named_schemas_expand_in_details_until_the_depth_limit() {
    let (html, _) = tree(SPEC, "Osoba", OPERATION_BUDGET);
    assert!(html.contains("<details><summary>Properties (2)</summary>"), "{html}");
    // Osoba > Adres > Kraj: Adres expands (depth 1), Kraj is past NAMED_EXPAND_DEPTH and links to its page.
    assert!(html.contains(">Kraj</a>"), "{html}");
    assert!(!html.contains("node-name\">kod<"), "Kraj is past the depth limit: a link, not expanded");
}

#[test]
fn the_node_budget_cuts_and_says_so() {
    // The root's own properties are not counted; a nested object's are.
    let mut yaml = String::from("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Duzy:\n      type: object\n      properties:\n        wnetrze:\n          type: object\n          properties:\n");
    for i in 0..500 {
        yaml.push_str(&format!("            p{i}: {{type: string}}\n"));
    }
    let (html, cut) = tree(&yaml, "Duzy", Budget { nodes: 50, bytes: 1_000_000 });
    assert!(cut);
    assert!(html.matches("class=\"node\"").count() <= 51);
    assert!(html.contains("class=\"truncated\""));
}

#[test]
fn schema_slugs_are_url_safe_and_unique() {
    let s = spec("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    pet: {type: object}\n    \"io.k8s.api/Core V1\": {type: object}\n");
    let slugs: Vec<String> = slugs(&s).into_iter().map(|(_, s)| s).collect();
    assert_eq!(slugs, ["pet", "pet-2", "io.k8s.api-core-v1"]);
}
