use serde_json::json;

use super::*;
use crate::test_util::{component, spec};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Invoice:
      type: object
      required: [number, items, buyer]
      additionalProperties: false
      properties:
        id: {type: string, readOnly: true}
        number: {type: string, pattern: "^FV/\\d{4}/\\d+$"}
        issued: {type: string, format: date}
        buyer: {$ref: '#/components/schemas/Party'}
        items:
          type: array
          minItems: 1
          items:
            type: object
            required: [nip, amount]
            properties:
              nip: {type: string, format: nip}
              amount: {type: number, minimum: 0, exclusiveMinimum: true, multipleOf: 0.01}
              note: {type: string, nullable: true, maxLength: 5}
        secret: {type: string, writeOnly: true}
      # secret is write-only: required only in requests
    Party:
      oneOf:
        - {$ref: '#/components/schemas/Person'}
        - {$ref: '#/components/schemas/Company'}
      discriminator: {propertyName: kind}
    Person:
      type: object
      required: [kind, pesel]
      properties:
        kind: {type: string, enum: [Person]}
        pesel: {type: string, format: pesel}
    Company:
      type: object
      required: [kind, krs]
      properties:
        kind: {type: string, enum: [Company]}
        krs: {type: string, pattern: "^\\d{10}$"}
"#;

fn validator(spec: &Spec, patterns: &'static Patterns, direction: Direction) -> Validator<'static> {
    let spec: &'static Spec = Box::leak(Box::new(spec.clone()));
    Validator { spec, patterns, direction }
}

fn setup(direction: Direction) -> (Validator<'static>, SchemaId) {
    let s = spec(SPEC);
    let patterns: &'static Patterns = Box::leak(Box::new(Patterns::new(&s)));
    let id = component(&s, "Invoice");
    (validator(&s, patterns, direction), id)
}

#[test]
fn a_valid_invoice_passes() {
    let (v, id) = setup(Direction::Request);
    let ok = json!({"number": "FV/2024/17", "issued": "2024-02-29", "buyer": {"kind": "Person", "pesel": "44051401359"},
                    "items": [{"nip": "5260250274", "amount": 12.5, "note": null}]});
    assert_eq!(v.validate(id, &ok, "/body", 10), vec![]);
}

#[test]
fn errors_point_at_what_is_wrong() {
    let (v, id) = setup(Direction::Request);
    let bad = json!({"number": "17", "issued": "2024-02-30", "buyer": {"kind": "Company", "krs": "12"},
                     "items": [{"nip": "5260250275", "amount": 0, "note": "too long"}, {"amount": 1.001}], "extra": 1});
    let issues = v.validate(id, &bad, "/body", 50);
    let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
    for p in [
        "/body/number",
        "/body/issued",
        "/body/buyer/krs",
        "/body/items/0/nip",
        "/body/items/0/amount",
        "/body/items/0/note",
        "/body/items/1/nip",
        "/body/items/1/amount",
        "/body/extra",
    ] {
        assert!(pointers.contains(&p), "{p} missing in {issues:#?}");
    }
}

#[test]
fn read_only_and_write_only_depend_on_direction() {
    let s = spec(
        r#"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    User:
      type: object
      required: [id, password]
      properties:
        id: {type: integer, readOnly: true}
        password: {type: string, writeOnly: true}
"#,
    );
    let patterns: &'static Patterns = Box::leak(Box::new(Patterns::new(&s)));
    let id = component(&s, "User");
    let req = validator(&s, patterns, Direction::Request);
    let resp = validator(&s, patterns, Direction::Response);
    assert!(req.is_valid(id, &json!({"password": "x"})));
    assert!(!req.is_valid(id, &json!({"id": 1})));
    assert!(resp.is_valid(id, &json!({"id": 1})));
    assert!(!resp.is_valid(id, &json!({"password": "x"})));
}

#[test]
fn formats() {
    for (f, ok, bad) in [
        ("date", "2024-02-29", "2023-02-29"),
        ("date-time", "2024-05-01T12:00:00+02:00", "2024-05-01 12:00"),
        ("email", "jan@poczta.example", "jan@"),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000"),
        ("ipv4", "193.0.96.1", "256.1.1.1"),
        ("iban", "DE89370400440532013000", "DE89370400440532013001"),
        ("regon", "000002217", "000002218"),
        ("vin", "1M8GDM9AXKP042788", "1M8GDM9A1KP042788"),
    ] {
        assert!(format_ok(f, ok), "{f} {ok}");
        assert!(!format_ok(f, bad), "{f} {bad}");
    }
    assert!(format_ok("something-else", "anything"));
}
