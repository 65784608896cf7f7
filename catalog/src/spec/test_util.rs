//! Helpers for the spec tests: a throw-away API folder with files in it, loaded.

use std::path::Path;

use super::{load, LoadedSpec, SpecLimits};
use crate::diag::Diagnostic;

/// A temporary API folder.
pub(super) struct Folder {
    pub(super) dir: tempfile::TempDir,
}

impl Folder {
    pub(super) fn new() -> Folder {
        Folder { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// Writes `text` to `rel` (parent folders created).
    pub(super) fn file(self, rel: &str, text: &str) -> Folder {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(super) fn load(&self, rel: &str) -> (Option<LoadedSpec>, Vec<Diagnostic>) {
        load(self.dir.path(), rel, "apis/test/", &SpecLimits::default())
    }
}

/// Loads one inline spec as `openapi.yaml`, expecting it to load.
pub(super) fn spec(src: &str) -> (LoadedSpec, Vec<Diagnostic>) {
    let (spec, diags) = Folder::new().file("openapi.yaml", src).load("openapi.yaml");
    (spec.unwrap_or_else(|| panic!("spec did not load: {diags:#?}")), diags)
}

/// Rules of the diagnostics.
pub(super) fn rules(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.rule).collect()
}
