//! The history of every API folder, read from git: when it appeared, when it last changed, the
//! commits that touched it (date, subject, id), how its front-matter `status` moved (for the
//! "time from proposed to sandbox" KPI) and when its spec's `info.version` became a new one.
//!
//! One walk over all commits from HEAD. For each commit only the tree entries of
//! `<content>/apis` are compared with its parent's — two sorted lists merge-joined, subtrees
//! compared by id — so a commit that did not touch `apis/` costs two tree lookups and nothing
//! more, and no diff is ever computed. `index.md` and spec blobs are read only at the commits
//! that changed them. Merges follow git's rule: a folder changed in a merge only when it differs from
//! every parent (otherwise the change belongs to the commits that were merged).
//!
//! Not in a git repository, or no commits yet: an empty history, not an error. A shallow
//! clone gives what its commits tell: the oldest commit's changes are unknown (it has no parent
//! to compare with), so folders that already existed then have no creation date
//! ([`ApiHistory::truncated`]) and [`History::shallow`] says so.

mod blobs;
mod timeline;
mod tree;
mod walk;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use gix::odb::pack::Find as _;
use gix::ObjectId;

use crate::model::{ApiHistory, Catalog};
use timeline::Step;
use walk::{compare_commits, subtree, walk, Touch};

/// The history of every API folder that git knows, by folder name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// By API id (folder name); folders that no longer exist are kept too.
    pub apis: BTreeMap<String, ApiHistory>,
    /// The repository is a shallow clone: history before its oldest commits is missing.
    pub shallow: bool,
    /// Time of the oldest commit read (seconds since the epoch), when there was one.
    pub oldest: Option<i64>,
}

/// Git could not be read (a corrupt repository, a missing object).
#[derive(Debug, thiserror::Error)]
#[error("reading git history: {0}")]
pub struct HistoryError(pub String);

pub(crate) fn err(e: impl std::fmt::Display) -> HistoryError {
    HistoryError(e.to_string())
}

/// The root of the git work tree that holds `dir`, if any.
pub fn discover_root(dir: &Path) -> Option<PathBuf> {
    let repo = gix::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// The git directory (`.git`) of the repository holding `dir`, if any, made absolute.
pub fn git_dir(dir: &Path) -> Option<PathBuf> {
    let repo = gix::discover(dir).ok()?;
    std::fs::canonicalize(repo.git_dir()).ok()
}

/// Whether a change at `path` inside the git directory `git_dir` can move a branch or `HEAD`
/// (a commit, a checkout, a fetch into a local branch), as opposed to the index or objects.
pub fn moves_head(git_dir: &Path, path: &Path) -> bool {
    path == git_dir.join("HEAD") || path == git_dir.join("packed-refs") || path.starts_with(git_dir.join("refs/heads"))
}

/// Attaches each API's history to the catalog (`Api::history`).
pub fn attach(catalog: &mut Catalog, history: &History) {
    for api in &mut catalog.apis {
        api.history = history.apis.get(&api.id).cloned();
    }
}

/// Reads the history of `<content_dir>/apis/*` in the repository at `repo_root`.
/// `content_dir` may be absolute or relative to `repo_root`.
pub fn read(repo_root: &Path, content_dir: &Path) -> Result<History, HistoryError> {
    let Ok(mut repo) = gix::open(repo_root) else { return Ok(History::default()) };
    // Pack locations are asked for below; they must stay valid for the whole read.
    repo.objects.prevent_pack_unload();
    let Some(prefix) = content_prefix(&repo, repo_root, content_dir) else { return Ok(History::default()) };
    let head = match repo.head_id() {
        Ok(id) => id.detach(),
        Err(_) => return Ok(History::default()),
    };
    let odb = &repo.objects;
    let commits = walk(odb, head)?;
    let index: HashMap<ObjectId, usize> = commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();

    // The `apis` tree of every commit (root → content → apis: small trees, memoized by root).
    let mut apis_of_root: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
    let mut buf = Vec::new();
    let mut apis: Vec<Option<ObjectId>> = Vec::with_capacity(commits.len());
    for c in &commits {
        let t = match apis_of_root.get(&c.tree) {
            Some(t) => *t,
            None => {
                let t = subtree(odb, c.tree, &prefix, &mut buf)?;
                apis_of_root.insert(c.tree, t);
                t
            }
        };
        apis.push(t);
    }
    drop(apis_of_root);

    // Commits are compared with their parents in the order their `apis` trees sit in the pack.
    // A tree is usually stored as a delta against a neighbouring version; reading in pack order
    // finds each delta's base freshly decoded in the cache, while reading against the grain
    // resolves chains of up to 50 deltas for every tree (13 s instead of 2 s at 50k commits).
    // Which way the chains run depends on how the pack was written, so ask the pack.
    let mut order: Vec<(u32, u64, usize)> = Vec::with_capacity(commits.len());
    for (ci, t) in apis.iter().enumerate() {
        let loc = match t {
            Some(id) => odb.location_by_oid(id, &mut buf).ok().flatten().map(|l| (l.pack_id, l.pack_offset)),
            None => None,
        };
        let (pack, offset) = loc.unwrap_or((0, 0));
        order.push((pack, offset, ci));
    }
    order.sort_unstable();

    // Both cores (or more) take a contiguous share of that order, each with its own handle
    // and caches.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let chunk = order.len().div_ceil(threads).max(1);
    let sync = repo.clone().into_sync();
    let results: Vec<Result<Vec<(String, Touch)>, HistoryError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = order
            .chunks(chunk)
            .map(|part| {
                let sync = &sync;
                let (commits, apis, index) = (&commits, &apis, &index);
                scope.spawn(move || {
                    let mut repo = sync.to_thread_local();
                    repo.objects.prevent_pack_unload();
                    compare_commits(&repo.objects, part, commits, apis, index)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(HistoryError("a history thread panicked".into())))).collect()
    });
    let mut touches: BTreeMap<String, Vec<Touch>> = BTreeMap::new();
    for r in results {
        for (name, t) in r? {
            touches.entry(name).or_default().push(t);
        }
    }

    let shallow = commits.iter().any(|c| c.parents.iter().any(|p| !index.contains_key(p)));
    let index_blobs: Vec<ObjectId> = touches.values().flatten().filter_map(|t| t.index_md).collect();
    let spec_blobs: Vec<ObjectId> = touches.values().flatten().filter_map(|t| t.spec).collect();
    let read = blobs::read_all(&sync, index_blobs, spec_blobs);
    let mut out = History { shallow, oldest: commits.iter().map(|c| c.time).min(), ..History::default() };
    for (name, mut list) in touches {
        // Oldest first; commits of the same second keep walk order (parents after children).
        list.sort_by(|a, b| commits[a.commit].time.cmp(&commits[b.commit].time).then(b.commit.cmp(&a.commit)));
        let steps: Vec<Step> = list.into_iter().map(|t| step(&commits[t.commit], &t, &read)).collect();
        out.apis.insert(name, timeline::api_history(&steps));
    }
    Ok(out)
}

fn step(c: &walk::CommitInfo, t: &Touch, read: &blobs::Read) -> Step {
    Step {
        commit: c.id.to_hex().to_string(),
        time: c.time,
        subject: c.subject.clone(),
        status: t.index_md.and_then(|id| read.statuses.get(&id).copied().flatten()),
        version: t.spec.and_then(|id| read.versions.get(&id).cloned().flatten()),
        boundary: t.boundary,
    }
}

/// `content_dir` relative to the work tree, as path components, plus `apis`.
fn content_prefix(repo: &gix::Repository, repo_root: &Path, content_dir: &Path) -> Option<Vec<Vec<u8>>> {
    let root = repo.workdir().unwrap_or(repo_root).canonicalize().ok()?;
    let content = if content_dir.is_absolute() { content_dir.to_path_buf() } else { repo_root.join(content_dir) };
    let content = content.canonicalize().ok()?;
    let rel = content.strip_prefix(&root).ok()?;
    let mut parts: Vec<Vec<u8>> = rel.components().map(|c| c.as_os_str().to_string_lossy().as_bytes().to_vec()).collect();
    parts.push(b"apis".to_vec());
    Some(parts)
}

#[cfg(test)]
mod tests;
