//! The theme: templates, static files and translations. The default theme is embedded in the
//! binary (see build.rs); a theme folder given in [`crate::Options::theme_dir`] overrides any
//! single file of it, by path (`templates/api.html`, `static/style.css`, `i18n/en/ui.toml`), and
//! may add files.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::GenError;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// The files of the theme in use, by path inside the theme folder.
#[derive(Debug, Clone)]
pub(crate) struct Theme {
    files: BTreeMap<String, Cow<'static, [u8]>>,
}

impl Theme {
    /// The embedded default theme, with the files of `dir` (when given) laid over it.
    pub(crate) fn load(dir: Option<&Path>) -> Result<Theme, GenError> {
        let mut files: BTreeMap<String, Cow<'static, [u8]>> = embedded::FILES.iter().map(|(p, b)| ((*p).to_string(), Cow::Borrowed(*b))).collect();
        if let Some(dir) = dir {
            let mut found = Vec::new();
            for part in ["templates", "static", "i18n"] {
                walk(&dir.join(part), &mut found).map_err(|source| GenError::Io { path: dir.join(part), source })?;
            }
            for path in found {
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let bytes = fs::read(&path).map_err(|source| GenError::Io { path: path.clone(), source })?;
                files.insert(rel, Cow::Owned(bytes));
            }
        }
        Ok(Theme { files })
    }

    /// Files whose path starts with `prefix`, sorted by path: (path without the prefix, bytes).
    pub(crate) fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files.range(prefix.to_string()..).take_while(move |(p, _)| p.starts_with(prefix)).map(move |(p, b)| (&p[prefix.len()..], b.as_ref()))
    }
}

/// Every file under `dir` (a missing folder has none).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            out.push(path);
        }
    }
    Ok(())
}
