//! The Katalog model.
pub mod doc;
