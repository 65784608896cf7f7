//! Specs for unit tests, read by the real spec loader from text.

use catalog::spec::{SchemaId, Spec, SpecLimits};

/// Loads a spec from YAML or JSON text.
pub(crate) fn spec(text: &str) -> Spec {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.yaml"), text).unwrap();
    let (loaded, diags) = catalog::spec::load(dir.path(), "openapi.yaml", "", &SpecLimits::default());
    loaded.unwrap_or_else(|| panic!("spec does not load: {diags:?}")).spec
}

/// The id of a component schema.
pub(crate) fn component(spec: &Spec, name: &str) -> SchemaId {
    spec.components.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no component {name}")).id
}
