//! The Atom feed when the catalog was read with its git history: entries dated by the commits
//! that created an API, raised its version or changed its status.

use catalog::{ApiHistory, Status, StatusChange, Timestamp, VersionChange};

use super::testkit;
use super::tests::{build, check_atom, parse_atom, read, AtomFeed};

/// Seconds since the epoch of `YYYY-MM-DD` at `hour`:00 UTC.
fn at(day: &str, hour: i64) -> Timestamp {
    Timestamp(testkit::date(day).0.midnight().assume_utc().unix_timestamp() + hour * 3600)
}

fn status(s: Status, day: &str) -> StatusChange {
    StatusChange { status: s, commit: format!("{:0>40}", day.replace('-', "")), time: at(day, 10) }
}

fn version(label: &str, day: &str) -> VersionChange {
    VersionChange { label: label.into(), commit: format!("{:0>40}", day.replace('-', "")), time: at(day, 10) }
}

/// (id, updated, title) of every entry, in feed order.
fn entries(feed: &AtomFeed) -> Vec<(String, String, String)> {
    let pick = |name: &str| feed.texts.iter().filter(|(p, _)| p == &format!("feed/entry/{name}")).map(|(_, t)| t.clone()).collect::<Vec<_>>();
    let (ids, updated, titles) = (pick("id"), pick("updated"), pick("title"));
    ids.into_iter().zip(updated).zip(titles).map(|((i, u), t)| (i.trim_start_matches("tag:katalog-api.gov.pl,2025:").to_string(), u, t)).collect()
}

fn with_history() -> catalog::Catalog {
    let mut c = testkit::catalog();
    let ksef = c.apis.iter_mut().find(|a| a.id == "ksef").unwrap();
    ksef.history = Some(ApiHistory {
        created: Some(at("2021-03-01", 10)),
        updated: Some(at("2023-05-05", 10)),
        statuses: vec![status(Status::Proposed, "2021-03-01"), status(Status::Sandbox, "2021-06-01"), status(Status::Production, "2022-01-01")],
        // 1.11 is no longer published: no entry for it.
        versions: vec![version("1.10", "2021-03-01"), version("1.11", "2021-09-01"), version("2.0", "2023-05-05")],
        ..ApiHistory::default()
    });
    let old = c.apis.iter_mut().find(|a| a.id == "stare-api").unwrap();
    old.history = Some(ApiHistory {
        created: Some(at("2016-01-04", 9)),
        statuses: vec![status(Status::Production, "2016-01-04"), status(Status::Retired, "2024-07-01")],
        ..ApiHistory::default()
    });
    c
}

#[test]
fn history_dates_the_entries_and_adds_versions_and_status_changes() {
    let dir = build(&with_history());
    let feed = parse_atom(&read(&dir, "feed.atom"));
    check_atom(&feed);
    let all = entries(&feed);
    let of =
        |api: &str| all.iter().filter(|(id, _, _)| id.starts_with(&format!("apis/{api}/"))).map(|(id, u, _)| (id.as_str(), u.as_str())).collect::<Vec<_>>();
    assert_eq!(
        of("ksef"),
        [
            ("apis/ksef/versions/2.0", "2023-05-05T00:00:00Z"),
            ("apis/ksef/status/production", "2022-01-01T00:00:00Z"),
            ("apis/ksef/status/sandbox", "2021-06-01T00:00:00Z"),
            ("apis/ksef/added", "2021-03-01T00:00:00Z"),
        ],
        "from git, not from `since: 2022-01-01`; the version and status it was created with are part of `added`"
    );
    assert_eq!(of("stare-api"), [("apis/stare-api/retired", "2024-07-01T00:00:00Z"), ("apis/stare-api/added", "2016-01-04T00:00:00Z")]);
    // APIs without history keep their front-matter entries.
    assert!(all.iter().any(|(id, u, _)| id == "apis/nbp/added" && u == "2015-02-01T00:00:00Z"), "{all:?}");
    let titles: Vec<&str> = all.iter().map(|(_, _, t)| t.as_str()).collect();
    assert!(titles.contains(&"API ksef – zażółć: status „Piaskownica”"), "{titles:?}");
    assert!(titles.contains(&"API ksef – zażółć: nowa wersja 2.0"), "{titles:?}");
    let en = parse_atom(&read(&dir, "en/feed.atom"));
    check_atom(&en);
    assert!(entries(&en).iter().any(|(_, _, t)| t == "API ksef: status changed to “Sandbox”"), "{:?}", entries(&en));
}

#[test]
fn a_status_reached_twice_is_one_entry_with_a_stable_id() {
    let mut c = with_history();
    let ksef = c.apis.iter_mut().find(|a| a.id == "ksef").unwrap();
    let h = ksef.history.as_mut().unwrap();
    h.statuses.push(status(Status::Deprecated, "2024-02-01"));
    h.statuses.push(status(Status::Production, "2024-03-01"));
    let dir = build(&c);
    let feed = parse_atom(&read(&dir, "feed.atom"));
    check_atom(&feed);
    let ids: Vec<String> = entries(&feed).into_iter().map(|(id, _, _)| id).filter(|id| id.starts_with("apis/ksef/")).collect();
    assert_eq!(ids.iter().filter(|id| *id == "apis/ksef/status/production").count(), 1, "{ids:?}");
    assert!(ids.contains(&"apis/ksef/deprecated".to_string()));
}

#[test]
fn a_truncated_history_falls_back_to_front_matter_for_what_it_does_not_know() {
    let mut c = testkit::catalog();
    let ksef = c.apis.iter_mut().find(|a| a.id == "ksef").unwrap();
    // A shallow clone: no creation, and the first recorded status is a real change.
    ksef.history = Some(ApiHistory { truncated: true, statuses: vec![status(Status::Production, "2024-02-01")], ..ApiHistory::default() });
    let dir = build(&c);
    let feed = parse_atom(&read(&dir, "feed.atom"));
    check_atom(&feed);
    let all = entries(&feed);
    assert!(all.iter().any(|(id, u, _)| id == "apis/ksef/added" && u == "2022-01-01T00:00:00Z"), "since, as without history: {all:?}");
    assert!(all.iter().any(|(id, u, _)| id == "apis/ksef/status/production" && u == "2024-02-01T00:00:00Z"), "{all:?}");
}
