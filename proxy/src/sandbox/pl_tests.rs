use time::macros::date;

use super::*;

#[test]
fn ten_thousand_pesels_pass_their_checksum_and_keep_birth_date_and_sex() {
    let mut rng = Rng::new(42);
    for i in 0..10_000 {
        let p = Persona::new(&mut rng);
        let (birth, sex) = pesel_decode(&p.pesel).unwrap_or_else(|| panic!("#{i}: {} invalid", p.pesel));
        assert_eq!((birth, sex), (p.birth, p.sex), "{}", p.pesel);
    }
}

#[test]
fn pesel_centuries_are_encoded_in_the_month() {
    let mut rng = Rng::new(1);
    for (d, month) in [(date!(1899 - 12 - 31), "92"), (date!(1950 - 03 - 07), "03"), (date!(2004 - 02 - 29), "22"), (date!(2150 - 01 - 01), "41")] {
        let p = pesel(&mut rng, d, Sex::Female);
        assert_eq!(&p[2..4], month, "{p}");
        assert_eq!(pesel_decode(&p), Some((d, Sex::Female)));
    }
}

#[test]
fn known_pesels() {
    // Examples published by the Ministry of Digital Affairs' documentation.
    assert!(pesel_valid("44051401359"));
    assert!(!pesel_valid("44051401358"));
    assert!(!pesel_valid("4405140135"));
    assert!(!pesel_valid("02330100005"), "33rd month of 2000s does not exist as 13");
    assert_eq!(pesel_decode("44051401359").map(|(_, s)| s), Some(Sex::Male));
}

#[test]
fn nips_regons_ibans_vins_plates_krs_postal_codes_are_valid() {
    let mut rng = Rng::new(7);
    for _ in 0..10_000 {
        let n = nip(&mut rng);
        assert!(nip_valid(&n) && n.len() == 10, "{n}");
        let r = regon9(&mut rng);
        assert!(regon_valid(&r) && r.len() == 9, "{r}");
        let r = regon14(&mut rng);
        assert!(regon_valid(&r) && r.len() == 14, "{r}");
        let i = iban(&mut rng);
        assert!(iban_valid(&i) && i.len() == 28, "{i}");
        let v = vin(&mut rng);
        assert!(vin_valid(&v), "{v}");
        assert!(!v.contains(['I', 'O', 'Q']), "{v}");
        let p = plate(&mut rng);
        assert!(plate_valid(&p), "{p}");
        let k = krs(&mut rng);
        assert!(krs_valid(&k), "{k}");
        let c = postal_code_in(&mut rng, 30);
        assert!(postal_code_valid(&c) && (c.starts_with("30") || c.starts_with("31")), "{c}");
    }
}

#[test]
fn known_identifiers() {
    assert!(nip_valid("5260250274")); // Ministerstwo Finansów
    assert!(nip_valid("526-025-02-74"));
    assert!(!nip_valid("5260250275"));
    assert!(regon_valid("000002217")); // GUS
    assert!(!regon_valid("000002218"));
    assert!(regon_valid("12345678512347"));
    assert!(iban_valid("PL61109010140000071219812874"));
    assert!(iban_valid("PL61 1090 1014 0000 0712 1981 2874"));
    assert!(!iban_valid("PL61109010140000071219812875"));
    assert!(vin_valid("1M8GDM9AXKP042788")); // the classic check-digit example
    assert!(!vin_valid("1M8GDM9A1KP042788"));
    assert!(plate_valid("WA 12345") && plate_valid("KRA1234A"));
    assert!(!plate_valid("QQ12345"));
    assert!(postal_code_valid("00-950") && !postal_code_valid("00950"));
}

#[test]
fn surnames_take_the_feminine_form() {
    assert_eq!(surname_for("Kowalski", Sex::Female), "Kowalska");
    assert_eq!(surname_for("Nowak", Sex::Female), "Nowak");
    assert_eq!(surname_for("Zawadzki", Sex::Female), "Zawadzka");
    assert_eq!(ascii_fold("Łukasz Wiśniewski"), "Lukasz.Wisniewski");
}
