//! What git history and version comparison add to an API's pages: the dates and the changelog
//! on the overview, and which versions follow which (for the pages that show what changed
//! between two consecutive versions). Language-independent values; the words are the theme's.

use catalog::{Api, ApiHistory, ApiVersion};
use minijinja::{context, Value};
use serde::Serialize;

/// Changes listed on the overview; older ones are counted, not listed.
const CHANGELOG_LIMIT: usize = 50;

/// One commit in the changelog.
#[derive(Debug, Serialize)]
struct ChangeView<'a> {
    date: String,
    subject: &'a str,
    short: &'a str,
    /// `<repository>/commit/<id>` when katalog.toml names the repository.
    href: Option<String>,
}

/// The overview's history block, or `None` when the catalog was not read from git.
pub(crate) fn history_view(h: Option<&ApiHistory>, repository: Option<&str>) -> Option<Value> {
    let h = h?;
    let changes: Vec<ChangeView<'_>> = h
        .changes
        .iter()
        .take(CHANGELOG_LIMIT)
        .map(|c| ChangeView {
            date: c.time.date().to_string(),
            subject: &c.subject,
            short: &c.short,
            href: repository.map(|r| format!("{r}/commit/{}", c.commit)),
        })
        .collect();
    Some(context! {
        created => h.created.map(|t| t.date().to_string()),
        updated => h.updated.map(|t| t.date().to_string()),
        truncated => h.truncated,
        changes => changes,
        more => h.changes.len().saturating_sub(CHANGELOG_LIMIT),
    })
}

/// The versions of an API oldest first, by version number (`1.9` before `1.10`), as indices
/// into `api.versions`.
fn by_number(api: &Api) -> Vec<usize> {
    let mut order: Vec<usize> = (0..api.versions.len()).collect();
    order.sort_by(|&a, &b| catalog::compare_versions(&api.versions[a].label, &api.versions[b].label).then(a.cmp(&b)));
    order
}

/// Consecutive versions: (older, newer) for every version that has one before it.
pub(crate) fn consecutive(api: &Api) -> Vec<(&ApiVersion, &ApiVersion)> {
    let order = by_number(api);
    order.windows(2).map(|w| (&api.versions[w[0]], &api.versions[w[1]])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalog::{Change, Timestamp};

    fn change(day: i64, subject: &str) -> Change {
        let commit = format!("{day:0>40}");
        Change { short: commit[..7].to_string(), commit, time: Timestamp(1_704_067_200 + day * 86_400), subject: subject.into() }
    }

    #[test]
    fn changelog_links_commits_only_with_a_repository() {
        let h = ApiHistory {
            created: Some(Timestamp(1_704_067_200)),
            updated: Some(Timestamp(1_704_067_200 + 3 * 86_400)),
            changes: vec![change(3, "Nowa wersja"), change(0, "Dodaj API")],
            ..ApiHistory::default()
        };
        let plain = history_view(Some(&h), None).unwrap();
        assert_eq!(plain.get_attr("created").unwrap().to_string(), "2024-01-01");
        let first = plain.get_attr("changes").unwrap().get_item(&Value::from(0)).unwrap();
        assert_eq!(first.get_attr("subject").unwrap().to_string(), "Nowa wersja");
        assert!(first.get_attr("href").unwrap().is_none());
        let linked = history_view(Some(&h), Some("https://github.com/org/katalog")).unwrap();
        let first = linked.get_attr("changes").unwrap().get_item(&Value::from(0)).unwrap();
        assert_eq!(first.get_attr("href").unwrap().to_string(), format!("https://github.com/org/katalog/commit/{:0>40}", 3));
        assert!(history_view(None, None).is_none());
    }

    #[test]
    fn a_long_changelog_is_cut_and_counted() {
        let h = ApiHistory { changes: (0..70).rev().map(|d| change(d, "x")).collect(), ..ApiHistory::default() };
        let v = history_view(Some(&h), None).unwrap();
        assert_eq!(v.get_attr("changes").unwrap().len(), Some(CHANGELOG_LIMIT));
        assert_eq!(v.get_attr("more").unwrap().as_usize(), Some(20));
    }
}
