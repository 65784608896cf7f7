//! OpenAPI specs: Swagger 2.0, OpenAPI 3.0 and 3.1 read into one normalized model ([`Spec`]),
//! `$ref`s resolved within the file and to sibling files of the same API folder (never outside
//! it), and the document bundled for publishing.

mod builder;
mod bundle;
mod keys;
mod model;
mod openapi3;
mod read;
mod refs;
mod schema;
mod swagger2;
#[cfg(test)]
mod test_util;
pub mod validate;

pub use model::*;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::doc::Limits;

/// Bounds on what a spec may cost to read.
#[derive(Debug, Clone, Copy)]
pub struct SpecLimits {
    /// Largest spec or sibling file, in bytes.
    pub max_file_bytes: u64,
    /// Limits for each document.
    pub doc: Limits,
    /// Most sibling files one spec may pull in.
    pub max_files: usize,
}

impl Default for SpecLimits {
    fn default() -> Self {
        SpecLimits { max_file_bytes: 25 * 1024 * 1024, doc: Limits::default(), max_files: 200 }
    }
}

/// A spec that was read: normalized, and bundled for publishing.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The normalized model.
    pub spec: Spec,
    /// The published document: sibling-file `$ref`s bundled in, `info.version` a string.
    pub bundled: serde_json::Value,
}

/// Reads the spec `file` (relative to `api_dir`). Diagnostics name files as `display_prefix`
/// followed by the path inside the folder (`apis/ksef/openapi.yaml`). `None` when the spec cannot be used at
/// all (unreadable, not YAML/JSON, not an OpenAPI document); otherwise the spec, with whatever
/// it got wrong reported as diagnostics.
pub fn load(api_dir: &Path, file: &str, display_prefix: &str, limits: &SpecLimits) -> (Option<LoadedSpec>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(mut files) = refs::Files::open(api_dir, file, display_prefix, limits, &mut diags) else { return (None, diags) };
    let Some((dialect, spec_version)) = read::dialect(files.root(), files.display(refs::ROOT), &mut diags) else {
        return (None, diags);
    };
    files.load_siblings(dialect, limits, &mut diags);
    let bundle = bundle::bundle(&files, dialect, limits, &mut diags);

    let mut b = builder::Builder::new(&files, dialect);
    let mut spec = Spec {
        dialect,
        spec_version,
        info: b.info(files.root().get("info")),
        servers: Vec::new(),
        tags: Vec::new(),
        operations: Vec::new(),
        webhooks: Vec::new(),
        security_schemes: Vec::new(),
        security: Vec::new(),
        components: Vec::new(),
        schemas: Vec::new(),
        external_docs: None,
    };
    match dialect {
        Dialect::Swagger2 => b.swagger2(&mut spec),
        Dialect::OpenApi30 | Dialect::OpenApi31 => b.openapi3(&mut spec),
    }
    // Sibling-file schemas the bundle lifted into components are components of the spec too.
    for lifted in &bundle.lifted {
        let id = b.schema(lifted.file, lifted.node);
        let s = &mut b.schemas[id.0 as usize];
        if s.name.is_none() {
            s.name = Some(lifted.name.clone());
        }
        spec.components.push(NamedSchema { name: lifted.name.clone(), id });
    }
    b.drain_schemas();
    builder::Builder::finish(&mut spec);
    spec.schemas = std::mem::take(&mut b.schemas);
    diags.append(&mut b.diags);
    (Some(LoadedSpec { spec, bundled: bundle.json }), diags)
}
