//! The Katalog model: reads content/ (katalog.toml, institutions, APIs with their OpenAPI
//! specs, initiatives, pages) into a validated, immutable [`Catalog`], with every problem
//! reported as a [`Diagnostic`] that says where it is. Renders nothing.

pub mod diag;
pub mod doc;
pub mod model;
pub mod spec;

pub use diag::{Diagnostic, Severity};
pub use model::*;
