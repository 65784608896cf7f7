//! Polish identifiers for synthetic data, each generator beside the validator of its checksum:
//! PESEL (birth date and sex encoded), NIP, REGON (9 and 14 digits), KRS, IBAN PL / NRB, VIN,
//! registration plates (real voivodeship and county prefixes) and postal codes. Generated values
//! are valid by their check digits but invented: they belong to nobody on purpose only by chance.

use time::{Date, Month};

use super::rng::Rng;

/// Sex as PESEL encodes it (10th digit: even female, odd male).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}

fn digits_of(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10)).collect()
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum()
}

// ---- PESEL

const PESEL_W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

/// A PESEL for someone born on `birth` with `sex`.
pub fn pesel(rng: &mut Rng, birth: Date, sex: Sex) -> String {
    let year = birth.year();
    let offset = match year {
        1800..=1899 => 80,
        1900..=1999 => 0,
        2000..=2099 => 20,
        2100..=2199 => 40,
        _ => 60,
    };
    let mut s = format!("{:02}{:02}{:02}", year.rem_euclid(100), birth.month() as u8 + offset, birth.day());
    for _ in 0..3 {
        s.push((b'0' + rng.digit()) as char);
    }
    let sex_digit = rng.below(5) as u8 * 2 + u8::from(sex == Sex::Male);
    s.push((b'0' + sex_digit) as char);
    let d = digits_of(&s).expect("digits");
    let check = (10 - weighted(&d, &PESEL_W) % 10) % 10;
    s.push(char::from_digit(check, 10).expect("digit"));
    s
}

/// The birth date and sex a valid PESEL encodes; `None` when the checksum or the date is wrong.
pub fn pesel_decode(s: &str) -> Option<(Date, Sex)> {
    if s.len() != 11 {
        return None;
    }
    let d = digits_of(s)?;
    if (10 - weighted(&d[..10], &PESEL_W) % 10) % 10 != d[10] {
        return None;
    }
    let yy = (d[0] * 10 + d[1]) as i32;
    let mm = d[2] * 10 + d[3];
    let (century, month) = match mm {
        81..=92 => (1800, mm - 80),
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        _ => return None,
    };
    let month = Month::try_from(month as u8).ok()?;
    let date = Date::from_calendar_date(century + yy, month, (d[4] * 10 + d[5]) as u8).ok()?;
    Some((date, if d[9] % 2 == 1 { Sex::Male } else { Sex::Female }))
}

/// Whether `s` is a valid PESEL.
pub fn pesel_valid(s: &str) -> bool {
    pesel_decode(s).is_some()
}

// ---- NIP

const NIP_W: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/// A NIP (10 digits, no dashes).
pub fn nip(rng: &mut Rng) -> String {
    loop {
        // The first three digits name a tax office: never 0 first.
        let mut d: Vec<u32> = vec![1 + rng.below(9) as u32];
        d.extend((0..8).map(|_| rng.digit() as u32));
        let check = weighted(&d, &NIP_W) % 11;
        if check == 10 {
            continue;
        }
        d.push(check);
        return d.iter().map(|x| char::from_digit(*x, 10).expect("digit")).collect();
    }
}

/// Whether `s` is a valid NIP (dashes and spaces allowed, optional `PL` prefix).
pub fn nip_valid(s: &str) -> bool {
    let s: String = s.trim_start_matches("PL").chars().filter(|c| *c != '-' && *c != ' ').collect();
    let Some(d) = digits_of(&s) else { return false };
    d.len() == 10 && weighted(&d[..9], &NIP_W) % 11 == d[9]
}

// ---- REGON

const REGON9_W: [u32; 8] = [8, 9, 2, 3, 4, 5, 6, 7];
const REGON14_W: [u32; 13] = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];

fn push_check(d: &mut Vec<u32>, w: &[u32]) {
    let c = weighted(d, w) % 11;
    d.push(if c == 10 { 0 } else { c });
}

fn to_string(d: &[u32]) -> String {
    d.iter().map(|x| char::from_digit(*x, 10).expect("digit")).collect()
}

/// A 9-digit REGON.
pub fn regon9(rng: &mut Rng) -> String {
    let mut d: Vec<u32> = vec![1 + rng.below(9) as u32];
    d.extend((0..7).map(|_| rng.digit() as u32));
    push_check(&mut d, &REGON9_W);
    to_string(&d)
}

/// A 14-digit REGON (a local unit: a valid 9-digit REGON, four digits, a check digit).
pub fn regon14(rng: &mut Rng) -> String {
    let mut d = digits_of(&regon9(rng)).expect("digits");
    d.extend((0..4).map(|_| rng.digit() as u32));
    push_check(&mut d, &REGON14_W);
    to_string(&d)
}

/// Whether `s` is a valid REGON of 9 or 14 digits.
pub fn regon_valid(s: &str) -> bool {
    let Some(d) = digits_of(s) else { return false };
    let check = |d: &[u32], w: &[u32]| {
        let c = weighted(&d[..d.len() - 1], w) % 11;
        (if c == 10 { 0 } else { c }) == d[d.len() - 1]
    };
    match d.len() {
        9 => check(&d, &REGON9_W),
        14 => check(&d[..9], &REGON9_W) && check(&d, &REGON14_W),
        _ => false,
    }
}

// ---- KRS

/// A KRS number: ten digits, zero-padded (the register has no check digit).
pub fn krs(rng: &mut Rng) -> String {
    format!("{:010}", rng.range(1, 1_150_000))
}

/// Whether `s` has the shape of a KRS number.
pub fn krs_valid(s: &str) -> bool {
    s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) && s != "0000000000"
}

// ---- IBAN PL / NRB

/// Settlement numbers' bank parts of real Polish banks (the first four digits).
const BANKS: [&str; 10] = ["1020", "1050", "1090", "1140", "1160", "1240", "1540", "1750", "1870", "2490"];
const SORT_W: [u32; 7] = [3, 9, 7, 1, 3, 9, 7];

fn mod97(digits: &str) -> u32 {
    digits.bytes().fold(0u32, |acc, b| (acc * 10 + (b - b'0') as u32) % 97)
}

/// An NRB: 26 digits (two check digits, an 8-digit sort code with its own check digit, 16 digits).
pub fn nrb(rng: &mut Rng) -> String {
    let bank = *rng.pick(&BANKS[..]);
    let mut sort = digits_of(bank).expect("digits");
    sort.extend((0..3).map(|_| rng.digit() as u32));
    sort.push((10 - weighted(&sort, &SORT_W) % 10) % 10);
    let bban = format!("{}{}", to_string(&sort), (0..16).map(|_| (b'0' + rng.digit()) as char).collect::<String>());
    // ISO 13616: BBAN + "PL00" with letters as numbers (P=25, L=21), check = 98 - n mod 97.
    let check = 98 - mod97(&format!("{bban}252100"));
    format!("{check:02}{bban}")
}

/// An IBAN of a Polish account, without spaces (`PL` + NRB).
pub fn iban(rng: &mut Rng) -> String {
    format!("PL{}", nrb(rng))
}

/// Whether `s` is a valid Polish IBAN (`PL` + 26 digits) or NRB (26 digits); spaces allowed.
pub fn iban_valid(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let nrb = s.strip_prefix("PL").unwrap_or(&s);
    if nrb.len() != 26 || !nrb.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sort = digits_of(&nrb[2..10]).expect("digits");
    if (10 - weighted(&sort[..7], &SORT_W) % 10) % 10 != sort[7] {
        return false;
    }
    mod97(&format!("{}2521{}", &nrb[2..], &nrb[..2])) == 1
}

// ---- VIN

const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const VIN_W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
/// World manufacturer identifiers seen on Polish roads (FCA Tychy, Solaris, Škoda, VW, Toyota…).
const WMI: [&str; 10] = ["SUF", "SUU", "TMB", "WVW", "WBA", "VF1", "ZFA", "JTD", "WF0", "SB1"];
/// Model-year codes (position 10): no I, O, Q, U, Z or 0.
const VIN_YEARS: &[u8] = b"ABCDEFGHJKLMNPRSTVWXY123456789";

fn vin_value(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => (c - b'0') as u32,
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

fn vin_check(v: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (i, c) in v.iter().enumerate() {
        sum += vin_value(*c)? * VIN_W[i];
    }
    let r = sum % 11;
    Some(if r == 10 { b'X' } else { b'0' + r as u8 })
}

/// A VIN with a correct check digit (position 9).
pub fn vin(rng: &mut Rng) -> String {
    let mut v: Vec<u8> = rng.pick(&WMI).as_bytes().to_vec();
    for i in 3..17 {
        let c = match i {
            8 => b'0',
            9 => *rng.pick(VIN_YEARS),
            12..=16 => b'0' + rng.digit(),
            _ => *rng.pick(VIN_CHARS),
        };
        v.push(c);
    }
    v[8] = vin_check(&v).expect("alphabet");
    String::from_utf8(v).expect("ASCII")
}

/// Whether `s` is a VIN with a correct check digit.
pub fn vin_valid(s: &str) -> bool {
    let v = s.as_bytes();
    v.len() == 17 && vin_check(v) == Some(v[8])
}

// ---- registration plates

/// Plate prefixes of real counties and cities, with their voivodeship letter first.
pub const PLATE_PREFIXES: [&str; 40] = [
    "WA", "WB", "WD", "WE", "WF", "WH", "WI", "WJ", "WK", "WN", "WT", "WU", "WW", "WX", "WY", "WPI", "WR", "KR", "KRA", "KN", "PO", "PZ", "GD", "GA", "DW",
    "DWR", "EL", "LU", "SK", "SC", "SG", "BI", "CB", "CT", "FZ", "FG", "NO", "OP", "RZ", "ZS",
];

/// A registration plate (`WA12345`, `KRA1234A`): a real prefix, then digits and letters as the
/// 2000 rules allow (no B, D, I, O or Z in the distinguishing part).
pub fn plate(rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"ACEFGHJKLMNPRSTUVWXY";
    let prefix = *rng.pick(&PLATE_PREFIXES);
    let n = if prefix.len() == 2 { 5 } else { 4 + rng.below(2) as usize };
    let letters_at_end = rng.below(3) as usize; // 0, 1 or 2 trailing letters
    let mut s = String::from(prefix);
    for i in 0..n {
        if i >= n - letters_at_end && i > 0 {
            s.push(*rng.pick(LETTERS) as char);
        } else {
            s.push((b'0' + if i == 0 { 1 + rng.below(9) as u8 } else { rng.digit() }) as char);
        }
    }
    s
}

/// Whether `s` looks like a Polish plate with a known prefix (spaces ignored).
pub fn plate_valid(s: &str) -> bool {
    let s: String = s.chars().filter(|c| *c != ' ').collect();
    (6..=8).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && PLATE_PREFIXES.iter().any(|p| s.starts_with(p) && s[p.len()..].bytes().next().is_some_and(|b| b.is_ascii_digit()))
}

// ---- places, people

/// A city: name, voivodeship, the first two digits of its postal codes and its plate prefix.
#[derive(Debug, Clone, Copy)]
pub struct City {
    /// Name.
    pub name: &'static str,
    /// Voivodeship.
    pub voivodeship: &'static str,
    /// Postal code prefix.
    pub postal: u8,
    /// Plate prefix.
    pub plate: &'static str,
}

/// Cities with their real postal prefixes and plates.
pub const CITIES: [City; 18] = [
    City { name: "Warszawa", voivodeship: "mazowieckie", postal: 0, plate: "WA" },
    City { name: "Kraków", voivodeship: "małopolskie", postal: 30, plate: "KR" },
    City { name: "Łódź", voivodeship: "łódzkie", postal: 90, plate: "EL" },
    City { name: "Wrocław", voivodeship: "dolnośląskie", postal: 50, plate: "DW" },
    City { name: "Poznań", voivodeship: "wielkopolskie", postal: 60, plate: "PO" },
    City { name: "Gdańsk", voivodeship: "pomorskie", postal: 80, plate: "GD" },
    City { name: "Szczecin", voivodeship: "zachodniopomorskie", postal: 70, plate: "ZS" },
    City { name: "Bydgoszcz", voivodeship: "kujawsko-pomorskie", postal: 85, plate: "CB" },
    City { name: "Lublin", voivodeship: "lubelskie", postal: 20, plate: "LU" },
    City { name: "Białystok", voivodeship: "podlaskie", postal: 15, plate: "BI" },
    City { name: "Katowice", voivodeship: "śląskie", postal: 40, plate: "SK" },
    City { name: "Gdynia", voivodeship: "pomorskie", postal: 81, plate: "GA" },
    City { name: "Częstochowa", voivodeship: "śląskie", postal: 42, plate: "SC" },
    City { name: "Rzeszów", voivodeship: "podkarpackie", postal: 35, plate: "RZ" },
    City { name: "Toruń", voivodeship: "kujawsko-pomorskie", postal: 87, plate: "CT" },
    City { name: "Olsztyn", voivodeship: "warmińsko-mazurskie", postal: 10, plate: "NO" },
    City { name: "Opole", voivodeship: "opolskie", postal: 45, plate: "OP" },
    City { name: "Zielona Góra", voivodeship: "lubuskie", postal: 65, plate: "FZ" },
];

/// Streets (names as they follow `ul.`).
pub const STREETS: [&str; 20] = [
    "Marszałkowska",
    "Piękna",
    "Długa",
    "Krakowskie Przedmieście",
    "Adama Mickiewicza",
    "Juliusza Słowackiego",
    "Tadeusza Kościuszki",
    "Polna",
    "Leśna",
    "Ogrodowa",
    "Kwiatowa",
    "Lipowa",
    "Szkolna",
    "Henryka Sienkiewicza",
    "Stefana Żeromskiego",
    "3 Maja",
    "Wojska Polskiego",
    "Józefa Piłsudskiego",
    "Władysława Reymonta",
    "Ignacego Paderewskiego",
];

/// Men's first names.
pub const MALE_NAMES: [&str; 20] = [
    "Jan",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Marcin",
    "Jakub",
    "Adam",
    "Łukasz",
    "Kamil",
    "Mateusz",
    "Wojciech",
    "Marek",
    "Grzegorz",
    "Szymon",
    "Antoni",
    "Filip",
    "Stanisław",
];

/// Women's first names.
pub const FEMALE_NAMES: [&str; 20] = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Zofia",
    "Monika",
    "Natalia",
    "Julia",
    "Hanna",
    "Zuzanna",
    "Alicja",
    "Maja",
    "Wiktoria",
];

/// Surnames in their masculine form (`-ski` becomes `-ska` for women).
pub const SURNAMES: [&str; 24] = [
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Wojciechowski",
    "Kwiatkowski",
    "Krawczyk",
    "Kaczmarek",
    "Piotrowski",
    "Grabowski",
    "Zając",
    "Pawłowski",
    "Michalski",
    "Król",
];

/// Legal forms of companies.
const LEGAL_FORMS: [&str; 5] = ["sp. z o.o.", "S.A.", "sp.j.", "sp.k.", "s.c."];
const TRADES: [&str; 8] = [
    "Usługi Transportowe",
    "Biuro Rachunkowe",
    "Przedsiębiorstwo Budowlane",
    "Zakład Stolarski",
    "Hurtownia Spożywcza",
    "Pracownia Projektowa",
    "Apteka",
    "Usługi Informatyczne",
];

/// `surname` in the form for `sex`.
pub fn surname_for(surname: &str, sex: Sex) -> String {
    if sex == Sex::Male {
        return surname.to_string();
    }
    for (m, f) in [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")] {
        if let Some(stem) = surname.strip_suffix(m) {
            return format!("{stem}{f}");
        }
    }
    surname.to_string()
}

/// ASCII for e-mail local parts and logins: Polish letters folded (ł included).
pub fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            Some(match c {
                'ą' => 'a',
                'ć' => 'c',
                'ę' => 'e',
                'ł' => 'l',
                'ń' => 'n',
                'ó' => 'o',
                'ś' => 's',
                'ź' | 'ż' => 'z',
                'Ą' => 'A',
                'Ć' => 'C',
                'Ę' => 'E',
                'Ł' => 'L',
                'Ń' => 'N',
                'Ó' => 'O',
                'Ś' => 'S',
                'Ź' | 'Ż' => 'Z',
                c if c.is_ascii_alphanumeric() => c,
                ' ' | '-' | '.' => '.',
                _ => return None,
            })
        })
        .collect()
}

/// One invented person with everything about them consistent: the PESEL encodes the birth date
/// and sex, the e-mail is made of the name, the postal code and plate belong to the city.
#[derive(Debug, Clone)]
pub struct Persona {
    /// Sex.
    pub sex: Sex,
    /// First name.
    pub first_name: &'static str,
    /// Surname (in the right form).
    pub last_name: String,
    /// Birth date.
    pub birth: Date,
    /// PESEL.
    pub pesel: String,
    /// City.
    pub city: City,
    /// Street.
    pub street: &'static str,
    /// House number.
    pub house: u32,
    /// Postal code `NN-NNN`.
    pub postal_code: String,
    /// E-mail.
    pub email: String,
    /// Phone `+48 NNN NNN NNN`.
    pub phone: String,
    /// Company name.
    pub company: String,
}

impl Persona {
    /// A new person from `rng`.
    pub fn new(rng: &mut Rng) -> Persona {
        let sex = if rng.chance(0.5) { Sex::Female } else { Sex::Male };
        let first_name = *rng.pick(if sex == Sex::Female { &FEMALE_NAMES } else { &MALE_NAMES });
        let surname = *rng.pick(&SURNAMES[..]);
        let last_name = surname_for(surname, sex);
        let birth = Date::from_julian_day(rng.range(2_426_000, 2_455_000) as i32).expect("in range"); // 1930–2009
        let pesel = pesel(rng, birth, sex);
        let city = *rng.pick(&CITIES);
        let street = *rng.pick(&STREETS);
        let postal_code = postal_code_in(rng, city.postal);
        let email = format!("{}.{}@poczta.example", ascii_fold(first_name), ascii_fold(&last_name)).to_lowercase();
        let phone = format!("+48 {}{:02} {:03} {:03}", rng.pick(&[5u8, 6, 7, 8]), rng.below(100), rng.below(1000), rng.below(1000));
        let company = format!("{} {} {}", rng.pick(&TRADES), last_name, rng.pick(&LEGAL_FORMS));
        Persona { sex, first_name, last_name, birth, pesel, city, street, house: rng.range(1, 180) as u32, postal_code, email, phone, company }
    }

    /// `ul. Polna 12`.
    pub fn street_address(&self) -> String {
        format!("ul. {} {}", self.street, self.house)
    }
}

/// A postal code (`NN-NNN`) starting with `prefix`'s two digits.
pub fn postal_code_in(rng: &mut Rng, prefix: u8) -> String {
    format!("{:02}-{:03}", prefix as u64 + rng.below(2), rng.below(1000))
}

/// Whether `s` is a postal code `NN-NNN`.
pub fn postal_code_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6 && b[2] == b'-' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit())
}

#[cfg(test)]
#[path = "pl_tests.rs"]
mod tests;
