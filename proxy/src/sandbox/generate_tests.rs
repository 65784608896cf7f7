use serde_json::Value;

use super::*;
use crate::sandbox::pl;
use crate::sandbox::validate::Patterns;
use crate::test_util::{component, spec};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Citizen:
      type: object
      required: [pesel, imie, nazwisko, dataUrodzenia, adres, nip, regon, rachunek, pojazdy]
      properties:
        pesel: {type: string}
        imie: {type: string}
        nazwisko: {type: string}
        dataUrodzenia: {type: string, format: date}
        plec: {type: string, enum: [K, M]}
        email: {type: string, format: email}
        nip: {type: string, pattern: "^\\d{10}$"}
        regon: {type: string, minLength: 14, maxLength: 14}
        krs: {type: string}
        rachunek: {type: string, pattern: "^\\d{26}$"}
        iban: {type: string}
        adres:
          type: object
          required: [kodPocztowy, miejscowosc]
          properties:
            kodPocztowy: {type: string, pattern: "^\\d{2}-\\d{3}$"}
            miejscowosc: {type: string}
            ulica: {type: string, maxLength: 60}
        pojazdy:
          type: array
          minItems: 2
          maxItems: 4
          uniqueItems: true
          items:
            type: object
            required: [vin, nrRejestracyjny]
            properties:
              vin: {type: string, minLength: 17, maxLength: 17}
              nrRejestracyjny: {type: string}
              rokProdukcji: {type: integer, minimum: 1990, maximum: 2025}
        haslo: {type: string, writeOnly: true}
        id: {type: string, format: uuid, readOnly: true}
        saldo: {type: number, minimum: 0, maximum: 100, multipleOf: 0.5}
        kod: {type: string, pattern: "^[A-Z]{3}-\\d{3}$"}
        tags: {type: array, items: {type: string, enum: [a, b, c]}, uniqueItems: true, minItems: 2}
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
    Pet:
      oneOf:
        - {$ref: '#/components/schemas/Cat'}
        - {$ref: '#/components/schemas/Dog'}
      discriminator: {propertyName: petType}
    Cat:
      type: object
      required: [petType, lives]
      properties: {petType: {type: string}, lives: {type: integer, minimum: 1, maximum: 9}}
    Dog:
      allOf:
        - type: object
          required: [petType]
          properties: {petType: {type: string}}
        - type: object
          required: [bark]
          properties: {bark: {type: boolean}}
"#;

struct Fixture {
    spec: catalog::spec::Spec,
    patterns: Patterns,
}

fn fixture() -> Fixture {
    let spec = spec(SPEC);
    let patterns = Patterns::new(&spec);
    Fixture { spec, patterns }
}

impl Fixture {
    fn v(&self, direction: Direction) -> Validator<'_> {
        Validator { spec: &self.spec, patterns: &self.patterns, direction }
    }
}

#[test]
fn a_citizen_is_valid_consistent_and_polish() {
    let f = fixture();
    let id = component(&f.spec, "Citizen");
    for seed in 0..300 {
        for dynamic in [false, true] {
            let v = Generator::new(f.v(Direction::Response), seed, dynamic).value(id);
            let issues = f.v(Direction::Response).validate(id, &v, "", 20);
            assert!(issues.is_empty(), "seed {seed}: {issues:?}\n{v:#}");
            let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{k} in {v}")).to_string();
            let (birth, sex) = pl::pesel_decode(&s("pesel")).expect("valid PESEL");
            assert_eq!(birth.to_string(), s("dataUrodzenia"), "PESEL and birth date agree");
            let name = s("imie");
            assert_eq!(pl::FEMALE_NAMES.contains(&name.as_str()), sex == pl::Sex::Female, "{name} vs PESEL sex");
            assert!(pl::nip_valid(&s("nip")));
            assert!(pl::regon_valid(&s("regon")) && s("regon").len() == 14);
            assert!(pl::iban_valid(&s("rachunek")));
            assert!(v.get("haslo").is_none(), "writeOnly never in responses");
            for p in v["pojazdy"].as_array().unwrap() {
                assert!(pl::vin_valid(p["vin"].as_str().unwrap()), "{p}");
                assert!(pl::plate_valid(p["nrRejestracyjny"].as_str().unwrap()), "{p}");
            }
            assert!(pl::postal_code_valid(v["adres"]["kodPocztowy"].as_str().unwrap()));
            if let Some(krs) = v.get("krs") {
                assert!(pl::krs_valid(krs.as_str().unwrap()));
            }
            if let Some(iban) = v.get("iban") {
                assert!(pl::iban_valid(iban.as_str().unwrap()));
            }
        }
    }
}

#[test]
fn requests_omit_read_only() {
    let f = fixture();
    let id = component(&f.spec, "Citizen");
    for seed in 0..50 {
        let v = Generator::new(f.v(Direction::Request), seed, false).value(id);
        assert!(v.get("id").is_none());
        assert!(v.get("haslo").is_some());
        assert!(f.v(Direction::Request).is_valid(id, &v));
    }
}

#[test]
fn same_seed_same_value_other_seed_other_value() {
    let f = fixture();
    let id = component(&f.spec, "Citizen");
    let a = Generator::new(f.v(Direction::Response), 7, true).value(id);
    let b = Generator::new(f.v(Direction::Response), 7, true).value(id);
    let c = Generator::new(f.v(Direction::Response), 8, true).value(id);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

fn depth(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[test]
fn recursion_is_bounded() {
    let f = fixture();
    let id = component(&f.spec, "Node");
    for seed in 0..100 {
        let v = Generator::new(f.v(Direction::Response), seed, seed % 2 == 0).value(id);
        assert!(depth(&v) <= 8, "{v}");
        assert!(f.v(Direction::Response).is_valid(id, &v), "{v}");
    }
}

#[test]
fn one_of_with_discriminator_and_all_of() {
    let f = fixture();
    let id = component(&f.spec, "Pet");
    let mut kinds = std::collections::BTreeSet::new();
    for seed in 0..100 {
        let v = Generator::new(f.v(Direction::Response), seed, true).value(id);
        assert!(f.v(Direction::Response).is_valid(id, &v), "{v}");
        kinds.insert(v["petType"].as_str().unwrap().to_string());
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), vec!["Cat", "Dog"]);
}
