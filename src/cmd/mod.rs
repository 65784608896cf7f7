//! One module per subcommand.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod new;
pub(crate) mod proxy;
pub(crate) mod serve;
