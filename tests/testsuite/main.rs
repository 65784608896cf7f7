#![allow(unreachable_pub, missing_docs)]
//! End-to-end tests of the `katalog` binary on the fixture catalogs under tests/fixtures/.
//! One module per feature; each test reads as the specification of one behaviour.

mod breaking;
mod build;
mod check;
mod corpus;
mod harness;
mod history;
mod hostile;
mod lint;
mod new;
mod serve;
