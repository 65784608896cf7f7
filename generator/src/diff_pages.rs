//! One page per pair of consecutive versions of an API: the operations added, removed and
//! changed between them, each change named by its rule (`breaking/type-changed`, …) the way
//! `katalog check --base` names it, breaking ones marked. The comparison is `catalog::diff`.

use catalog::diff::{diff, Finding, OpRef, SpecDiff};
use catalog::{Api, ApiVersion};
use minijinja::{context, Value};
use serde::Serialize;

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
    findings: Vec<FindingView<'a>>,
    breaking: bool,
}

/// One change of an operation.
#[derive(Debug, Serialize)]
struct FindingView<'a> {
    /// The rule, a key of the theme's `diff.rule` table.
    rule: &'static str,
    breaking: bool,
    /// The details as `catalog::diff` writes them (in English, like `katalog check`).
    detail: &'a str,
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
        let changed: Vec<OpView<'_>> = d.changed.iter().map(|o| view(o, op(o, &new_vid), findings_of(&d, o))).collect();
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

fn view<'a>(o: &'a OpRef, href: String, findings: Vec<FindingView<'a>>) -> OpView<'a> {
    let breaking = findings.iter().any(|f| f.breaking);
    OpView { href, method: o.method.as_str(), path: &o.path, summary: o.summary.as_deref(), findings, breaking }
}

/// The findings about one changed operation, breaking ones first.
fn findings_of<'a>(d: &'a SpecDiff, o: &OpRef) -> Vec<FindingView<'a>> {
    let name = format!("{} {}", o.method.as_upper(), o.path);
    let mut out: Vec<FindingView<'a>> =
        d.findings.iter().filter(|f: &&Finding| f.operation == name).map(|f| FindingView { rule: f.rule, breaking: f.breaking, detail: &f.message }).collect();
    out.sort_by_key(|f| !f.breaking);
    out
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
