//! Writing the site atomically: everything goes to a staging folder beside the target, which
//! replaces the previous site only when the whole build succeeded. An interrupted or failed
//! build leaves the previous site as it was.
//!
//! A file whose bytes the previous site already has is hard-linked from it instead of written:
//! a rebuild writes only what changed, unchanged pages keep their modification time (so their
//! `Last-Modified` and caches stay valid), and deleting the previous site frees only what
//! changed. (On a file system without a journal, creating files soon after deleting many is
//! slow: a rebuild that wrote everything anew spent most of its time there.)

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::GenError;

/// A folder being filled with the files of one build.
#[derive(Debug)]
pub struct Output {
    root: PathBuf,
    /// The site this build replaces, whose unchanged files are reused.
    previous: Option<PathBuf>,
    /// Files and bytes written so far (so the report needs no walk over thousands of files).
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Of those, files linked from the previous site.
    unchanged: AtomicUsize,
}

impl Output {
    /// Writes under `root`, which must exist.
    pub fn new(root: &Path) -> Output {
        Output { root: root.to_path_buf(), previous: None, files: AtomicUsize::new(0), bytes: AtomicU64::new(0), unchanged: AtomicUsize::new(0) }
    }

    /// Writes under `root`, reusing the files of `previous` that have the same bytes.
    pub fn replacing(root: &Path, previous: &Path) -> Output {
        Output { previous: Some(previous.to_path_buf()), ..Output::new(root) }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site), creating folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), GenError> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|p| p == ".."), "{rel}");
        let path = self.root.join(rel);
        let io_err = |source: io::Error| GenError::Io { path: path.clone(), source };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err)?;
        }
        let old = self.previous.as_ref().map(|p| p.join(rel));
        if old.is_some_and(|old| same_file_content(&old, bytes) && fs::hard_link(&old, &path).is_ok()) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            fs::write(&path, bytes).map_err(io_err)?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Files and bytes written through [`Output::write`] so far.
    pub fn written(&self) -> (usize, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// How many of the files written were the previous site's, unchanged.
    pub fn unchanged(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }
}

/// Whether `path` is a regular file (not a link to one) holding exactly `bytes`. The size is
/// compared first: most changed files differ in it, and then nothing is read.
fn same_file_content(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

/// Builds into a fresh staging folder next to `target` and swaps it in when `fill` succeeds.
pub fn atomically<T>(target: &Path, fill: impl FnOnce(&Output) -> Result<T, GenError>) -> Result<T, GenError> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("site");
    fs::create_dir_all(parent).map_err(|source| GenError::Io { path: parent.to_path_buf(), source })?;
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).map_err(|source| GenError::Io { path: staging.clone(), source })?;
    let output = if target.is_dir() && !target.is_symlink() { Output::replacing(&staging, target) } else { Output::new(&staging) };
    let result = fill(&output);
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Two renames: the window in which `target` is missing is as short as the OS allows.
    if target.exists() {
        fs::rename(target, &old).map_err(|source| GenError::Io { path: target.to_path_buf(), source })?;
    }
    fs::rename(&staging, target).map_err(|source| GenError::Io { path: target.to_path_buf(), source })?;
    remove_tree(&old);
    Ok(value)
}

/// Deletes a previous site. Tens of thousands of folders: the entries two levels down are
/// removed in parallel (one thread spent most of a warm rebuild unlinking), then the rest.
fn remove_tree(root: &Path) {
    use rayon::prelude::*;
    let children = |dir: &Path| -> Vec<PathBuf> { fs::read_dir(dir).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default() };
    let grandchildren: Vec<PathBuf> = children(root).into_iter().filter(|c| c.is_dir() && !c.is_symlink()).flat_map(|c| children(&c)).collect();
    grandchildren.par_iter().for_each(|p| remove_any(p));
    let _ = fs::remove_dir_all(root);
}

fn remove_any(p: &Path) {
    let _ = if p.is_dir() && !p.is_symlink() { fs::remove_dir_all(p) } else { fs::remove_file(p) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_replaces_the_first_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        atomically(&site, |o| {
            o.write("apis/a/index.html", b"old")?;
            o.write("apis/a/operations/x/index.html", b"old")?;
            o.write("gone/index.html", b"old")
        })
        .unwrap();
        atomically(&site, |o| o.write("apis/a/index.html", b"new")).unwrap();
        assert_eq!(fs::read(site.join("apis/a/index.html")).unwrap(), b"new");
        assert!(!site.join("gone").exists() && !site.join("apis/a/operations").exists());
        let names: Vec<String> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, vec!["site".to_string()], "no staging or old folder left");
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        atomically(&site, |o| {
            o.write("same/index.html", b"unchanged page")?;
            o.write("other/index.html", b"version one")
        })
        .unwrap();
        let inode = |rel: &str| fs::metadata(site.join(rel)).unwrap().ino();
        let (same, other) = (inode("same/index.html"), inode("other/index.html"));
        let unchanged = atomically(&site, |o| {
            o.write("same/index.html", b"unchanged page")?;
            o.write("other/index.html", b"version two")?;
            Ok(o.unchanged())
        })
        .unwrap();
        assert_eq!(unchanged, 1);
        assert_eq!(inode("same/index.html"), same, "the unchanged file is the previous one, linked");
        assert_ne!(inode("other/index.html"), other, "a changed file is written anew, never in place");
        assert_eq!(fs::read(site.join("same/index.html")).unwrap(), b"unchanged page", "still there after the old site is gone");
        assert_eq!(fs::read(site.join("other/index.html")).unwrap(), b"version two");
        assert_eq!(fs::metadata(site.join("same/index.html")).unwrap().nlink(), 1, "the previous site's link is removed");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_in_the_previous_site_is_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::write(dir.path().join("secret"), b"page").unwrap();
        fs::create_dir_all(site.join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), site.join("a/index.html")).unwrap();
        atomically(&site, |o| o.write("a/index.html", b"page")).unwrap();
        assert!(!fs::symlink_metadata(site.join("a/index.html")).unwrap().file_type().is_symlink());
    }
}
