//! `server.json` at the site root: what the server (`katalog proxy`, `katalog serve`) needs from
//! katalog.toml and the APIs' front matter, since it reads only the built site — the private
//! ranges the try-it proxy may reach (`[proxy] allow_private`), whether the sandbox answers
//! (`[sandbox] enabled`) and which APIs opted out of it (`sandbox: false`). `format` is the
//! shape's version (proxy/src/config.rs reads it).

use serde_json::json;

use crate::output::Output;
use crate::GenError;

/// The shape's version.
const FORMAT: u64 = 1;

/// Writes `server.json`.
pub(crate) fn write(out: &Output, catalog: &catalog::Catalog) -> Result<(), GenError> {
    let disabled: Vec<&str> = catalog.apis.iter().filter(|a| !a.meta.sandbox).map(|a| a.id.as_str()).collect();
    let doc = json!({
        "format": FORMAT,
        "proxy": {"allow_private": catalog.site.proxy.allow_private},
        "sandbox": {"enabled": catalog.site.sandbox.enabled, "disabled_apis": disabled},
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON always serializes");
    text.push('\n');
    out.write("server.json", text.as_bytes())
}
