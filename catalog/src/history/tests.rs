//! History from real git repositories made with the `git` command in a temporary folder.

use std::path::Path;
use std::process::Command;

use super::read;
use crate::model::Status;

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let r = Repo { dir: tempfile::tempdir().unwrap() };
        r.git(&["init", "-q", "-b", "main"], 0);
        r
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git with author and committer dates `day` days after 2024-01-01.
    fn git(&self, args: &[&str], day: i64) {
        let date = format!("{} +0000", 1_704_067_200 + day * 86_400);
        let out = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.test")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.test")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn write(&self, rel: &str, text: &str) -> &Repo {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    fn commit(&self, subject: &str, day: i64) {
        self.git(&["add", "-A"], day);
        self.git(&["commit", "-q", "--allow-empty", "-m", subject, "-m", "Body line that is not the subject."], day);
    }
}

fn index(status: &str) -> String {
    format!("---\ntitle: A\nstatus: {status}\n---\nOpis.\n")
}

#[test]
fn a_folder_outside_git_has_an_empty_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/apis/a")).unwrap();
    assert!(read(dir.path(), Path::new("content")).unwrap().apis.is_empty());
}

#[test]
fn a_repository_without_commits_has_an_empty_history() {
    let r = Repo::new();
    r.write("content/apis/a/index.md", &index("proposed"));
    assert!(read(r.path(), Path::new("content")).unwrap().apis.is_empty());
}

#[test]
fn changelog_dates_and_status_timeline_per_api() {
    let r = Repo::new();
    r.write("content/apis/a/index.md", &index("proposed")).write("content/apis/a/openapi.yaml", "openapi: 3.1.0\n");
    r.commit("Propose A", 0);
    r.write("README.md", "readme\n");
    r.commit("Docs only", 2);
    r.write("content/apis/a/openapi.yaml", "openapi: 3.1.1\n");
    r.commit("A: spec 3.1.1", 5);
    r.write("content/apis/b/index.md", &index("production"));
    r.commit("Add B", 7);
    r.write("content/apis/a/index.md", &index("sandbox"));
    r.commit("A goes to the sandbox", 12);
    r.write("content/apis/a/index.md", &index("sandbox").replace("Opis", "Nowy opis"));
    r.commit("A: better text", 13);

    let h = read(r.path(), Path::new("content")).unwrap();
    assert_eq!(h.apis.keys().collect::<Vec<_>>(), ["a", "b"]);
    let a = &h.apis["a"];
    let subjects: Vec<&str> = a.changes.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(subjects, ["A: better text", "A goes to the sandbox", "A: spec 3.1.1", "Propose A"]);
    assert_eq!(a.created.unwrap().to_string(), "2024-01-01T00:00:00Z");
    assert_eq!(a.updated.unwrap().to_string(), "2024-01-14T00:00:00Z");
    assert_eq!(a.changes[0].short.len(), 7);
    assert!(a.changes[0].commit.starts_with(&a.changes[0].short));
    let statuses: Vec<(Status, String)> = a.statuses.iter().map(|s| (s.status, s.time.date().to_string())).collect();
    assert_eq!(statuses, [(Status::Proposed, "2024-01-01".to_string()), (Status::Sandbox, "2024-01-13".to_string())]);
    assert_eq!(a.proposed_to_sandbox_days, Some(12));

    let b = &h.apis["b"];
    assert_eq!(b.changes.len(), 1);
    assert_eq!(b.changes[0].subject, "Add B");
    assert_eq!(b.proposed_to_sandbox_days, None, "B was never proposed");
}

#[test]
fn merged_branches_are_counted_once_and_removals_are_changes() {
    let r = Repo::new();
    r.write("content/apis/a/index.md", &index("proposed")).write("content/apis/b/index.md", &index("prototype"));
    r.commit("Start", 0);
    r.git(&["checkout", "-q", "-b", "feature"], 1);
    r.write("content/apis/b/openapi.yaml", "openapi: 3.0.3\n");
    r.commit("B: add a spec", 1);
    r.git(&["checkout", "-q", "main"], 2);
    r.write("content/apis/a/guide.md", "x\n");
    r.commit("A: guide", 2);
    r.git(&["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"], 3);
    std::fs::remove_dir_all(r.path().join("content/apis/a")).unwrap();
    r.commit("Remove A", 4);

    let h = read(r.path(), Path::new("content")).unwrap();
    let subjects = |id: &str| h.apis[id].changes.iter().map(|c| c.subject.clone()).collect::<Vec<_>>();
    assert_eq!(subjects("b"), ["B: add a spec", "Start"]);
    assert_eq!(subjects("a"), ["Remove A", "A: guide", "Start"]);
}

#[test]
fn content_may_sit_anywhere_in_the_work_tree() {
    let r = Repo::new();
    r.write("site/catalog/apis/x/index.md", &index("pilot"));
    r.commit("X", 0);
    let h = read(r.path(), &r.path().join("site/catalog")).unwrap();
    assert_eq!(h.apis["x"].changes.len(), 1);
    assert_eq!(h.apis["x"].statuses[0].status, Status::Pilot);
    assert!(read(r.path(), Path::new("content")).unwrap().apis.is_empty());
}

#[test]
fn new_versions_come_from_the_specs_info_version() {
    let r = Repo::new();
    let spec = |v: &str| format!("openapi: 3.1.0\ninfo:\n  title: A\n  version: \"{v}\"\npaths: {{}}\n");
    r.write("content/apis/a/index.md", &index("proposed")).write("content/apis/a/openapi.yaml", &spec("1.0"));
    r.commit("Propose A", 0);
    r.write("content/apis/a/openapi.yaml", &spec("1.0").replace("title: A", "title: A!"));
    r.commit("A: title", 1);
    r.write("content/apis/a/versions/1.0/openapi.yaml", &spec("1.0")).write("content/apis/a/openapi.yaml", &spec("2.0"));
    r.commit("A 2.0", 4);

    let h = read(r.path(), Path::new("content")).unwrap();
    let v: Vec<(String, String)> = h.apis["a"].versions.iter().map(|v| (v.label.clone(), v.time.date().to_string())).collect();
    assert_eq!(v, [("1.0".to_string(), "2024-01-01".to_string()), ("2.0".to_string(), "2024-01-05".to_string())]);
    assert!(!h.shallow);
}

#[test]
fn a_shallow_clone_says_so_and_claims_no_creation_dates() {
    let r = Repo::new();
    r.write("content/apis/a/index.md", &index("proposed"));
    r.commit("Propose A", 0);
    r.write("content/apis/a/index.md", &index("sandbox"));
    r.commit("A: sandbox", 5);
    r.write("content/apis/b/index.md", &index("proposed"));
    r.commit("Propose B", 6);
    r.write("content/apis/b/index.md", &index("prototype"));
    r.commit("B: prototype", 9);

    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let out = Command::new("git").args(["clone", "-q", "--depth", "2", &url, "c"]).current_dir(clone.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let h = read(&clone.path().join("c"), Path::new("content")).unwrap();
    assert!(h.shallow);
    // The boundary commit (Propose B) is not known as a change: it has no parent to compare with.
    let a = &h.apis["a"];
    assert!(a.truncated && a.created.is_none() && a.changes.is_empty(), "{a:?}");
    let b = &h.apis["b"];
    assert!(b.truncated);
    let subjects: Vec<&str> = b.changes.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(subjects, ["B: prototype"]);
    assert_eq!(b.statuses.iter().map(|s| s.status).collect::<Vec<_>>(), [Status::Prototype]);
    assert_eq!(b.proposed_to_sandbox_days, None);
}
