use super::*;

fn theme() -> Theme {
    Theme::load(None).unwrap()
}

#[test]
fn both_languages_have_the_same_keys() {
    let t = theme();
    let pl = Strings::load(&t, "pl").unwrap();
    let en = Strings::load(&t, "en").unwrap();
    let missing_en: Vec<&str> = pl.keys().into_iter().filter(|k| en.get(k).is_none()).collect();
    let missing_pl: Vec<&str> = en.keys().into_iter().filter(|k| pl.get(k).is_none()).collect();
    assert!(missing_en.is_empty() && missing_pl.is_empty(), "missing in en: {missing_en:?}; missing in pl: {missing_pl:?}");
}

#[test]
fn every_literal_key_in_the_templates_exists() {
    let t = theme();
    let langs = [Strings::load(&t, "pl").unwrap(), Strings::load(&t, "en").unwrap()];
    let mut missing = Vec::new();
    for (name, bytes) in t.under("templates/") {
        let text = std::str::from_utf8(bytes).unwrap();
        for quote in ['"', '\''] {
            let open = format!("t({quote}");
            for (i, _) in text.match_indices(&open) {
                let rest = &text[i + open.len()..];
                let Some(end) = rest.find(quote) else { continue };
                let key = &rest[..end];
                // `t("status." ~ x)` builds the key at render time; the page tests cover those.
                if key.ends_with('.') || rest[end + 1..].trim_start().starts_with('~') {
                    continue;
                }
                for s in &langs {
                    if s.get(key).is_none() {
                        missing.push(format!("{name}: {key}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn a_key_defined_twice_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("i18n/pl")).unwrap();
    std::fs::write(dir.path().join("i18n/pl/extra.toml"), "[nav]\nskip = \"x\"\n").unwrap();
    let t = Theme::load(Some(dir.path())).unwrap();
    let err = Strings::load(&t, "pl").unwrap_err();
    assert!(err.to_string().contains("nav.skip"), "{err}");
}
