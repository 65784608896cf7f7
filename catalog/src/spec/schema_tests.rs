use crate::spec::model::{Schema, SchemaId};
use crate::spec::test_util::{rules, spec};
use crate::spec::LoadedSpec;

/// A spec of `version` whose components/schemas are `schemas` (YAML indented by 4).
fn with_schemas(version: &str, schemas: &str) -> (LoadedSpec, Vec<crate::diag::Diagnostic>) {
    spec(&format!("openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"))
}

fn named<'a>(s: &'a LoadedSpec, name: &str) -> &'a Schema {
    let n = s.spec.components.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("no component {name}"));
    s.spec.schema(n.id)
}

#[test]
fn nullable_adds_null_to_the_types_in_3_0() {
    let (s, _) = with_schemas("3.0.3", "    A: {type: string, nullable: true}\n");
    assert_eq!(named(&s, "A").types, ["string", "null"]);
}

#[test]
fn a_type_list_is_read_in_3_1() {
    let (s, _) = with_schemas("3.1.0", "    A: {type: [integer, 'null']}\n");
    assert_eq!(named(&s, "A").types, ["integer", "null"]);
}

#[test]
fn boolean_exclusive_bounds_become_numeric_bounds() {
    let (s, _) = with_schemas("3.0.0", "    A: {type: number, minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false}\n");
    let a = named(&s, "A");
    assert_eq!((a.minimum, a.exclusive_minimum), (None, Some(1.0)));
    assert_eq!((a.maximum, a.exclusive_maximum), (Some(9.0), None));
}

#[test]
fn numeric_exclusive_bounds_are_kept_in_3_1() {
    let (s, _) = with_schemas("3.1.0", "    A: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 10}\n");
    let a = named(&s, "A");
    assert_eq!((a.exclusive_minimum, a.exclusive_maximum), (Some(0.0), Some(10.0)));
}

#[test]
fn a_recursive_schema_is_a_cycle_in_the_arena() {
    let (s, diags) = with_schemas(
        "3.0.0",
        "    Tree:\n      type: object\n      properties:\n        children:\n          type: array\n          items: {$ref: '#/components/schemas/Tree'}\n",
    );
    assert!(diags.is_empty());
    let tree_id = s.spec.components[0].id;
    let children = s.spec.schema(s.spec.schema(tree_id).properties[0].1);
    assert_eq!(children.items, Some(tree_id));
    assert_eq!(s.spec.schema(tree_id).name.as_deref(), Some("Tree"));
}

#[test]
fn a_ref_reaches_the_same_id_everywhere() {
    let (s, _) =
        with_schemas("3.0.0", "    A: {properties: {x: {$ref: '#/components/schemas/B'}, y: {$ref: '#/components/schemas/B'}}}\n    B: {type: string}\n");
    let a = named(&s, "A");
    let b = s.spec.components[1].id;
    assert_eq!((a.properties[0].1, a.properties[1].1), (b, b));
}

#[test]
fn a_cycle_of_pure_schema_aliases_is_an_error_not_a_hang() {
    let (s, diags) = with_schemas("3.0.0", "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n");
    assert!(rules(&diags).contains(&"spec/ref-cycle"), "{diags:#?}");
    assert!(named(&s, "A").unresolved_ref.is_some());
}

#[test]
fn a_3_1_ref_with_sibling_keywords_is_all_of_the_target_plus_the_siblings() {
    let (s, _) = with_schemas("3.1.0", "    A: {$ref: '#/components/schemas/B', maxLength: 3}\n    B: {type: string}\n");
    let a = named(&s, "A");
    assert_eq!(a.all_of, [s.spec.components[1].id]);
    assert_eq!(a.max_length, Some(3));
}

#[test]
fn a_3_1_ref_with_only_a_description_is_the_target() {
    let (s, _) = with_schemas("3.1.0", "    A: {$ref: '#/components/schemas/B', description: other}\n    B: {type: string}\n");
    assert_eq!(s.spec.components[0].id, s.spec.components[1].id);
    assert_eq!(named(&s, "B").name.as_deref(), Some("B"));
}

#[test]
fn a_3_0_ref_ignores_its_siblings() {
    let (s, _) = with_schemas("3.0.0", "    A: {$ref: '#/components/schemas/B', maxLength: 3}\n    B: {type: string}\n");
    assert_eq!(s.spec.components[0].id, s.spec.components[1].id);
}

#[test]
fn const_prefix_items_and_first_example_are_read_in_3_1() {
    let (s, _) = with_schemas("3.1.0", "    A: {const: 5, examples: [1, 2]}\n    P: {type: array, prefixItems: [{type: string}, {type: integer}]}\n");
    let a = named(&s, "A");
    assert_eq!(a.const_value.as_deref(), Some(&serde_json::json!(5)));
    assert_eq!(a.example.as_deref(), Some(&serde_json::json!(1)));
    assert_eq!(named(&s, "P").prefix_items.len(), 2);
}

#[test]
fn a_field_of_the_wrong_type_is_a_warning_and_ignored() {
    let (s, diags) = with_schemas("3.0.0", "    A: {type: string, maxLength: long, required: true}\n");
    assert_eq!(rules(&diags), ["spec/invalid-field", "spec/invalid-field"]);
    assert_eq!(diags[0].pos.map(|p| p.line), Some(6));
    assert_eq!(named(&s, "A").max_length, None);
}

#[test]
fn an_unresolved_schema_ref_keeps_the_ref_as_written() {
    let (s, _) = with_schemas("3.0.0", "    A: {properties: {x: {$ref: '#/components/schemas/Nope'}}}\n");
    let x: SchemaId = named(&s, "A").properties[0].1;
    assert_eq!(s.spec.schema(x).unresolved_ref.as_deref(), Some("#/components/schemas/Nope"));
}

#[test]
fn a_long_chain_of_refs_does_not_recurse_deeply() {
    let mut yaml = String::new();
    for i in 0..3000 {
        yaml.push_str(&format!("    S{i}: {{properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n", i + 1));
    }
    yaml.push_str("    S3000: {type: string}\n");
    let (s, diags) = with_schemas("3.0.0", &yaml);
    assert!(diags.is_empty());
    assert_eq!(s.spec.components.len(), 3001);
}
