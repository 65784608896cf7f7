//! Operation keys: the stable, URL-safe, unique slug of every operation (from its operationId,
//! else from method and path), so that each operation has a page address that survives edits.

use std::collections::HashSet;

use super::model::Operation;

/// Longest slug, in characters (before a collision suffix).
const MAX_LEN: usize = 80;

/// Lower-case ASCII letters and digits, words joined by `-`; diacritics folded (`ł` too),
/// anything else a separator. At most [`MAX_LEN`] characters.
pub(super) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_LEN));
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if folded.is_empty() {
            dash = !out.is_empty();
            continue;
        }
        for f in folded.chars() {
            if dash {
                out.push('-');
                dash = false;
            }
            out.push(f);
        }
        if out.len() >= MAX_LEN {
            break;
        }
    }
    out.truncate(MAX_LEN);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The ASCII spelling of one lower-case character: itself for `[a-z0-9]`, its base letter(s)
/// for Latin letters with diacritics, and nothing for a separator.
fn fold(c: char) -> &'static str {
    const ASCII: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        let i = ASCII.find(c).unwrap_or(0);
        return &ASCII[i..i + 1];
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

/// Gives every operation its key, in order: the first to claim a slug keeps it, later ones get
/// `-2`, `-3`, … so keys only change when an operation is added before a colliding one.
pub(super) fn assign<'a>(ops: impl Iterator<Item = &'a mut Operation>) {
    let mut used: HashSet<String> = HashSet::new();
    for op in ops {
        let mut base = op.operation_id.as_deref().map(slugify).unwrap_or_default();
        if base.is_empty() {
            base = slugify(&format!("{}-{}", op.method.as_str(), op.path));
        }
        if base.is_empty() {
            base = "operation".to_string();
        }
        let mut key = base.clone();
        let mut n = 2;
        while used.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        used.insert(key.clone());
        op.key = key;
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
