//! `katalog new api SLUG`: a new API folder that passes `katalog check` once its blanks are
//! filled in. The templates live in the theme (scaffold/), not here.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};

/// What to create.
#[derive(clap::Subcommand)]
pub(crate) enum What {
    /// A new API folder: index.md (front matter + description) and openapi.yaml.
    Api {
        /// The API's id: its folder name, lowercase letters, digits and dashes, stable forever.
        slug: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

pub(crate) fn run(what: What) -> anyhow::Result<ExitCode> {
    let What::Api { slug, content } = what;
    let valid =
        !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && !slug.starts_with('-') && !slug.ends_with('-');
    if !valid {
        bail!("`{slug}` is not a valid API id: use lowercase letters, digits and dashes (e.g. rejestr-szkol)");
    }
    if !content.join("katalog.toml").is_file() {
        bail!("{} is not a content folder (no katalog.toml); pass --content", content.display());
    }
    let dir = content.join("apis").join(&slug);
    if dir.exists() {
        bail!("{} already exists", dir.display());
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, template) in generator::scaffold::api_files() {
        let text = template.replace("{{slug}}", &slug);
        std::fs::write(dir.join(name), text).with_context(|| format!("writing {name}"))?;
    }
    eprintln!("created {}: fill in index.md and openapi.yaml, then run `katalog check`", dir.display());
    Ok(ExitCode::SUCCESS)
}
