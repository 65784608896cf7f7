//! History from git in the model: `catalog::load_with_history` fills `Api::history`, which is
//! what the pages (changelog, Atom feed of changes, the proposed-to-sandbox KPI) are built from.

use crate::breaking::Repo;

#[test]
fn each_api_gets_its_changelog_and_dates() {
    let r = Repo::with_fixture("valid");
    r.edit("apis/pogoda/openapi.yaml", "summary: Dane stacji", "summary: Dane jednej stacji");
    r.commit("Pogoda: clearer summary");
    r.edit("apis/kursy-walut/index.md", "status: pilot", "status: deprecated\nsunset: 2030-01-01");
    r.commit("Kursy walut: deprecated");

    let loaded = catalog::load_with_history(&r.content()).unwrap();
    let api = |id: &str| loaded.catalog.apis.iter().find(|a| a.id == id).unwrap();
    let pogoda = api("pogoda").history.as_ref().unwrap();
    let subjects: Vec<&str> = pogoda.changes.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(subjects, ["Pogoda: clearer summary", "Initial catalog"]);
    assert!(pogoda.created <= pogoda.updated);
    let kursy = api("kursy-walut").history.as_ref().unwrap();
    let statuses: Vec<&str> = kursy.statuses.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(statuses, ["pilot", "deprecated"]);
    assert_eq!(api("rejestr-szkol").history.as_ref().unwrap().changes.len(), 1);

    // The shape the generator reads.
    let json = serde_json::to_value(api("pogoda")).unwrap();
    let h = &json["history"];
    for key in ["created", "updated", "changes", "statuses", "proposed_to_sandbox_days"] {
        assert!(h.get(key).is_some(), "history.{key} missing: {h}");
    }
    let c = &h["changes"][0];
    assert_eq!(c["subject"], "Pogoda: clearer summary");
    assert_eq!(c["short"].as_str().unwrap().len(), 7);
    assert!(c["time"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn without_git_there_is_no_history() {
    let (_tmp, dir) = crate::harness::copy_fixture("valid");
    let loaded = catalog::load_with_history(&dir).unwrap();
    if crate::breaking::in_git(&dir) {
        return;
    }
    assert!(loaded.catalog.apis.iter().all(|a| a.history.is_none()));
}
