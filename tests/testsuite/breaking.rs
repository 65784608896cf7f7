//! `katalog check --base REV`: breaking changes between the specs at a git revision and the
//! specs on disk, in a real git repository built commit by commit.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::*;

/// A git repository holding a copy of a fixture catalog under `content/`, committed.
pub struct Repo {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Repo {
    pub fn with_fixture(name: &str) -> Repo {
        Repo::with_fixture_at(name, None, |_| {})
    }

    /// Like [`Repo::with_fixture`], with `prepare` run on the content folder before the first
    /// commit, and that commit dated `day` days after 2024-01-01 when given.
    pub fn with_fixture_at(name: &str, day: Option<i64>, prepare: impl FnOnce(&Path)) -> Repo {
        let (tmp, copied) = copy_fixture(name);
        let root = tmp.path().join("repo");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::rename(&copied, root.join("content")).unwrap();
        prepare(&root.join("content"));
        let r = Repo { _tmp: tmp, root };
        r.git(&["init", "-q", "-b", "main"]);
        r.commit_at("Initial catalog", day);
        r
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.git_at(args, None)
    }

    /// Runs git; with `day`, author and committer dates are that many days after 2024-01-01.
    pub fn git_at(&self, args: &[&str], day: Option<i64>) -> String {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(&self.root)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.test")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.test")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.root);
        if let Some(day) = day {
            let date = format!("{} +0000", 1_704_067_200 + day * 86_400);
            cmd.env("GIT_AUTHOR_DATE", &date).env("GIT_COMMITTER_DATE", &date);
        }
        let out = cmd.output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    pub fn commit(&self, subject: &str) {
        self.commit_at(subject, None);
    }

    /// Commits everything, dated `day` days after 2024-01-01 when given.
    pub fn commit_at(&self, subject: &str, day: Option<i64>) {
        self.git_at(&["add", "-A"], day);
        self.git_at(&["commit", "-q", "--allow-empty", "-m", subject], day);
    }

    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Replaces `from` by `to` in a file of the catalog (panics when `from` is not there).
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.content().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(p, text.replacen(from, to, 1)).unwrap();
    }

    pub fn copy(&self, from: &str, to: &str) {
        let to = self.content().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(self.content().join(from), to).unwrap();
    }

    /// `katalog check --base REV --format json --summary …`: exit code, diagnostics, summary.
    pub fn check_base(&self, rev: &str) -> (i32, Vec<serde_json::Value>, String) {
        let summary = self.root.join("summary.md");
        let content = self.content();
        let o = katalog(&["check", "--content", content.to_str().unwrap(), "--base", rev, "--format", "json", "--summary", summary.to_str().unwrap()]);
        let diags = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
        (o.status.code().unwrap_or(-1), diags, std::fs::read_to_string(summary).unwrap_or_default())
    }
}

fn breaking(diags: &[serde_json::Value]) -> Vec<(String, String)> {
    diags
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("breaking/"))
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .collect()
}

const POGODA: &str = "apis/pogoda/openapi.yaml";

#[test]
fn nothing_changed_nothing_to_report() {
    let r = Repo::with_fixture("valid");
    let (code, diags, summary) = r.check_base("HEAD");
    assert_eq!(code, 0, "{diags:?}");
    assert!(breaking(&diags).is_empty());
    assert!(summary.contains("No API folder changed."), "{summary}");
    assert!(summary.contains("✅"), "{summary}");
}

#[test]
fn a_breaking_change_without_a_new_version_is_an_error() {
    let r = Repo::with_fixture("valid");
    r.edit(POGODA, "temperatura: {type: [number, \"null\"]}", "wilgotnosc: {type: number}");
    let (code, diags, summary) = r.check_base("HEAD");
    assert_eq!(code, 1);
    assert_eq!(breaking(&diags), [("breaking/response-property-removed".to_string(), "error".to_string())]);
    let d = diags.iter().find(|d| d["rule"] == "breaking/response-property-removed").unwrap();
    assert_eq!(d["file"], POGODA);
    assert!(d["hint"].as_str().unwrap().contains("raise info.version"), "{d}");
    assert!(summary.contains("| Dane pogodowe (`pogoda`) | changed |"), "{summary}");
    assert!(summary.contains("Changed: `GET /stacje/{id}`"), "{summary}");
    assert!(summary.contains("❌"), "{summary}");
}

#[test]
fn a_breaking_change_published_as_a_new_version_is_a_warning() {
    let r = Repo::with_fixture("valid");
    r.copy(POGODA, "apis/pogoda/versions/2.0/openapi.yaml");
    r.edit(POGODA, "version: \"2.0\"", "version: \"3.0\"");
    r.edit(POGODA, "temperatura: {type: [number, \"null\"]}", "wilgotnosc: {type: number}");
    let (code, diags, summary) = r.check_base("HEAD");
    assert_eq!(breaking(&diags), [("breaking/response-property-removed".to_string(), "warning".to_string())]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(summary.contains("2.0 → 3.0"), "{summary}");
}

#[test]
fn a_new_version_that_drops_the_old_spec_is_still_an_error() {
    let r = Repo::with_fixture("valid");
    r.edit(POGODA, "version: \"2.0\"", "version: \"3.0\"");
    r.edit(POGODA, "temperatura: {type: [number, \"null\"]}", "wilgotnosc: {type: number}");
    let (code, diags, _) = r.check_base("HEAD");
    assert_eq!(code, 1);
    let d = diags.iter().find(|d| d["rule"] == "breaking/response-property-removed").unwrap();
    assert!(d["hint"].as_str().unwrap().contains("versions/2.0/"), "{d}");
}

#[test]
fn changing_a_published_version_is_an_error() {
    let r = Repo::with_fixture("valid");
    let old = "apis/pogoda/versions/1.0/openapi.yaml";
    let text = std::fs::read_to_string(r.content().join(old)).unwrap();
    let path = text.lines().find(|l| l.starts_with("  /")).unwrap().to_string();
    r.edit(old, &path, "  /zmienione:");
    let (code, diags, _) = r.check_base("HEAD");
    assert_eq!(code, 1);
    assert!(breaking(&diags).iter().any(|(rule, sev)| rule == "breaking/operation-removed" && sev == "error"), "{diags:#?}");
}

#[test]
fn changes_that_do_not_break_clients_pass() {
    let r = Repo::with_fixture("valid");
    r.edit(POGODA, "summary: Dane stacji", "summary: Dane jednej stacji");
    r.edit(
        POGODA,
        "          schema: {type: integer, exclusiveMinimum: 0}\n",
        "          schema: {type: integer, exclusiveMinimum: 0}\n        - {name: jednostka, in: query, schema: {type: string}}\n",
    );
    r.edit(POGODA, "temperatura: {type: [number, \"null\"]}", "temperatura: {type: [number, \"null\"]}\n                  wilgotnosc: {type: number}");
    r.edit(POGODA, "paths:\n", "paths:\n  /stacje:\n    get:\n      summary: Lista stacji\n      responses:\n        \"200\": {description: ok}\n");
    let (code, diags, summary) = r.check_base("HEAD");
    assert!(breaking(&diags).is_empty(), "{diags:#?}");
    assert_eq!(code, 0, "{diags:#?}");
    assert!(summary.contains("Added: `GET /stacje` — Lista stacji"), "{summary}");
    assert!(summary.contains("+1 −0 ~1"), "{summary}");
}

/// A second operation for the base of the table below: a POST with query parameters (one an
/// enum) and a JSON body with a formatted property.
const POMIARY: &str = "paths:
  /pomiary:
    post:
      operationId: addMeasurement
      summary: Dodaj pomiar
      parameters:
        - name: jednostka
          in: query
          schema: {type: string, enum: [C, F]}
        - name: zrodlo
          in: query
          schema: {type: string}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                wartosc: {type: number}
                czas: {type: string, format: date-time}
      responses:
        \"201\": {description: Zapisano}
";

#[test]
fn every_class_of_breaking_change_is_named() {
    let r = Repo::with_fixture("valid");
    r.edit(POGODA, "paths:\n", POMIARY);
    r.commit("Pogoda: measurements can be sent");
    let base = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    // Each change alone, compared with the base: the rule it must produce. The classes:
    // operation or parameter removed, parameter or property became required, type or format
    // changed, enum value removed, response property removed, security added.
    let cases: &[(&str, &str, &str)] = &[
        ("  /stacje/{id}:\n    get:", "  /stacje/{id}:\n    delete:", "breaking/operation-removed"),
        ("        - name: zrodlo\n          in: query\n          schema: {type: string}\n", "", "breaking/parameter-removed"),
        (
            "        - name: zrodlo\n          in: query\n",
            "        - name: zrodlo\n          in: query\n          required: true\n",
            "breaking/parameter-required",
        ),
        (
            "              type: object\n              properties:\n                wartosc",
            "              type: object\n              required: [wartosc]\n              properties:\n                wartosc",
            "breaking/request-property-required",
        ),
        ("schema: {type: integer, exclusiveMinimum: 0}", "schema: {type: string}", "breaking/type-changed"),
        ("format: date-time", "format: date", "breaking/type-changed"),
        ("enum: [C, F]", "enum: [C]", "breaking/enum-value-removed"),
        ("temperatura: {type: [number, \"null\"]}", "wilgotnosc: {type: number}", "breaking/response-property-removed"),
        ("      responses:\n        \"200\":", "      security: [{klucz: []}]\n      responses:\n        \"200\":", "breaking/security-changed"),
        ("        \"200\":\n          description: Pomiar", "        \"202\":\n          description: Pomiar", "breaking/response-removed"),
    ];
    for &(from, to, rule) in cases {
        r.git(&["checkout", "-q", "--", "."]);
        let text = std::fs::read_to_string(r.content().join(POGODA)).unwrap();
        let mut edited = text.replacen(from, to, 1);
        if rule == "breaking/security-changed" {
            edited.push_str("components:\n  securitySchemes:\n    klucz: {type: apiKey, in: header, name: X-Klucz}\n");
        }
        assert_ne!(edited, text, "{rule}: the edit did not apply");
        std::fs::write(r.content().join(POGODA), edited).unwrap();
        let (code, diags, summary) = r.check_base(&base);
        let found = breaking(&diags);
        assert!(found.iter().any(|(x, sev)| x == rule && sev == "error"), "{rule} (an error: no new version) not in {found:?}");
        assert_eq!(code, 1, "{rule}: a breaking change without a new version fails the check");
        assert!(summary.contains("❌") && summary.contains(&format!("`{rule}`")), "{rule}: the summary names it:\n{summary}");
    }
}

#[test]
fn a_removed_api_folder_is_an_error() {
    let r = Repo::with_fixture("valid");
    std::fs::remove_dir_all(r.content().join("apis/kursy-walut")).unwrap();
    let (code, diags, summary) = r.check_base("HEAD");
    assert_eq!(code, 1);
    assert_eq!(breaking(&diags), [("breaking/api-removed".to_string(), "error".to_string())]);
    assert!(summary.contains("| `kursy-walut` | removed |"), "{summary}");
}

#[test]
fn katalog_toml_can_lower_a_breaking_rule() {
    let r = Repo::with_fixture("valid");
    r.edit(POGODA, "temperatura: {type: [number, \"null\"]}", "wilgotnosc: {type: number}");
    let toml = std::fs::read_to_string(r.content().join("katalog.toml")).unwrap() + "\n[rules]\n\"breaking/response-property-removed\" = \"warning\"\n";
    std::fs::write(r.content().join("katalog.toml"), toml).unwrap();
    let (code, diags, _) = r.check_base("HEAD");
    assert_eq!(breaking(&diags), [("breaking/response-property-removed".to_string(), "warning".to_string())]);
    assert_eq!(code, 0);
}

#[test]
fn a_revision_that_does_not_exist_is_a_clear_failure() {
    let r = Repo::with_fixture("valid");
    let o = katalog(&["check", "--content", r.content().to_str().unwrap(), "--base", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("`no-such-branch` is not a revision"), "{}", text(&o));
}

#[test]
fn a_content_folder_outside_git_cannot_be_compared() {
    let (_tmp, dir) = copy_fixture("valid");
    if in_git(&dir) {
        return;
    }
    let o = katalog(&["check", "--content", dir.to_str().unwrap(), "--base", "HEAD"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not inside a git repository"), "{}", text(&o));
}

/// Whether `dir` is inside some git work tree (a temporary folder normally is not).
pub fn in_git(dir: &Path) -> bool {
    Command::new("git").args(["rev-parse", "--is-inside-work-tree"]).current_dir(dir).output().map(|o| o.status.success()).unwrap_or(false)
}
