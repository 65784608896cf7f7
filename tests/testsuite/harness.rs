//! A small harness: run the binary on a fixture, read what it wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture folder `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A copy of a fixture in a temporary folder, for tests that change it.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join(name);
    copy_dir(&fixture(name), &dst);
    (tmp, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            fs::copy(e.path(), to).unwrap();
        }
    }
}

/// Runs `katalog` with arguments.
pub fn katalog(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_katalog")).args(args).env("NO_COLOR", "1").output().expect("run katalog")
}

/// Both output streams as text.
pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A built site in a temporary folder.
pub struct Site {
    pub _tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub output: Output,
}

impl Site {
    /// Builds `content` with extra arguments.
    pub fn build(content: &Path, extra: &[&str]) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        let mut args = vec!["build", "--content", content.to_str().unwrap(), "--out", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        let output = katalog(&args);
        Site { _tmp: tmp, dir, output }
    }

    /// The text of a file of the site; panics with the list of files when it is missing.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}\nbuild said:\n{}", text(&self.output)))
    }

    /// Whether a file exists.
    pub fn has(&self, rel: &str) -> bool {
        self.dir.join(rel).is_file()
    }

    /// Every file, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out);
        out.sort();
        out
    }
}

/// Files under `root`, relative.
pub fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            walk(root, &e.path(), out);
        } else {
            out.push(e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The JSON diagnostics of `katalog check --format json`.
pub fn check_json(content: &Path) -> (i32, Vec<serde_json::Value>) {
    let o = katalog(&["check", "--content", content.to_str().unwrap(), "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    (o.status.code().unwrap_or(-1), diags)
}

/// The diagnostics about one file or folder, as `rule@line:col` strings.
pub fn rules_for(diags: &[serde_json::Value], file_prefix: &str) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["file"].as_str().unwrap().starts_with(file_prefix))
        .map(|d| match d["pos"].as_object() {
            Some(p) => format!("{}@{}:{}", d["rule"].as_str().unwrap(), p["line"], p["col"]),
            None => d["rule"].as_str().unwrap().to_string(),
        })
        .collect()
}
