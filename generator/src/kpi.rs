//! The programme's KPI on the statistics page: for every API that entered the catalog as a
//! proposal, the days from its proposal to its first prototype, sandbox or later stage (read
//! from git by `catalog::history`), and the median over those that got there.

use catalog::Catalog;
use serde::Serialize;

use crate::Urls;

/// One API's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct KpiRow {
    pub(crate) href: String,
    pub(crate) id: String,
    pub(crate) title: String,
    /// The day it was proposed.
    pub(crate) proposed: String,
    /// The day it reached the sandbox stage, if it has.
    pub(crate) reached: Option<String>,
    pub(crate) days: Option<i64>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Kpi {
    /// Whether any API has history at all (the site was built from a git repository).
    pub(crate) has_history: bool,
    pub(crate) rows: Vec<KpiRow>,
    /// APIs that reached the sandbox stage.
    pub(crate) reached: usize,
    /// APIs still waiting.
    pub(crate) waiting: usize,
    /// The median of `days` over the APIs that reached it (`12` or `12.5`).
    pub(crate) median_days: Option<String>,
    /// APIs with history that entered the catalog at a later stage (not counted).
    pub(crate) added_later: usize,
}

/// The KPI in `lang`, rows ordered by the day of the proposal.
pub(crate) fn kpi(catalog: &Catalog, urls: &Urls, lang: &str) -> Kpi {
    let mut rows: Vec<(i64, KpiRow)> = Vec::new();
    let mut added_later = 0;
    let mut has_history = false;
    for api in &catalog.apis {
        let Some(h) = &api.history else { continue };
        has_history = true;
        let Some(proposed) = h.proposed_at else {
            if !h.truncated && h.created.is_some() {
                added_later += 1;
            }
            continue;
        };
        rows.push((
            proposed.0,
            KpiRow {
                href: urls.api(lang, &api.id),
                id: api.id.clone(),
                title: api.title.get(lang).to_string(),
                proposed: proposed.date().to_string(),
                reached: h.sandbox_at.map(|t| t.date().to_string()),
                days: h.proposed_to_sandbox_days,
            },
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let rows: Vec<KpiRow> = rows.into_iter().map(|(_, r)| r).collect();
    let mut days: Vec<i64> = rows.iter().filter_map(|r| r.days).collect();
    days.sort_unstable();
    Kpi { has_history, reached: days.len(), waiting: rows.len() - days.len(), median_days: median(&days), rows, added_later }
}

fn median(sorted: &[i64]) -> Option<String> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let twice = if n % 2 == 1 { 2 * sorted[n / 2] } else { sorted[n / 2 - 1] + sorted[n / 2] };
    Some(if twice % 2 == 0 { (twice / 2).to_string() } else { format!("{}.5", twice / 2) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalog::{ApiHistory, Timestamp};

    const DAY: i64 = 86_400;

    fn history(proposed: Option<i64>, days: Option<i64>) -> ApiHistory {
        ApiHistory {
            created: Some(Timestamp(proposed.unwrap_or(0) * DAY)),
            proposed_at: proposed.map(|d| Timestamp(d * DAY)),
            sandbox_at: proposed.zip(days).map(|(p, d)| Timestamp((p + d) * DAY)),
            proposed_to_sandbox_days: days,
            ..ApiHistory::default()
        }
    }

    #[test]
    fn rows_median_and_the_apis_that_are_not_counted() {
        let mut catalog = crate::feeds::testkit::catalog();
        let n = catalog.apis.len();
        assert!(n >= 4, "the test catalog has {n} APIs");
        catalog.apis[0].history = Some(history(Some(20), Some(10)));
        catalog.apis[1].history = Some(history(Some(5), Some(3)));
        catalog.apis[2].history = Some(history(Some(30), None));
        catalog.apis[3].history = Some(history(None, None));
        let k = kpi(&catalog, &Urls::new("https://example.org"), "en");
        assert!(k.has_history);
        let ids: Vec<&str> = k.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, [catalog.apis[1].id.as_str(), catalog.apis[0].id.as_str(), catalog.apis[2].id.as_str()]);
        assert_eq!((k.reached, k.waiting, k.added_later), (2, 1, 1));
        assert_eq!(k.median_days.as_deref(), Some("6.5"));
        assert_eq!(k.rows[0].proposed, "1970-01-06");
        assert_eq!(k.rows[2].reached, None);
        assert_eq!(k.rows[0].href, "/en/apis/".to_string() + &catalog.apis[1].id + "/");
    }

    #[test]
    fn without_history_there_is_nothing_to_show() {
        let k = kpi(&crate::feeds::testkit::catalog(), &Urls::new("https://example.org"), "pl");
        assert!(!k.has_history && k.rows.is_empty() && k.median_days.is_none());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[1, 2, 9]).as_deref(), Some("2"));
        assert_eq!(median(&[1, 2]).as_deref(), Some("1.5"));
        assert_eq!(median(&[]), None);
    }
}
