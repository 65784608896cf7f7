//! Strings that match a schema's `pattern`, generated from regex-syntax's parse tree. Anchors
//! and other look-arounds are zero-width, so `^…$` needs no stripping; unbounded repetitions are
//! kept short; classes prefer printable ASCII (`\d` is a Unicode class, but `٣` is no answer a
//! developer expects).

use regex_syntax::hir::{Class, Hir, HirKind};

use super::rng::Rng;

/// Longest string we are willing to build for one pattern.
const MAX_LEN: usize = 4096;

/// A string matching `pattern`, or `None` when it does not parse (or would be absurdly long).
pub fn generate(pattern: &str, rng: &mut Rng) -> Option<String> {
    generate_sized(pattern, rng, (0, None))
}

/// Like [`generate`], stretching or shortening repetitions towards a length in `lengths`
/// (`minLength`, `maxLength`): `^[0-9a-f]+$` with `minLength: 40` gives 40 characters.
pub fn generate_sized(pattern: &str, rng: &mut Rng, lengths: (usize, Option<usize>)) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().nest_limit(64).build().parse(pattern).ok()?;
    let mut out = String::new();
    emit(&hir, rng, &mut out, lengths)?;
    Some(out)
}

/// For an anchored pattern (`^…$`), the shortest and longest strings it matches.
pub fn anchored_lengths(pattern: &str) -> Option<(usize, Option<usize>)> {
    if !(pattern.starts_with('^') || pattern.starts_with("(?i)^")) || !pattern.ends_with('$') || pattern.ends_with("\\$") {
        return None;
    }
    let hir = regex_syntax::ParserBuilder::new().nest_limit(64).build().parse(pattern).ok()?;
    Some((hir.properties().minimum_len()?, hir.properties().maximum_len()))
}

fn emit(h: &Hir, rng: &mut Rng, out: &mut String, lengths: (usize, Option<usize>)) -> Option<()> {
    if out.len() > MAX_LEN {
        return None;
    }
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(Class::Unicode(c)) => {
            let ranges: Vec<(u32, u32)> = c.ranges().iter().map(|r| (r.start() as u32, r.end() as u32)).collect();
            out.push(pick_char(&ranges, rng)?);
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ranges: Vec<(u32, u32)> = c.ranges().iter().map(|r| (r.start() as u32, r.end().min(0x7f) as u32)).filter(|(a, b)| a <= b).collect();
            out.push(pick_char(&ranges, rng)?);
        }
        HirKind::Repetition(r) => {
            let min = r.min;
            let max = r.max.unwrap_or(min.saturating_add(3)).min(min.saturating_add(8));
            let mut n = rng.range(min as i64, max as i64) as u32;
            let unit = r.sub.properties().minimum_len().unwrap_or(1).max(1);
            let have = out.chars().count();
            let hard_max = r.max.unwrap_or(u32::MAX);
            if lengths.0 > have {
                let need = lengths.0.div_ceil(unit).saturating_sub(have / unit) as u32;
                n = n.max(need.min(hard_max));
            }
            if let Some(cap) = lengths.1 {
                let room = (cap.saturating_sub(have) / unit) as u32;
                n = n.min(room.max(min));
            }
            if n as usize > MAX_LEN {
                return None;
            }
            for _ in 0..n {
                emit(&r.sub, rng, out, (0, None))?;
            }
        }
        HirKind::Capture(c) => emit(&c.sub, rng, out, lengths)?,
        HirKind::Concat(parts) => {
            for p in parts {
                emit(p, rng, out, lengths)?;
            }
        }
        HirKind::Alternation(alts) => emit(rng.pick(alts), rng, out, lengths)?,
    }
    Some(())
}

/// A character from the ranges, from their printable-ASCII part when they have one.
fn pick_char(ranges: &[(u32, u32)], rng: &mut Rng) -> Option<char> {
    let ascii: Vec<(u32, u32)> = ranges.iter().map(|&(a, b)| (a.max(0x21), b.min(0x7e))).filter(|(a, b)| a <= b).collect();
    let pool = if !ascii.is_empty() { ascii } else { ranges.iter().copied().filter(|(a, _)| *a != b'\n' as u32).collect() };
    let total: u64 = pool.iter().map(|(a, b)| (b - a + 1) as u64).sum();
    if total == 0 {
        return None;
    }
    let mut k = rng.below(total);
    for (a, b) in pool {
        let size = (b - a + 1) as u64;
        if k < size {
            return char::from_u32(a + k as u32);
        }
        k -= size;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_strings_match_their_patterns() {
        let patterns = [
            r"^\d{10}$",
            r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{4}[0-9]{7}([A-Z0-9]?){0,16}$",
            r"^(PL)?\d{26}$",
            r"^\d{2}-\d{3}$",
            r"[a-z]+@[a-z]+\.pl",
            r"^[A-HJ-NPR-Z0-9]{17}$",
            r"^(FA|KOR|ZAL)\(\d\)$",
            r"^[^\s@]+@[^\s@]+$",
            r"^\p{Lu}\p{Ll}+$",
            r"^[ąćęłńóśźż]{3}$",
            r"^.{5,10}$",
            r"(?i)^ksef-[a-f0-9]{8}$",
        ];
        let mut rng = Rng::new(3);
        for p in patterns {
            let re = regex::Regex::new(p).unwrap();
            for _ in 0..200 {
                let s = generate(p, &mut rng).unwrap_or_else(|| panic!("{p}"));
                assert!(re.is_match(&s), "{p} -> {s:?}");
            }
        }
    }

    #[test]
    fn lengths_stretch_repetitions() {
        let mut rng = Rng::new(5);
        for _ in 0..100 {
            let s = generate_sized("^[0-9a-fA-F]+$", &mut rng, (40, Some(40))).unwrap();
            assert_eq!(s.len(), 40, "{s}");
            let s = generate_sized("^[a-z]*$", &mut rng, (0, Some(2))).unwrap();
            assert!(s.len() <= 2, "{s}");
        }
    }

    #[test]
    fn unusable_patterns_give_up() {
        let mut rng = Rng::new(3);
        assert_eq!(generate(r"(?=a)b", &mut rng), None, "look-ahead is not Rust regex syntax");
        assert_eq!(generate(r"a{100000}", &mut rng), None);
    }
}
