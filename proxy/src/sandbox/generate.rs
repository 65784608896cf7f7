//! Data generated from a schema, deterministic for a seed. Formats and well-known property names
//! (`pesel`, `nip`, `kodPocztowy`, `lastName`…) give valid Polish identifiers and plausible Polish
//! people, places and companies; every such guess is checked against the schema with the
//! validator (the same code that checks requests) and dropped when it does not fit. Recursion is
//! bounded: past the second visit of a schema only required properties and minimal arrays follow.

use std::borrow::Cow;
use std::cell::RefCell;

use catalog::spec::{Additional, Schema, SchemaId};
use serde_json::{Map, Number, Value};
use time::{Date, OffsetDateTime};

use super::pl::{self, Persona};
use super::regexgen;
use super::rng::Rng;
use super::validate::{normalize_pattern, Direction, Validator};

/// Nodes one generated value may have: bounds the size of any response.
const BUDGET: usize = 20_000;
const MAX_DEPTH: usize = 24;

/// Generates values for one spec.
pub struct Generator<'a> {
    v: Validator<'a>,
    rng: Rng,
    /// Ignore schema `example`s and `default`s and vary optional parts (Prefer `dynamic=true`).
    dynamic: bool,
    stack: Vec<SchemaId>,
    persona: Option<Persona>,
    budget: usize,
    contradictions: RefCell<Vec<String>>,
    overlaps: usize,
}

fn norm(name: &str) -> String {
    pl::ascii_fold(name).to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// Folds `x` (an allOf member) into `m`; `false` when their types cannot both hold.
fn merge_into(m: &mut Schema, x: &Schema) -> bool {
    let mut consistent = true;
    if m.types.is_empty() {
        m.types = x.types.clone();
    } else if !x.types.is_empty() {
        let both: Vec<String> =
            m.types.iter().filter(|t| x.types.contains(t) || (t.as_str() == "number" && x.types.iter().any(|u| u == "integer"))).cloned().collect();
        if both.is_empty() {
            consistent = false;
        } else {
            m.types = both;
        }
    }
    m.format = m.format.take().or_else(|| x.format.clone());
    if m.enum_values.is_empty() {
        m.enum_values = x.enum_values.clone();
    }
    m.const_value = m.const_value.take().or_else(|| x.const_value.clone());
    m.default = m.default.take().or_else(|| x.default.clone());
    m.example = m.example.take().or_else(|| x.example.clone());
    // A property named by several members must satisfy each of their schemas: all are kept.
    for (n, id) in &x.properties {
        if !m.properties.iter().any(|(k, i)| k == n && i == id) {
            m.properties.push((n.clone(), *id));
        }
    }
    for r in &x.required {
        if !m.required.contains(r) {
            m.required.push(r.clone());
        }
    }
    if m.additional_properties.is_none() {
        m.additional_properties = x.additional_properties.clone();
    }
    m.items = m.items.or(x.items);
    if m.prefix_items.is_empty() {
        m.prefix_items = x.prefix_items.clone();
    }
    if m.one_of.is_empty() {
        m.one_of = x.one_of.clone();
    }
    if m.any_of.is_empty() {
        m.any_of = x.any_of.clone();
    }
    m.discriminator = m.discriminator.take().or_else(|| x.discriminator.clone());
    let max = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let min = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    m.minimum = max(m.minimum, x.minimum);
    m.exclusive_minimum = max(m.exclusive_minimum, x.exclusive_minimum);
    m.maximum = min(m.maximum, x.maximum);
    m.exclusive_maximum = min(m.exclusive_maximum, x.exclusive_maximum);
    m.multiple_of = m.multiple_of.or(x.multiple_of);
    let umax = |a: Option<u64>, b: Option<u64>| a.max(b);
    let umin = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    m.min_length = umax(m.min_length, x.min_length);
    m.max_length = umin(m.max_length, x.max_length);
    m.min_items = umax(m.min_items, x.min_items);
    m.max_items = umin(m.max_items, x.max_items);
    m.min_properties = umax(m.min_properties, x.min_properties);
    m.max_properties = umin(m.max_properties, x.max_properties);
    m.pattern = m.pattern.take().or_else(|| x.pattern.clone());
    m.unique_items |= x.unique_items;
    m.read_only |= x.read_only;
    m.write_only |= x.write_only;
    consistent
}

impl<'a> Generator<'a> {
    /// A generator over `validator`'s spec, seeded.
    pub fn new(validator: Validator<'a>, seed: u64, dynamic: bool) -> Generator<'a> {
        Generator {
            v: validator,
            rng: Rng::new(seed),
            dynamic,
            stack: Vec::new(),
            persona: None,
            budget: BUDGET,
            contradictions: RefCell::new(Vec::new()),
            overlaps: 0,
        }
    }

    /// Where the schemas met so far contradict themselves (no value can satisfy them): a
    /// required property that `additionalProperties: false` forbids, an enum none of whose values
    /// fits the rest of its schema, allOf members of incompatible types, bounds that cross.
    pub fn contradictions(&self) -> Vec<String> {
        self.contradictions.borrow().clone()
    }

    /// How many oneOfs got a value that more than one of their alternatives accepts (their
    /// alternatives overlap and nothing this generator varies tells them apart).
    pub fn overlaps(&self) -> usize {
        self.overlaps
    }

    fn contradiction(&self, id: SchemaId, what: &str) {
        let s = self.schema(id);
        let name = s.name.as_deref().or(s.title.as_deref()).unwrap_or("(inline)");
        let mut c = self.contradictions.borrow_mut();
        if c.len() < 50 && !c.iter().any(|x| x.ends_with(what)) {
            c.push(format!("schema {name}: {what}"));
        }
    }

    /// A value for schema `id`.
    pub fn value(&mut self, id: SchemaId) -> Value {
        self.gen(id, None, 0)
    }

    fn schema(&self, id: SchemaId) -> &'a Schema {
        self.v.spec.schema(id)
    }

    /// The schema with its `allOf` members folded in.
    fn merged(&self, id: SchemaId, depth: usize) -> Cow<'a, Schema> {
        let s = self.schema(id);
        if s.all_of.is_empty() || depth > 8 {
            return Cow::Borrowed(s);
        }
        let mut m = s.clone();
        m.all_of.clear();
        for member in &s.all_of {
            let ms = self.merged(*member, depth + 1);
            if !merge_into(&mut m, &ms) {
                self.contradiction(id, "allOf members of incompatible types");
            }
        }
        Cow::Owned(m)
    }

    fn persona(&mut self) -> &Persona {
        if self.persona.is_none() {
            self.persona = Some(Persona::new(&mut self.rng));
        }
        self.persona.as_ref().expect("just set")
    }

    fn gen(&mut self, id: SchemaId, name: Option<&str>, depth: usize) -> Value {
        self.budget = self.budget.saturating_sub(1);
        let s = self.merged(id, 0);
        if self.budget == 0 || depth > MAX_DEPTH {
            return minimal(&s);
        }
        if let Some(c) = &s.const_value {
            return (**c).clone();
        }
        if !s.enum_values.is_empty() {
            // Specs contradict themselves (`enum: [MALE]` with `maxLength: 1`): values that break
            // the rest of the schema are the last resort.
            let valid: Vec<&Value> = s.enum_values.iter().filter(|v| !v.is_null() && self.v.is_valid(id, v)).collect();
            let non_null: Vec<&Value> = s.enum_values.iter().filter(|v| !v.is_null()).collect();
            if valid.is_empty() && !non_null.is_empty() {
                self.contradiction(id, "no enum value fits the rest of the schema");
            }
            let pool = if !valid.is_empty() {
                valid
            } else if !non_null.is_empty() {
                non_null
            } else {
                s.enum_values.iter().collect()
            };
            return (*self.rng.pick(&pool)).clone();
        }
        if !self.dynamic {
            for ex in [&s.example, &s.default].into_iter().flatten() {
                if self.v.is_valid(id, ex) {
                    return (**ex).clone();
                }
            }
        }
        self.stack.push(id);
        let value = if !s.one_of.is_empty() || !s.any_of.is_empty() { self.gen_alternatives(id, &s, name, depth) } else { self.gen_typed(id, &s, name, depth) };
        self.stack.pop();
        value
    }

    fn gen_alternatives(&mut self, id: SchemaId, s: &Schema, name: Option<&str>, depth: usize) -> Value {
        let branches = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        let start = if self.dynamic { self.rng.below(branches.len() as u64) as usize } else { 0 };
        let mut last = Value::Null;
        for k in 0..branches.len().min(4) {
            let b = branches[(start + k) % branches.len()];
            let mut value = self.gen(b, name, depth + 1);
            if let Value::Object(obj) = &mut value {
                if !s.properties.is_empty() {
                    if let Value::Object(own) = self.gen_object(s, depth) {
                        for (k, v) in own {
                            obj.entry(k).or_insert(v);
                        }
                    }
                }
                if let Some(d) = &s.discriminator {
                    let bname = self.schema(b).name.clone();
                    let tag =
                        d.mapping.iter().find(|(_, r)| bname.as_deref().is_some_and(|n| r.rsplit('/').next() == Some(n))).map(|(k, _)| k.clone()).or(bname);
                    if let Some(tag) = tag {
                        obj.insert(d.property_name.clone(), Value::String(tag));
                    }
                }
            }
            if self.v.is_valid(id, &value) {
                return value;
            }
            last = value;
        }
        // Alternatives that overlap: other optional parts may tell them apart.
        if !self.dynamic && depth < 6 {
            for _ in 0..3 {
                let mut v = Value::Null;
                self.dynamic_once(|g| v = g.gen_alternatives(id, s, name, depth + 1));
                if self.v.is_valid(id, &v) {
                    return v;
                }
            }
        }
        if !s.one_of.is_empty() && s.one_of.iter().filter(|b| self.v.is_valid(**b, &last)).count() > 1 {
            self.overlaps += 1;
        }
        last
    }

    fn pick_type(&mut self, s: &Schema) -> String {
        let concrete: Vec<&String> = s.types.iter().filter(|t| *t != "null").collect();
        if concrete.is_empty() {
            if !s.types.is_empty() {
                return "null".into();
            }
            return if !s.properties.is_empty() || s.additional_properties.is_some() || !s.required.is_empty() {
                "object"
            } else if s.items.is_some() || !s.prefix_items.is_empty() {
                "array"
            } else if s.minimum.is_some() || s.maximum.is_some() || s.multiple_of.is_some() {
                "number"
            } else {
                "string"
            }
            .into();
        }
        if concrete.len() < s.types.len() && self.dynamic && self.rng.chance(0.1) {
            return "null".into();
        }
        let i = if self.dynamic { self.rng.below(concrete.len() as u64) as usize } else { 0 };
        concrete[i].clone()
    }

    fn gen_typed(&mut self, id: SchemaId, s: &Schema, name: Option<&str>, depth: usize) -> Value {
        match self.pick_type(s).as_str() {
            "object" => self.gen_object(s, depth),
            "array" => self.gen_array(s, name, depth),
            "integer" => self.gen_integer(s, name),
            "number" => self.gen_number(s, name),
            "boolean" => Value::Bool(self.rng.chance(0.5)),
            "null" => Value::Null,
            _ => Value::String(self.gen_string(id, s, name)),
        }
    }

    fn recursing(&self) -> bool {
        let Some(top) = self.stack.last() else { return false };
        self.stack.iter().filter(|x| *x == top).count() >= 2
    }

    fn gen_object(&mut self, s: &Schema, depth: usize) -> Value {
        let mut map = Map::with_capacity(s.properties.len());
        let shallow = self.recursing() || depth > 10;
        let dir = self.v.direction;
        for (i, (pname, id)) in s.properties.iter().enumerate() {
            // A name listed more than once (allOf members merged) is decided at its first listing,
            // to fit them all; the common case, listed once, allocates nothing.
            if s.properties[..i].iter().any(|(n, _)| n == pname) {
                continue;
            }
            let again: Vec<SchemaId> = s.properties[i + 1..].iter().filter(|(n, _)| n == pname).map(|(_, id)| *id).collect();
            let skip = std::iter::once(id)
                .chain(&again)
                .map(|listed| self.schema(*listed))
                .any(|p| (dir == Direction::Request && p.read_only) || (dir == Direction::Response && p.write_only));
            let required = s.required.contains(pname);
            if skip || (!required && (shallow || (self.dynamic && self.rng.chance(0.25)))) {
                continue;
            }
            let v = if again.is_empty() {
                self.gen(*id, Some(pname), depth + 1)
            } else {
                let ids: Vec<SchemaId> = std::iter::once(*id).chain(again).collect();
                self.gen_all(&ids, pname, depth + 1)
            };
            map.insert(pname.clone(), v);
        }
        let extra = match &s.additional_properties {
            Some(Additional::Schema(a)) => Some(*a),
            _ => None,
        };
        for r in &s.required {
            if !map.contains_key(r) && !s.properties.iter().any(|(n, _)| n == r) {
                if matches!(s.additional_properties, Some(Additional::Allowed(false))) {
                    if let Some(id) = self.stack.last() {
                        self.contradiction(*id, &format!("{r} is required but additionalProperties is false"));
                    }
                }
                let v = match extra {
                    Some(a) => self.gen(a, Some(r), depth + 1),
                    None => Value::String(self.words(2)),
                };
                map.insert(r.clone(), v);
            }
        }
        let min = s.min_properties.unwrap_or(0) as usize;
        let want = if s.properties.is_empty() && extra.is_some() && !shallow { min.max(1 + self.rng.below(2) as usize) } else { min };
        let mut i = 1;
        while map.len() < want && i < 1000 {
            let key = format!("klucz{i}");
            i += 1;
            if map.contains_key(&key) {
                continue;
            }
            let v = match extra {
                Some(a) => self.gen(a, Some(&key), depth + 1),
                None => Value::String(self.words(1)),
            };
            map.insert(key, v);
        }
        if let Some(max) = s.max_properties.map(|m| m as usize) {
            let optional: Vec<String> = map.keys().filter(|k| !s.required.contains(k)).cloned().collect();
            for k in optional.into_iter().rev() {
                if map.len() <= max {
                    break;
                }
                map.remove(&k);
            }
        }
        Value::Object(map)
    }

    /// A value satisfying every schema in `ids` (one property named by several allOf members).
    fn gen_all(&mut self, ids: &[SchemaId], name: &str, depth: usize) -> Value {
        let mut order = ids.to_vec();
        order.sort_by_key(|i| {
            let s = self.schema(*i);
            std::cmp::Reverse(u8::from(s.const_value.is_some()) * 2 + u8::from(!s.enum_values.is_empty()))
        });
        let mut first = None;
        for id in order {
            let v = self.gen(id, Some(name), depth);
            if ids.iter().all(|j| self.v.is_valid(*j, &v)) {
                return v;
            }
            first.get_or_insert(v);
        }
        self.contradiction(ids[0], &format!("allOf members disagree on property {name}"));
        first.unwrap_or(Value::Null)
    }

    fn gen_array(&mut self, s: &Schema, name: Option<&str>, depth: usize) -> Value {
        let min = s.min_items.unwrap_or(0).min(200) as i64;
        let max = s.max_items.map(|m| m as i64).unwrap_or(i64::MAX).max(min);
        let n = if self.recursing() || depth > 10 {
            min
        } else if self.dynamic {
            self.rng.range(min.max(1), max.min(min.max(1) + 2))
        } else {
            min.max(1).min(max)
        };
        let mut items: Vec<Value> = Vec::with_capacity(n as usize);
        for i in 0..n as usize {
            let Some(item) = s.prefix_items.get(i).copied().or(s.items) else {
                items.push(Value::String(self.words(1)));
                continue;
            };
            // Every element of an array of people is somebody else.
            let saved = self.persona.take();
            let mut v = self.gen(item, name, depth + 1);
            if s.unique_items {
                for _ in 0..8 {
                    if !items.contains(&v) {
                        break;
                    }
                    self.persona = None;
                    self.dynamic_once(|g| v = g.gen(item, name, depth + 1));
                }
            }
            self.persona = saved;
            if s.unique_items && items.contains(&v) && items.len() as i64 >= min {
                break; // fewer distinct values exist than asked for: stop at a valid length
            }
            items.push(v);
        }
        Value::Array(items)
    }

    /// Runs `f` with examples ignored (to get a different value than the example gave).
    fn dynamic_once(&mut self, f: impl FnOnce(&mut Self)) {
        let was = self.dynamic;
        self.dynamic = true;
        f(self);
        self.dynamic = was;
    }

    fn bounds(&self, s: &Schema, default: (f64, f64)) -> (f64, f64) {
        let lo = s.minimum.into_iter().chain(s.exclusive_minimum).fold(f64::NEG_INFINITY, f64::max);
        let hi = s.maximum.into_iter().chain(s.exclusive_maximum).fold(f64::INFINITY, f64::min);
        match (lo.is_finite(), hi.is_finite()) {
            (true, true) => (lo, hi),
            (true, false) => (lo, lo.max(default.0) + (default.1 - default.0)),
            (false, true) => ((hi.min(default.1)) - (default.1 - default.0), hi),
            (false, false) => default,
        }
    }

    fn numeric_default(name: Option<&str>) -> (f64, f64) {
        let n = name.map(norm).unwrap_or_default();
        if n.contains("year") || n == "rok" {
            (1990.0, 2026.0)
        } else if n.contains("age") || n.contains("wiek") {
            (18.0, 90.0)
        } else if n.contains("lat") && !n.contains("plat") || n.contains("szerokosc") {
            (49.0, 54.8)
        } else if n.contains("lon") || n.contains("lng") || n.contains("dlugosc") {
            (14.1, 24.1)
        } else if n.contains("page") || n.contains("strona") {
            (1.0, 10.0)
        } else if n.contains("count") || n.contains("liczba") || n.contains("total") || n.contains("size") {
            (0.0, 100.0)
        } else if n.contains("kwota") || n.contains("amount") || n.contains("price") || n.contains("cena") {
            (10.0, 10_000.0)
        } else {
            (1.0, 1000.0)
        }
    }

    fn gen_integer(&mut self, s: &Schema, name: Option<&str>) -> Value {
        let (mut lo, mut hi) = self.bounds(s, Self::numeric_default(name));
        if s.exclusive_minimum.is_some_and(|m| m >= lo) {
            lo = s.exclusive_minimum.unwrap_or(lo).floor() + 1.0;
        }
        if s.exclusive_maximum.is_some_and(|m| m <= hi) {
            hi = s.exclusive_maximum.unwrap_or(hi).ceil() - 1.0;
        }
        if s.format.as_deref() == Some("int32") {
            lo = lo.max(i32::MIN as f64);
            hi = hi.min(i32::MAX as f64);
        }
        let (lo, hi) = (lo.ceil().clamp(-9.0e15, 9.0e15) as i64, hi.floor().clamp(-9.0e15, 9.0e15) as i64);
        let v = match s.multiple_of.filter(|m| *m >= 1.0 && m.fract() == 0.0) {
            Some(m) => {
                let m = m as i64;
                let (a, b) = (lo.div_euclid(m) + i64::from(lo.rem_euclid(m) != 0), hi.div_euclid(m));
                self.rng.range(a, b.max(a)) * m
            }
            None => self.rng.range(lo, hi.max(lo)),
        };
        Value::Number(v.into())
    }

    fn gen_number(&mut self, s: &Schema, name: Option<&str>) -> Value {
        if s.types.iter().any(|t| t == "integer") && !s.types.iter().any(|t| t == "number") {
            return self.gen_integer(s, name);
        }
        let (lo, hi) = self.bounds(s, Self::numeric_default(name));
        let mut x = if let Some(m) = s.multiple_of.filter(|m| *m > 0.0) {
            let (a, b) = ((lo / m).ceil() as i64, (hi / m).floor() as i64);
            self.rng.range(a, b.max(a)) as f64 * m
        } else {
            let raw = lo + self.rng.unit() * (hi - lo);
            let rounded = (raw * 100.0).round() / 100.0;
            if rounded >= lo && rounded <= hi {
                rounded
            } else {
                raw
            }
        };
        if s.exclusive_minimum.is_some_and(|m| x <= m) || s.exclusive_maximum.is_some_and(|m| x >= m) {
            x = (lo + hi) / 2.0;
        }
        Number::from_f64(x).map(Value::Number).unwrap_or(Value::Number(0.into()))
    }

    fn words(&mut self, n: usize) -> String {
        const WORDS: [&str; 16] = [
            "wniosek",
            "decyzja",
            "rejestr",
            "dokument",
            "urząd",
            "sprawa",
            "dane",
            "usługa",
            "zaświadczenie",
            "płatność",
            "faktura",
            "pojazd",
            "podmiot",
            "adres",
            "termin",
            "opłata",
        ];
        (0..n.max(1)).map(|_| *self.rng.pick(&WORDS)).collect::<Vec<_>>().join(" ")
    }

    fn date(&mut self) -> Date {
        Date::from_julian_day(self.rng.range(2_458_850, 2_461_400) as i32).expect("in range")
        // 2020–2026
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
        let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        let a = (a & 0xffff_ffff_ffff_0fff) | 0x4000;
        format!("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xffff, b >> 48, b & 0xffff_ffff_ffff)
    }

    /// The first guess from the format and the property name, best first, that fits schema
    /// `id`. Guesses are made one at a time: most strings take the first.
    fn guess(&mut self, id: SchemaId, s: &Schema, name: Option<&str>) -> Option<String> {
        macro_rules! offer {
            ($guess:expr) => {{
                let c: String = $guess;
                if self.fits(id, s, &c) {
                    return Some(c);
                }
            }};
        }
        let n = name.map(norm).unwrap_or_default();
        let fmt = s.format.as_deref().map(norm).unwrap_or_default();
        let has = |k: &str| n.contains(k);
        let long_regon = s.min_length.is_some_and(|m| m >= 14) || has("14");
        match fmt.as_str() {
            "date" => {
                let d = if has("birth") || has("urodz") { self.persona().birth } else { self.date() };
                offer!(d.to_string());
            }
            "datetime" => {
                let t = OffsetDateTime::from_unix_timestamp(self.rng.range(1_577_836_800, 1_798_761_600)).expect("in range");
                let t = t.replace_nanosecond(0).unwrap_or(t);
                offer!(t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default());
            }
            "time" => offer!(format!("{:02}:{:02}:{:02}", self.rng.below(24), self.rng.below(60), self.rng.below(60))),
            "email" | "idnemail" => offer!(self.persona().email.clone()),
            "uuid" => offer!(self.uuid()),
            "uri" | "url" | "urireference" | "iri" => offer!(format!("https://przyklad.example/zasoby/{}", self.rng.range(1, 9999))),
            "hostname" => offer!(format!("api{}.przyklad.example", self.rng.below(100))),
            "ipv4" => offer!(format!("192.0.2.{}", self.rng.range(1, 254))),
            "ipv6" => offer!(format!("2001:db8::{:x}", self.rng.range(1, 0xffff))),
            "byte" => offer!(base64(format!("dane-{}", self.rng.below(100_000)).as_bytes())),
            "password" => offer!(format!("Haslo-{}!", self.rng.range(1000, 9999))),
            "pesel" => offer!(self.persona().pesel.clone()),
            "nip" => offer!(pl::nip(&mut self.rng)),
            "regon" => offer!(if long_regon { pl::regon14(&mut self.rng) } else { pl::regon9(&mut self.rng) }),
            "krs" => offer!(pl::krs(&mut self.rng)),
            "iban" => offer!(pl::iban(&mut self.rng)),
            "nrb" => offer!(pl::nrb(&mut self.rng)),
            "vin" => offer!(pl::vin(&mut self.rng)),
            "postalcode" | "kodpocztowy" => offer!(self.persona().postal_code.clone()),
            _ => {}
        }
        if n.is_empty() {
            return None;
        }
        if has("pesel") {
            offer!(self.persona().pesel.clone());
        }
        if n == "nip" || n.starts_with("nip") || n.ends_with("nip") || has("vatid") || has("taxid") {
            offer!(pl::nip(&mut self.rng));
        }
        if has("regon") {
            offer!(if long_regon { pl::regon14(&mut self.rng) } else { pl::regon9(&mut self.rng) });
            offer!(pl::regon14(&mut self.rng));
        }
        if has("krs") {
            offer!(pl::krs(&mut self.rng));
        }
        if has("iban") {
            offer!(pl::iban(&mut self.rng));
        }
        if has("nrb") || has("accountnumber") || has("rachun") || has("bankaccount") || n == "konto" {
            offer!(pl::nrb(&mut self.rng));
            offer!(pl::iban(&mut self.rng));
        }
        if n == "vin" || n.starts_with("vin") || n.ends_with("vin") || has("nadwozi") {
            offer!(pl::vin(&mut self.rng));
        }
        if has("plate") || has("rejestracyj") || has("tablic") || n == "registrationnumber" || n == "nrrej" {
            offer!(pl::plate(&mut self.rng));
        }
        if has("postalcode") || has("zipcode") || n == "zip" || has("postcode") || has("kodpocztowy") {
            offer!(self.persona().postal_code.clone());
        }
        if has("firstname") || has("givenname") || n == "imie" || n == "imiona" {
            offer!(self.persona().first_name.to_string());
        }
        if has("lastname") || has("surname") || has("familyname") || has("nazwisko") {
            offer!(self.persona().last_name.clone());
        }
        if has("fullname") || n == "name" || n == "personname" || has("imieinazwisko") || has("owner") || has("wlasciciel") {
            let p = self.persona();
            offer!(format!("{} {}", p.first_name, p.last_name));
        }
        if has("company") || has("firma") || n == "nazwa" || has("nazwapodmiotu") || has("nazwafirmy") || has("businessname") {
            offer!(self.persona().company.clone());
        }
        if has("city") || has("miasto") || has("miejscowosc") || n == "town" || has("locality") {
            offer!(self.persona().city.name.to_string());
        }
        if has("street") || has("ulica") {
            offer!(self.persona().street_address());
        }
        if has("address") || has("adres") {
            let p = self.persona();
            offer!(format!("{}, {} {}", p.street_address(), p.postal_code, p.city.name));
        }
        if has("voivodeship") || has("wojewodztwo") || has("province") || n == "region" {
            offer!(self.persona().city.voivodeship.to_string());
        }
        if has("countrycode") || n == "country" || n == "kraj" {
            offer!(if s.max_length.is_some_and(|m| m < 6) || has("code") { "PL" } else { "Polska" }.to_string());
            offer!("PL".into());
        }
        if has("email") || n == "mail" {
            offer!(self.persona().email.clone());
        }
        if has("phone") || has("telefon") || n == "tel" || has("mobile") {
            let phone = self.persona().phone.clone();
            offer!(phone.replace(' ', ""));
            offer!(phone);
        }
        if has("currency") || has("waluta") {
            offer!("PLN".into());
        }
        if has("birth") || has("urodz") {
            offer!(self.persona().birth.to_string());
        }
        if n == "sex" || n == "gender" || n == "plec" {
            offer!(if self.persona().sex == pl::Sex::Female { "K" } else { "M" }.to_string());
        }
        if has("language") || has("jezyk") || n == "lang" || n == "locale" {
            offer!("pl".into());
        }
        if has("url") || has("website") || has("link") || n == "href" || has("strona") {
            offer!(format!("https://przyklad.example/{}", self.rng.range(1, 9999)));
        }
        if n == "id" || n.ends_with("id") || n == "uuid" || n == "guid" {
            offer!(self.uuid());
        }
        if has("description") || n == "opis" || has("comment") || has("uwagi") || has("note") {
            offer!(format!("Przykładowy opis: {}.", self.words(3)));
        }
        None
    }

    /// Whether a guess satisfies the string keywords of `s` (merged with allOf), by the validator.
    fn fits(&self, id: SchemaId, s: &Schema, text: &str) -> bool {
        self.v.string_ok(id, &string_part(s), text)
    }

    fn gen_string(&mut self, id: SchemaId, s: &Schema, name: Option<&str>) -> String {
        if let Some(c) = self.guess(id, s, name) {
            return c;
        }
        if let Some(p) = s.pattern.as_deref().map(normalize_pattern) {
            let lengths = (s.min_length.unwrap_or(0) as usize, s.max_length.map(|m| m as usize));
            if let Some((shortest, longest)) = regexgen::anchored_lengths(&p) {
                if longest.is_some_and(|l| l < lengths.0) || lengths.1.is_some_and(|m| shortest > m) {
                    self.contradiction(id, "the pattern's strings are all outside minLength..maxLength");
                }
            }
            for _ in 0..8 {
                match regexgen::generate_sized(&p, &mut self.rng, lengths) {
                    Some(c) if self.fits(id, s, &c) => return c,
                    Some(_) => continue,
                    None => break,
                }
            }
        }
        let min = s.min_length.unwrap_or(0).min(10_000) as usize;
        let max = s.max_length.map(|m| m as usize).unwrap_or(usize::MAX);
        if max < min {
            self.contradiction(id, "minLength is above maxLength");
        }
        let max = max.max(min);
        let mut text = match name {
            Some(n) if !n.is_empty() && n.len() < 40 && self.rng.chance(0.5) => format!("{} {}", n, self.words(1)),
            _ => self.words(2),
        };
        while text.chars().count() < min {
            text.push(' ');
            text.push_str(&self.words(1));
        }
        if text.chars().count() > max {
            text = text.chars().take(max).collect();
            if text.ends_with(' ') {
                text.pop();
                text.push('x');
            }
        }
        text
    }
}

/// Just the string keywords of a schema (so a guess is judged by them alone).
fn string_part(s: &Schema) -> Schema {
    Schema { format: s.format.clone(), min_length: s.min_length, max_length: s.max_length, pattern: s.pattern.clone(), ..Schema::default() }
}

/// The smallest value a schema allows without going deeper (when the budget or depth ran out).
fn minimal(s: &Schema) -> Value {
    if s.types.iter().any(|t| t == "null") {
        return Value::Null;
    }
    match s.types.first().map(String::as_str) {
        Some("array") => Value::Array(Vec::new()),
        Some("string") => Value::String(String::new()),
        Some("integer") | Some("number") => Value::Number(0.into()),
        Some("boolean") => Value::Bool(false),
        _ => Value::Object(Map::new()),
    }
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
