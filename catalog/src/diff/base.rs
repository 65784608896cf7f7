//! `katalog check --base REV`: every API folder that differs between the git revision REV and
//! the content on disk is compared spec by spec. The folder at REV is read from git (blobs
//! written to a temporary folder, so the same spec reader loads both sides); whether a folder
//! changed is decided by hashing the files on disk as git blobs and comparing them with REV's
//! tree — no diff, no checkout.
//!
//! A breaking change is an error unless it is published as a new version: the current spec's
//! `info.version` went up and the old spec stays under `versions/<old version>/`. Changing a
//! version folder that was already published is always an error.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;
use gix::objs::FindExt;
use gix::ObjectId;
use serde::Serialize;

use super::{diff, SpecDiff};
use crate::diag::{Diagnostic, Severity};
use crate::load::{version_id, SPEC_FILES};
use crate::model::Catalog;
use crate::spec::{self, Spec, SpecLimits};

/// Why REV could not be compared with.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    /// The content folder is not in a git repository.
    #[error("{0} is not inside a git repository; --base needs one")]
    NotARepository(PathBuf),
    /// REV does not name a commit.
    #[error("`{rev}` is not a revision of the repository: {message}")]
    BadRevision {
        /// As given.
        rev: String,
        /// What git said.
        message: String,
    },
    /// Anything else git or the file system refused.
    #[error("{0}")]
    Other(String),
}

fn other(e: impl std::fmt::Display) -> BaseError {
    BaseError::Other(e.to_string())
}

/// What happened to one API folder since REV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiState {
    /// New folder.
    Added,
    /// Folder gone.
    Removed,
    /// Something in the folder changed.
    Changed,
}

/// One API folder that differs from REV.
#[derive(Debug, Clone, Serialize)]
pub struct ApiComparison {
    /// Folder name.
    pub id: String,
    /// What happened.
    pub state: ApiState,
    /// `info.version` of the current spec at REV.
    pub old_version: Option<String>,
    /// `info.version` of the current spec now.
    pub new_version: Option<String>,
    /// The current spec at REV against the current spec now (`None` when either side is
    /// missing or did not load).
    pub diff: Option<SpecDiff>,
    /// Version folders present on both sides that changed, with their differences.
    pub versions: Vec<(String, SpecDiff)>,
}

/// The comparison with REV.
#[derive(Debug, Clone, Serialize)]
pub struct BaseReport {
    /// The revision as given.
    pub rev: String,
    /// The commit it resolved to.
    pub commit: String,
    /// API folders that differ, by id.
    pub apis: Vec<ApiComparison>,
    /// Breaking changes as diagnostics (`breaking/…`), with default severities decided.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

/// Compares the content on disk (already loaded as `catalog`) with revision `rev`.
pub fn compare(content: &Path, catalog: &Catalog, rev: &str) -> Result<BaseReport, BaseError> {
    let repo = gix::discover(content).map_err(|_| BaseError::NotARepository(content.to_path_buf()))?;
    let workdir = repo.workdir().ok_or_else(|| other("the repository has no work tree"))?.canonicalize().map_err(other)?;
    let content_abs = content.canonicalize().map_err(other)?;
    let rel = content_abs.strip_prefix(&workdir).map_err(|_| other("the content folder is outside the repository's work tree"))?;
    let commit = repo.rev_parse_single(rev.as_bytes().as_bstr()).map_err(|e| BaseError::BadRevision { rev: rev.to_string(), message: e.to_string() })?.detach();
    let root_tree = repo.find_object(commit).map_err(other)?.peel_to_tree().map_err(other)?.id;
    let odb = &repo.objects;
    let mut buf = Vec::new();
    let mut apis_tree = Some(root_tree);
    for part in rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).chain(["apis".to_string()]) {
        apis_tree = match apis_tree {
            Some(t) => child(odb, t, part.as_bytes(), &mut buf)?.filter(|(_, tree)| *tree).map(|(id, _)| id),
            None => None,
        };
    }
    let old_folders: BTreeMap<String, ObjectId> = match apis_tree {
        Some(t) => entries(odb, t, &mut buf)?.into_iter().filter(|(_, _, tree)| *tree).map(|(n, id, _)| (n, id)).collect(),
        None => BTreeMap::new(),
    };
    let mut on_disk: Vec<String> = fs::read_dir(content.join("apis"))
        .map(|r| {
            r.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    on_disk.sort();

    let tmp = tempfile::tempdir().map_err(other)?;
    let mut report = BaseReport { rev: rev.to_string(), commit: commit.to_hex().to_string(), apis: Vec::new(), diagnostics: Vec::new() };
    let mut names: Vec<&String> = old_folders.keys().chain(on_disk.iter()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let dir = content.join("apis").join(name);
        let new_api = catalog.apis.iter().find(|a| &a.id == name);
        match old_folders.get(name) {
            None => report.apis.push(ApiComparison {
                id: name.clone(),
                state: ApiState::Added,
                old_version: None,
                new_version: new_api.map(|a| a.current().label.clone()),
                diff: None,
                versions: Vec::new(),
            }),
            Some(&old_tree) if !dir.is_dir() => {
                report.apis.push(ApiComparison {
                    id: name.clone(),
                    state: ApiState::Removed,
                    old_version: None,
                    new_version: None,
                    diff: None,
                    versions: Vec::new(),
                });
                let _ = old_tree;
                report.diagnostics.push(
                    Diagnostic::error("breaking/api-removed", format!("apis/{name}"), None, format!("the API folder apis/{name} was removed"))
                        .with_hint("an API's id is forever: keep the folder and set `status: retired` (with a `sunset` date) instead"),
                );
            }
            Some(&old_tree) => {
                if same_as_disk(odb, old_tree, &dir, &mut buf)? {
                    continue;
                }
                let old_dir = tmp.path().join(name);
                extract(odb, old_tree, &old_dir, &mut buf, 0)?;
                let old_current = load_spec(&old_dir, None);
                let old_versions: Vec<(String, Spec)> =
                    version_folders(&old_dir).into_iter().filter_map(|v| load_spec(&old_dir, Some(&v)).map(|s| (v, s))).collect();
                let mut cmp = ApiComparison {
                    id: name.clone(),
                    state: ApiState::Changed,
                    old_version: old_current.as_ref().map(|s| s.info.version.clone()),
                    new_version: new_api.map(|a| a.current().label.clone()),
                    diff: None,
                    versions: Vec::new(),
                };
                if let (Some(old), Some(api)) = (&old_current, new_api) {
                    let d = diff(old, &api.current().spec);
                    let label_unchanged = old.info.version == api.current().label;
                    let kept = api.versions.iter().skip(1).find(|v| v.label == old.info.version || v.id == version_id(&old.info.version));
                    let source = &api.current().source;
                    for f in d.breaking() {
                        let (severity, hint) = if label_unchanged {
                            (
                                Severity::Error,
                                format!(
                                    "publish it as a new version: raise info.version (now {}) and keep the old spec under apis/{name}/versions/{}/",
                                    old.info.version,
                                    version_id(&old.info.version)
                                ),
                            )
                        } else if kept.is_none() {
                            (
                                Severity::Error,
                                format!(
                                    "info.version went from {} to {}; keep the old spec under apis/{name}/versions/{}/ so that its clients still have it",
                                    old.info.version,
                                    api.current().label,
                                    version_id(&old.info.version)
                                ),
                            )
                        } else {
                            (
                                Severity::Warning,
                                format!(
                                    "published as a new version ({} → {}); the old one stays under versions/{}/",
                                    old.info.version,
                                    api.current().label,
                                    version_id(&old.info.version)
                                ),
                            )
                        };
                        let (file, pos) = placed(&api.dir, source, f);
                        report.diagnostics.push(Diagnostic {
                            severity,
                            rule: f.rule,
                            file,
                            pos,
                            message: format!("{}: {} (breaking change since {rev})", f.operation, f.message),
                            hint: Some(hint),
                        });
                    }
                    cmp.diff = Some(d);
                }
                if let Some(api) = new_api {
                    for (v, old_spec) in &old_versions {
                        let Some(now) = api.versions.iter().skip(1).find(|x| &x.id == v) else { continue };
                        let d = diff(old_spec, &now.spec);
                        if d.is_empty() {
                            continue;
                        }
                        for f in d.breaking() {
                            let (file, pos) = placed(&api.dir, &now.source, f);
                            report.diagnostics.push(
                                Diagnostic {
                                    severity: Severity::Error,
                                    rule: f.rule,
                                    file,
                                    pos,
                                    message: format!("{}: {} (in the published version {v})", f.operation, f.message),
                                    hint: None,
                                }
                                .with_hint("a published version does not change: put the change in the current spec, under a new info.version"),
                            );
                        }
                        cmp.versions.push((v.clone(), d));
                    }
                }
                report.apis.push(cmp);
            }
        }
    }
    Ok(report)
}

/// Where to report a finding: on the changed parameter or schema when it is known, otherwise
/// on the operation in the spec file.
fn placed(api_dir: &str, source: &str, f: &super::Finding) -> (String, Option<crate::doc::Pos>) {
    match &f.at {
        Some((rel, pos)) => (format!("{api_dir}/{rel}"), Some(*pos)),
        None => (source.to_string(), f.pos),
    }
}

/// The current spec (`version` = `None`) or the one in `versions/<version>/` of a folder.
fn load_spec(dir: &Path, version: Option<&str>) -> Option<Spec> {
    let sub = version.map(|v| format!("versions/{v}/")).unwrap_or_default();
    let file = SPEC_FILES.iter().find(|f| dir.join(format!("{sub}{f}")).is_file())?;
    let (loaded, _) = spec::load(dir, &format!("{sub}{file}"), "", &SpecLimits::default());
    loaded.map(|l| l.spec)
}

fn version_folders(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir.join("versions"))
        .map(|r| r.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Entries of a tree: (name, id, is a tree).
fn entries(odb: &gix::OdbHandle, tree: ObjectId, buf: &mut Vec<u8>) -> Result<Vec<(String, ObjectId, bool)>, BaseError> {
    let mut out = Vec::new();
    for e in odb.find_tree_iter(&tree, buf).map_err(other)? {
        let e = e.map_err(other)?;
        out.push((e.filename.to_str_lossy().to_string(), e.oid.to_owned(), e.mode.is_tree()));
    }
    Ok(out)
}

fn child(odb: &gix::OdbHandle, tree: ObjectId, name: &[u8], buf: &mut Vec<u8>) -> Result<Option<(ObjectId, bool)>, BaseError> {
    for e in odb.find_tree_iter(&tree, buf).map_err(other)? {
        let e = e.map_err(other)?;
        if e.filename.as_bytes() == name {
            return Ok(Some((e.oid.to_owned(), e.mode.is_tree())));
        }
    }
    Ok(None)
}

/// Whether the folder on disk holds exactly the files of `tree` (compared as git blob ids).
fn same_as_disk(odb: &gix::OdbHandle, tree: ObjectId, dir: &Path, buf: &mut Vec<u8>) -> Result<bool, BaseError> {
    let list = entries(odb, tree, buf)?;
    let mut on_disk: Vec<String> = fs::read_dir(dir).map_err(other)?.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    on_disk.sort();
    let mut names: Vec<&String> = list.iter().map(|(n, _, _)| n).collect();
    names.sort();
    if names.len() != on_disk.len() || names.iter().zip(&on_disk).any(|(a, b)| *a != b) {
        return Ok(false);
    }
    for (name, id, is_tree) in list {
        let path = dir.join(&name);
        if is_tree {
            if !path.is_dir() || !same_as_disk(odb, id, &path, buf)? {
                return Ok(false);
            }
        } else {
            let Ok(data) = fs::read(&path) else { return Ok(false) };
            let hash = gix::objs::compute_hash(id.kind(), gix::objs::Kind::Blob, &data).map_err(other)?;
            if hash != id {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Writes the blobs of `tree` under `dir` (names checked: no `..`, no separators).
fn extract(odb: &gix::OdbHandle, tree: ObjectId, dir: &Path, buf: &mut Vec<u8>, depth: usize) -> Result<(), BaseError> {
    if depth > 16 {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(other)?;
    for (name, id, is_tree) in entries(odb, tree, buf)? {
        if name == "." || name == ".." || name.contains(['/', '\\']) {
            continue;
        }
        let path = dir.join(&name);
        if is_tree {
            extract(odb, id, &path, buf, depth + 1)?;
        } else {
            let mut blob_buf = Vec::new();
            let Ok(blob) = odb.find_blob(&id, &mut blob_buf) else { continue };
            fs::write(&path, blob.data).map_err(other)?;
        }
    }
    Ok(())
}
