//! The Katalog model: reads content/ (katalog.toml, institutions, APIs with their OpenAPI
//! specs, initiatives, pages) into a validated, immutable [`Catalog`], with every problem
//! reported as a [`Diagnostic`] that says where it is. Renders nothing.

mod config;
pub mod diag;
pub mod diff;
pub mod doc;
mod frontmatter;
pub mod history;
mod indent;
pub mod lint;
mod load;
pub mod logo;
pub mod model;
mod relpath;
pub mod spec;
pub mod statement;

pub use diag::{Diagnostic, Severity};
pub use load::{compare_versions, load, version_id, LoadError, Loaded, SPEC_FILES};
pub use model::*;

/// Loads content/ like [`load`] and fills [`Api::history`] from git when the content folder is
/// in a git repository (otherwise every history stays `None`). A repository git cannot read is
/// a warning (`content/history`), not a failure; so is a shallow clone, whose history is
/// incomplete.
pub fn load_with_history(content: &std::path::Path) -> Result<Loaded, LoadError> {
    let mut loaded = load(content)?;
    if let Some(root) = history::discover_root(content) {
        match history::read(&root, content) {
            Ok(h) => {
                if h.shallow {
                    loaded.diagnostics.push(shallow_warning(&h));
                }
                history::attach(&mut loaded.catalog, &h);
            }
            Err(e) => loaded.diagnostics.push(Diagnostic::warning("content/history", "", None, e.to_string())),
        }
    }
    Ok(loaded)
}

fn shallow_warning(h: &history::History) -> Diagnostic {
    let since = h.oldest.map(|t| format!(" (it starts at {})", Timestamp(t).date())).unwrap_or_default();
    Diagnostic::warning(
        "content/history",
        "",
        None,
        format!("the git repository is a shallow clone{since}: API creation dates, older changes and the proposed-to-sandbox times are left out"),
    )
    .with_hint("fetch the whole history with `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)")
}
