//! Specs for unit tests, read by the real loader from YAML written by the test.

use catalog::spec::{Spec, SpecLimits};

/// The normalized spec of a YAML document.
pub(crate) fn spec(yaml: &str) -> Spec {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.yaml"), yaml).unwrap();
    let (loaded, diags) = catalog::spec::load(dir.path(), "openapi.yaml", "test/", &SpecLimits::default());
    loaded.unwrap_or_else(|| panic!("{diags:#?}")).spec
}
