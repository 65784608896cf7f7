//! The Katalog server. It reads only what a build wrote (the site folder): it serves the static
//! site in development with live reload; the try-it proxy and the sandbox join it later. It
//! never parses content/ itself.

pub mod site;
