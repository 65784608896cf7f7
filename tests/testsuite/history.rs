//! History from git in the model: `catalog::load_with_history` fills `Api::history`, which is
//! what the pages (changelog, Atom feed of changes, the proposed-to-sandbox KPI) are built from.

use crate::breaking::Repo;
use crate::harness::{text, Site};

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

// ---------------------------------------------------------------- the built site

const POGODA_V1: &str = "apis/pogoda/versions/1.0/openapi.yaml";

/// The weather API's story, one commit a step, dated in days after 2024-01-01: proposed on
/// day 0 with its version 1.0, a text edit on day 5, the sandbox on day 12, version 2.0 on day
/// 20 (1.0 kept under versions/).
fn weather_story(repository: Option<&str>) -> Repo {
    let repository = repository.map(str::to_string);
    let r = Repo::with_fixture_at("valid", Some(0), |content| {
        let api = content.join("apis/pogoda");
        std::fs::rename(content.join(POGODA_V1), api.join("openapi.yaml")).unwrap();
        std::fs::remove_dir_all(api.join("versions")).unwrap();
        let index = std::fs::read_to_string(api.join("index.md")).unwrap().replace("status: prototype", "status: proposed");
        std::fs::write(api.join("index.md"), index).unwrap();
        if let Some(url) = repository {
            let toml = std::fs::read_to_string(content.join("katalog.toml"))
                .unwrap()
                .replace("publisher = \"men\"", &format!("publisher = \"men\"\nrepository = \"{url}\""));
            std::fs::write(content.join("katalog.toml"), toml).unwrap();
        }
    });
    r.edit("apis/pogoda/index.md", "Dane pogodowe na danych syntetycznych.", "Dane pogodowe ze stacji, na danych syntetycznych.");
    r.commit_at("Pogoda: describe the data", Some(5));
    r.edit("apis/pogoda/index.md", "status: proposed", "status: sandbox");
    r.commit_at("Pogoda: the sandbox is ready", Some(12));
    let fixture_v2 = crate::harness::fixture("valid").join("apis/pogoda/openapi.yaml");
    r.copy("apis/pogoda/openapi.yaml", POGODA_V1);
    std::fs::copy(fixture_v2, r.content().join("apis/pogoda/openapi.yaml")).unwrap();
    r.commit_at("Pogoda 2.0: one station at a time", Some(20));
    r
}

#[test]
fn the_api_page_shows_dates_and_the_changelog() {
    let r = weather_story(None);
    let site = Site::build(&r.content(), &[]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    let page = site.read("apis/pogoda/index.html");
    assert!(page.contains("Dodano do katalogu</dt><dd><time datetime=\"2024-01-01\">"), "created");
    assert!(page.contains("Ostatnia zmiana</dt><dd><time datetime=\"2024-01-21\">"), "last changed");
    let subjects = ["Pogoda 2.0: one station at a time", "Pogoda: the sandbox is ready", "Pogoda: describe the data", "Initial catalog"];
    let at: Vec<usize> = subjects.iter().map(|s| page.find(s).unwrap_or_else(|| panic!("{s} missing from the changelog"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "newest first");
    assert!(page.contains("<time datetime=\"2024-01-13\">2024-01-13</time> <span class=\"subject\">Pogoda: the sandbox is ready</span>"));
    assert!(!page.contains("/commit/"), "no repository in katalog.toml, so no commit links");
    let en = site.read("en/apis/pogoda/index.html");
    assert!(en.contains("Change history") && en.contains("Added to the catalog"));
}

#[test]
fn commits_link_to_the_repository_named_in_katalog_toml() {
    let r = weather_story(Some("https://github.com/example/katalog"));
    let head = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    let site = Site::build(&r.content(), &[]);
    let page = site.read("apis/pogoda/index.html");
    let link = format!("<a class=\"commit\" href=\"https://github.com/example/katalog/commit/{head}\"");
    assert!(page.contains(&link), "no {link}");
    assert!(page.contains(&format!("<code>{}</code>", &head[..7])));
}

#[test]
fn the_statistics_page_shows_time_from_proposed_to_sandbox() {
    let r = weather_story(None);
    let site = Site::build(&r.content(), &[]);
    let stats = site.read("stats/index.html");
    let row = stats.split("<tr>").find(|row| row.contains("Dane pogodowe")).expect("a row for the weather API");
    assert!(row.contains("2024-01-01") && row.contains("2024-01-13"), "{row}");
    assert!(row.contains("<td class=\"num\">12</td>"), "{row}");
    assert!(stats.contains("Mediana (dni)</dt><dd>12</dd>"));
    // The two other APIs entered the catalog at a later stage: not counted.
    assert!(stats.contains("nieliczone): 2"), "{stats}");
}

#[test]
fn an_api_still_waiting_for_its_sandbox_shows_a_dash() {
    let r = weather_story(None);
    let from = r.content().join("apis/rejestr-szkol");
    let to = r.content().join("apis/rejestr-przedszkoli");
    std::fs::create_dir_all(to.join("schemas")).unwrap();
    for f in ["index.md", "openapi.yaml", "schemas/szkola.yaml"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
    r.edit("apis/rejestr-przedszkoli/index.md", "title: Rejestr szkół i placówek", "title: Rejestr przedszkoli");
    r.edit("apis/rejestr-przedszkoli/index.md", "status: production", "status: proposed");
    r.commit_at("Propose the pre-school register", Some(25));
    let site = Site::build(&r.content(), &[]);
    let stats = site.read("stats/index.html");
    let row = stats.split("<tr>").find(|row| row.contains("Rejestr przedszkoli")).expect("a row for the new proposal");
    assert!(row.contains("2024-01-26"), "{row}");
    let dash = "<span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">jeszcze nie</span>";
    assert_eq!(row.matches(dash).count(), 2, "no sandbox date and no days yet, said to screen readers too: {row}");
    assert!(stats.contains("Jeszcze czekają</dt><dd>1</dd>"));
    assert!(stats.contains("Mediana (dni)</dt><dd>12</dd>"), "a waiting API does not move the median");
}

#[test]
fn the_atom_feed_lists_what_history_says() {
    let r = weather_story(None);
    let site = Site::build(&r.content(), &[]);
    let feed = site.read("feed.atom");
    let entry = |id: &str| -> String {
        let tag = format!("<id>tag:example.test,2025:katalog/{id}</id>");
        let start = feed.find(&tag).unwrap_or_else(|| panic!("no entry {id} in\n{feed}"));
        feed[start..].split("</entry>").next().unwrap().to_string()
    };
    assert!(entry("apis/pogoda/versions/2.0").contains("<updated>2024-01-21T00:00:00Z</updated>"));
    assert!(entry("apis/pogoda/status/sandbox").contains("<updated>2024-01-13T00:00:00Z</updated>"));
    assert!(entry("apis/pogoda/added").contains("<updated>2024-01-01T00:00:00Z</updated>"));
    assert!(!feed.contains("apis/pogoda/versions/1.0"), "1.0 came with the API: part of `added`");
    let order: Vec<usize> = ["apis/pogoda/versions/2.0", "apis/pogoda/status/sandbox", "apis/pogoda/added"].iter().map(|id| feed.find(id).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
}

#[test]
fn a_diff_page_between_consecutive_versions_is_linked_from_the_api_page() {
    let r = weather_story(None);
    let site = Site::build(&r.content(), &[]);
    let api = site.read("apis/pogoda/index.html");
    assert!(api.contains("<a href=\"/katalog/apis/pogoda/diff/1.0/2.0/\">Zmiany od wersji 1.0</a>"), "{api}");
    let diff = site.read("apis/pogoda/diff/1.0/2.0/index.html");
    let section =
        |id: &str| diff.split(&format!("id=\"{id}\"")).nth(1).unwrap_or_else(|| panic!("no section {id}")).split("</section>").next().unwrap().to_string();
    assert!(section("added").contains("/stacje/{id}"), "GET /stacje/{{id}} is new");
    assert!(section("removed").contains("<code class=\"path\">/stacje</code>"), "GET /stacje is gone");
    assert!(section("removed").contains("/katalog/apis/pogoda/versions/1.0/operations/"), "removed operations link to the old version");
    assert!(!diff.contains("id=\"changed\""));
    assert!(site.has("en/apis/pogoda/diff/1.0/2.0/index.html"));
}

#[test]
fn changed_operations_name_each_change_and_mark_breaking_ones() {
    let r = Repo::with_fixture("valid");
    // 2.1: the station id becomes a string (breaking), and the response gains a property.
    r.copy("apis/pogoda/openapi.yaml", "apis/pogoda/versions/2.0/openapi.yaml");
    r.edit("apis/pogoda/openapi.yaml", "version: \"2.0\"", "version: \"2.1\"");
    r.edit("apis/pogoda/openapi.yaml", "schema: {type: integer, exclusiveMinimum: 0}", "schema: {type: string}");
    r.edit(
        "apis/pogoda/openapi.yaml",
        "temperatura: {type: [number, \"null\"]}",
        "temperatura: {type: [number, \"null\"]}\n                  wilgotnosc: {type: number}",
    );
    let site = Site::build(&r.content(), &[]);
    let diff = site.read("apis/pogoda/diff/2.0/2.1/index.html");
    let changed = diff.split("id=\"changed\"").nth(1).expect("a changed section");
    assert!(changed.contains("łamie zgodność"));
    assert!(changed.contains("<strong>Zmienił się typ lub format</strong>"), "{changed}");
    // Where and what, in the page's language, with the spec's names as code.
    assert!(changed.contains("parametr ścieżki <code>id</code>: typ <code>integer</code> → <code>string</code>"), "{changed}");
    assert!(changed.contains("Nowe pole: odpowiedź 200 <code>application/json</code> › pole <code>wilgotnosc</code>: dodano"), "{changed}");
    assert!(!changed.contains("lang=\"en\""), "no English left on the Polish page: {changed}");
    let en = site.read("en/apis/pogoda/diff/2.0/2.1/index.html");
    assert!(en.contains("<strong>Type or format changed</strong>: path parameter <code>id</code>: type <code>integer</code> → <code>string</code>"), "{en}");
}

#[test]
fn built_outside_git_the_site_has_no_history_and_says_why() {
    let (_tmp, dir) = crate::harness::copy_fixture("valid");
    if crate::breaking::in_git(&dir) {
        return;
    }
    let site = Site::build(&dir, &[]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    assert!(!site.read("apis/pogoda/index.html").contains("id=\"history\""));
    assert!(site.read("stats/index.html").contains("portal zbudowano poza repozytorium"));
    assert!(site.has("apis/pogoda/diff/1.0/2.0/index.html"), "version diffs need no git");
}

#[test]
fn a_shallow_clone_builds_and_says_its_history_is_incomplete() {
    let r = weather_story(None);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.root.display());
    let o = std::process::Command::new("git").args(["clone", "-q", "--depth", "1", &url, "c"]).current_dir(clone.path()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let site = Site::build(&clone.path().join("c/content"), &[]);
    assert!(site.output.status.success(), "{}", text(&site.output));
    let said = text(&site.output);
    assert!(said.contains("shallow clone") && said.contains("git fetch --unshallow"), "{said}");
    let page = site.read("apis/pogoda/index.html");
    assert!(page.contains("Historia jest niepełna"));
    assert!(!page.contains("Dodano do katalogu"), "the creation date is unknown");
}

#[test]
fn commit_subjects_are_text_not_markup() {
    let r = Repo::with_fixture("valid");
    r.edit("apis/pogoda/index.md", "Dane pogodowe na danych syntetycznych.", "Inny opis.");
    r.commit("Pogoda: <script>alert(1)</script> & <b>bold</b>");
    let site = Site::build(&r.content(), &[]);
    let page = site.read("apis/pogoda/index.html");
    assert!(
        page.contains("Pogoda: &lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; &lt;b&gt;")
            || page.contains("Pogoda: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"),
        "escaped"
    );
    assert!(!page.contains("<script>alert(1)"));
}
