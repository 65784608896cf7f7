//! The Katalog model: reads content/ (katalog.toml, institutions, APIs with their OpenAPI
//! specs, initiatives, pages) into a validated, immutable [`Catalog`], with every problem
//! reported as a [`Diagnostic`] that says where it is. Renders nothing.

mod config;
pub mod diag;
pub mod doc;
mod frontmatter;
mod load;
pub mod model;
pub mod spec;

pub use diag::{Diagnostic, Severity};
pub use load::{compare_versions, load, version_id, LoadError, Loaded, SPEC_FILES};
pub use model::*;
