//! One page per pair of consecutive versions of an API: the operations added, removed and
//! changed between them, each change named by its rule (`breaking/type-changed`, …) the way
//! `katalog check --base` names it, breaking ones marked, and said in the page's language: where
//! the change is and what it is come as data from `catalog::diff`, the words from the theme
//! (`diff.place.*`, `diff.location.*`, `diff.change.*`).

use catalog::diff::{diff, Detail, Finding, OpRef, Place, SpecDiff};
use catalog::{Api, ApiVersion};
use minijinja::{context, Value};
use serde::Serialize;

use crate::i18n::Strings;
use crate::markdown::escape_into;
use crate::output::Output;
use crate::site::{Site, Written};
use crate::view::Text;
use crate::GenError;

/// An operation in one of the lists.
#[derive(Debug, Serialize)]
struct OpView<'a> {
    href: String,
    method: &'static str,
    path: &'a str,
    summary: Option<&'a str>,
    /// What changed in it (changed operations only).
    findings: Vec<FindingView>,
    breaking: bool,
}

/// One change of an operation.
#[derive(Debug, Serialize)]
struct FindingView {
    /// The rule, a key of the theme's `diff.rule` table.
    rule: &'static str,
    breaking: bool,
    /// Where and what, in the page's language (HTML, escaped here).
    detail: Value,
}

/// The diff pages of every pair of consecutive versions of `api`.
pub(crate) fn write(site: &Site<'_>, out: &Output, api: &Api) -> Result<Vec<Written>, GenError> {
    let mut all = Vec::new();
    for (old, new) in crate::api_history::consecutive(api) {
        all.extend(page(site, out, api, old, new)?);
    }
    Ok(all)
}

fn page(site: &Site<'_>, out: &Output, api: &Api, old: &ApiVersion, new: &ApiVersion) -> Result<Vec<Written>, GenError> {
    let d = diff(&old.spec, &new.spec);
    let u = &site.urls;
    let vid = |v: &ApiVersion| if v.current { None } else { Some(v.id.clone()) };
    let (old_vid, new_vid) = (vid(old), vid(new));
    let breaking = d.breaking().count();
    site.each_lang(out, |l| u.diff(l, &api.id, &old.id, &new.id), true, |lang| {
        let op = |o: &OpRef, v: &Option<String>| u.operation(lang, &api.id, v.as_deref(), &o.key);
        let added: Vec<OpView<'_>> = d.added.iter().map(|o| view(o, op(o, &new_vid), Vec::new())).collect();
        let removed: Vec<OpView<'_>> = d.removed.iter().map(|o| view(o, op(o, &old_vid), Vec::new())).collect();
        let words = &site.strings[lang];
        let changed: Vec<OpView<'_>> = d.changed.iter().map(|o| Ok(view(o, op(o, &new_vid), findings_of(&d, o, words)?))).collect::<Result<_, GenError>>()?;
        let side = |v: &ApiVersion, id: &Option<String>| context! { label => v.label.clone(), href => u.reference(lang, &api.id, id.as_deref()), current => v.current };
        let ctx = context! {
            api_title => Text::of(&api.title, lang),
            api_href => u.api(lang, &api.id),
            old => side(old, &old_vid),
            new => side(new, &new_vid),
            added => added,
            removed => removed,
            changed => changed,
            breaking => breaking,
        };
        Ok(("diff.html", format!("{} {} → {}", api.title.get(lang), old.label, new.label), ctx))
    })
}

fn view(o: &OpRef, href: String, findings: Vec<FindingView>) -> OpView<'_> {
    let breaking = findings.iter().any(|f| f.breaking);
    OpView { href, method: o.method.as_str(), path: &o.path, summary: o.summary.as_deref(), findings, breaking }
}

/// The findings about one changed operation, breaking ones first.
fn findings_of(d: &SpecDiff, o: &OpRef, words: &Strings) -> Result<Vec<FindingView>, GenError> {
    let name = format!("{} {}", o.method.as_upper(), o.path);
    let mut out = Vec::new();
    for f in d.findings.iter().filter(|f: &&Finding| f.operation == name) {
        let detail = Value::from_safe_string(worded(words, &f.detail)?);
        out.push(FindingView { rule: f.rule, breaking: f.breaking, detail });
    }
    out.sort_by_key(|f| !f.breaking);
    Ok(out)
}

/// A finding's detail as HTML in the words of one language: where it is (each step of
/// `diff.place.*`, outermost first, joined by ` › `), then what changed (`diff.change.*`).
/// Names and values from the spec are escaped and set as code.
fn worded(words: &Strings, d: &Detail) -> Result<String, GenError> {
    let word = |key: &str| words.require(key).map_err(|message| GenError::Template { name: "diff.html".into(), message });
    let fill = |key: &str, values: &[(&str, &str)]| -> Result<String, GenError> {
        let text = word(key)?;
        let mut out = String::with_capacity(text.len() + 16);
        escape_into(text, &mut out);
        for (name, value) in values {
            let mut v = String::with_capacity(value.len() + 13);
            match *name {
                "status" | "location" => escape_into(value, &mut v),
                _ => {
                    v.push_str("<code>");
                    escape_into(value, &mut v);
                    v.push_str("</code>");
                }
            }
            out = out.replace(&format!("{{{name}}}"), &v);
        }
        Ok(out)
    };
    let mut steps = Vec::with_capacity(d.place.len());
    for p in &d.place {
        steps.push(match p {
            Place::Parameter { location, name } => fill("diff.place.parameter", &[("location", word(&format!("diff.location.{location}"))?), ("name", name)])?,
            Place::RequestBody { media_type: None } => fill("diff.place.request-body", &[])?,
            Place::RequestBody { media_type: Some(m) } => fill("diff.place.request-body-as", &[("media_type", m)])?,
            Place::Response { status, media_type: None } => fill("diff.place.response", &[("status", status)])?,
            Place::Response { status, media_type: Some(m) } => fill("diff.place.response-as", &[("status", status), ("media_type", m)])?,
            Place::Property { name } => fill("diff.place.property", &[("name", name)])?,
            Place::Items => fill("diff.place.items", &[])?,
        });
    }
    let values: Vec<(&str, &str)> = d.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let change = fill(&format!("diff.change.{}", d.change), &values)?;
    Ok(if steps.is_empty() { change } else { format!("{}: {change}", steps.join(" › ")) })
}

/// The "what changed since the version before" link of each version, by version id.
pub(crate) fn links(site: &Site<'_>, api: &Api, lang: &str) -> Vec<(String, Value)> {
    crate::api_history::consecutive(api)
        .into_iter()
        .map(|(old, new)| (new.id.clone(), context! { href => site.urls.diff(lang, &api.id, &old.id, &new.id), from => old.label.clone() }))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::i18n::Strings;
    use crate::theme::Theme;

    #[test]
    fn every_change_and_place_has_words_naming_its_values_in_both_languages() {
        let theme = Theme::load(None).unwrap();
        for lang in ["pl", "en"] {
            let strings = Strings::load(&theme, lang).unwrap();
            for (change, values) in catalog::diff::CHANGES {
                let text = strings.get(&format!("diff.change.{change}")).unwrap_or_else(|| panic!("{lang}: diff.change.{change}"));
                for v in values {
                    assert!(text.contains(&format!("{{{v}}}")), "{lang}: diff.change.{change} does not name {{{v}}}");
                }
            }
            for place in catalog::diff::PLACES {
                assert!(strings.get(&format!("diff.place.{place}")).is_some(), "{lang}: diff.place.{place}");
            }
            for key in [
                "diff.place.request-body-as",
                "diff.place.response-as",
                "diff.location.path",
                "diff.location.query",
                "diff.location.header",
                "diff.location.cookie",
            ] {
                assert!(strings.get(key).is_some(), "{lang}: {key}");
            }
        }
    }

    #[test]
    fn a_detail_reads_in_the_page_language_with_spec_names_escaped() {
        use catalog::diff::{Detail, Place};
        let theme = Theme::load(None).unwrap();
        let d = Detail {
            change: "type-changed",
            place: vec![Place::Response { status: "200".into(), media_type: Some("application/json".into()) }, Place::Property { name: "<kwota>".into() }],
            values: vec![("from", "string".into()), ("to", "integer".into())],
        };
        let pl = super::worded(&Strings::load(&theme, "pl").unwrap(), &d).unwrap();
        let en = super::worded(&Strings::load(&theme, "en").unwrap(), &d).unwrap();
        assert!(pl.contains("odpowiedź 200") && pl.contains("<code>&lt;kwota&gt;</code>") && pl.contains("<code>integer</code>"), "{pl}");
        assert!(en.contains("response 200") && en.contains("<code>&lt;kwota&gt;</code>"), "{en}");
        assert!(!pl.contains('{') && !en.contains('{'), "{pl} / {en}");
        let p = Detail { change: "removed", place: vec![Place::Parameter { location: "query", name: "nip".into() }], values: Vec::new() };
        assert!(super::worded(&Strings::load(&theme, "pl").unwrap(), &p).unwrap().starts_with("parametr zapytania <code>nip</code>"));
    }

    #[test]
    fn every_rule_has_words_in_both_languages() {
        let theme = Theme::load(None).unwrap();
        for lang in ["pl", "en"] {
            let strings = Strings::load(&theme, lang).unwrap();
            for rule in catalog::diff::RULES {
                assert!(strings.get(&format!("diff.rule.{rule}")).is_some(), "{lang}: diff.rule.{rule}");
            }
        }
    }

    #[test]
    fn versions_pair_up_by_number_not_by_folder_order() {
        let mut api = crate::feeds::testkit::catalog().apis.remove(0);
        let mut beta = api.versions[1].clone();
        beta.label = "1.9".into();
        beta.id = "1.9".into();
        api.versions.push(beta);
        // Current 2.0, then 1.10 and 1.9: 1.9 → 1.10 → 2.0.
        let pairs: Vec<(&str, &str)> = crate::api_history::consecutive(&api).into_iter().map(|(a, b)| (a.label.as_str(), b.label.as_str())).collect();
        assert_eq!(pairs, [("1.9", "1.10"), ("1.10", "2.0")]);
    }
}
