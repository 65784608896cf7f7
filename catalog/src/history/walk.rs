//! The walk over commits: every commit reachable from HEAD, and for each one the API folders it
//! changed compared with its parents (see [`super::tree::merge_join`]), with the index.md and
//! spec blobs that changed with them.

use std::collections::{HashMap, HashSet};

use gix::bstr::ByteSlice;
use gix::objs::FindExt;
use gix::ObjectId;

use super::tree::{merge_join, Changed, EntryCache};
use super::{err, HistoryError};
use crate::load::SPEC_FILES;

/// One commit, as much of it as the walk needs.
pub(super) struct CommitInfo {
    pub(super) id: ObjectId,
    pub(super) parents: Vec<ObjectId>,
    pub(super) tree: ObjectId,
    pub(super) time: i64,
    pub(super) subject: String,
}

/// A change of one API folder at one commit, or (`boundary`) the folder as it was at the oldest
/// commit of a shallow clone, where what changed is unknown.
#[derive(Debug, Clone)]
pub(super) struct Touch {
    pub(super) commit: usize,
    /// The folder's index.md blob after the commit, when it changed (at a boundary: when the
    /// folder has one).
    pub(super) index_md: Option<ObjectId>,
    /// The folder's current spec blob after the commit, likewise.
    pub(super) spec: Option<ObjectId>,
    /// Not a change: the state at a shallow clone's boundary.
    pub(super) boundary: bool,
}

/// Every commit reachable from `head`, children before parents (depth-first along first
/// parents). Parents that are not in the repository (a shallow clone) are skipped; their
/// children keep them in `parents` and so are known as the boundary.
pub(super) fn walk(odb: &gix::OdbHandle, head: ObjectId) -> Result<Vec<CommitInfo>, HistoryError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![head];
    let mut buf = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let commit = match odb.find_commit(&id, &mut buf) {
            Ok(c) => c,
            Err(_) => continue,
        };
        let parents: Vec<ObjectId> = commit.parents().collect();
        let time = commit.author().map(|a| a.seconds()).unwrap_or(0);
        let subject = commit.message().summary().to_str_lossy().trim().to_string();
        out.push(CommitInfo { id, parents: parents.clone(), tree: commit.tree(), time, subject });
        for p in parents.into_iter().rev() {
            if !seen.contains(&p) {
                stack.push(p);
            }
        }
    }
    Ok(out)
}

/// The blobs of one API folder the history reads.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct FolderFiles {
    index_md: Option<ObjectId>,
    spec: Option<ObjectId>,
}

/// Compares each commit of `part` with its parents: the API folders it changed, with their
/// index.md and spec blobs when those changed too (read later, in pack order). A commit with a
/// parent missing from the walk is a shallow clone's boundary: what it changed is unknown, so
/// it reports every folder it has as a boundary state instead.
pub(super) fn compare_commits(
    odb: &gix::OdbHandle,
    part: &[(u32, u64, usize)],
    commits: &[CommitInfo],
    apis: &[Option<ObjectId>],
    index: &HashMap<ObjectId, usize>,
) -> Result<Vec<(String, Touch)>, HistoryError> {
    let mut cache = EntryCache::default();
    let mut buf = Vec::new();
    let mut files_of: HashMap<ObjectId, FolderFiles> = HashMap::new();
    let mut files = |tree: Option<ObjectId>, buf: &mut Vec<u8>| -> Result<FolderFiles, HistoryError> {
        let Some(tree) = tree else { return Ok(FolderFiles::default()) };
        if let Some(found) = files_of.get(&tree) {
            return Ok(*found);
        }
        let found = folder_files(odb, tree, buf)?;
        files_of.insert(tree, found);
        Ok(found)
    };
    let mut out = Vec::new();
    for &(_, _, ci) in part {
        let c = &commits[ci];
        let mine = apis[ci];
        if c.parents.iter().any(|p| !index.contains_key(p)) {
            let entries = cache.get(odb, mine)?;
            for (name, id, _) in merge_join(&[], &entries) {
                let Ok(name) = String::from_utf8(name) else { continue };
                let f = files(id, &mut buf)?;
                out.push((name, Touch { commit: ci, index_md: f.index_md, spec: f.spec, boundary: true }));
            }
            continue;
        }
        let mut parents: Vec<Option<ObjectId>> = c.parents.iter().map(|p| index.get(p).and_then(|&pi| apis[pi])).collect();
        if parents.contains(&mine) {
            continue;
        }
        if parents.is_empty() {
            parents.push(None);
        }
        let new_entries = cache.get(odb, mine)?;
        // Folders that differ from every parent, with the first parent's id of the folder.
        let mut changed: Option<Vec<Changed>> = None;
        for p in &parents {
            let old_entries = cache.get(odb, *p)?;
            let diff = merge_join(&old_entries, &new_entries);
            changed = Some(match changed {
                None => diff,
                Some(prev) => prev.into_iter().filter(|(n, _, _)| diff.iter().any(|(m, _, _)| m == n)).collect(),
            });
        }
        for (name, new_id, old_id) in changed.unwrap_or_default() {
            let Ok(name) = String::from_utf8(name) else { continue };
            // Which of the two files changed? Only these two small subtrees are looked at.
            let now = files(new_id, &mut buf)?;
            let before = if new_id.is_some() { files(old_id, &mut buf)? } else { FolderFiles::default() };
            let touch = Touch {
                commit: ci,
                index_md: now.index_md.filter(|_| now.index_md != before.index_md),
                spec: now.spec.filter(|_| now.spec != before.spec),
                boundary: false,
            };
            out.push((name, touch));
        }
    }
    Ok(out)
}

/// index.md and the first spec file (in the loader's order) of a folder's tree.
fn folder_files(odb: &gix::OdbHandle, tree: ObjectId, buf: &mut Vec<u8>) -> Result<FolderFiles, HistoryError> {
    let mut found = FolderFiles::default();
    let mut spec_rank = usize::MAX;
    for e in odb.find_tree_iter(&tree, buf).map_err(err)? {
        let e = e.map_err(err)?;
        let name = e.filename.as_bytes();
        if name == b"index.md" {
            found.index_md = Some(e.oid.to_owned());
        } else if let Some(rank) = SPEC_FILES.iter().position(|f| f.as_bytes() == name) {
            if rank < spec_rank {
                spec_rank = rank;
                found.spec = Some(e.oid.to_owned());
            }
        }
    }
    Ok(found)
}

/// The id of the tree at `path` under `root`, if there is one.
pub(super) fn subtree(odb: &gix::OdbHandle, root: ObjectId, path: &[Vec<u8>], buf: &mut Vec<u8>) -> Result<Option<ObjectId>, HistoryError> {
    let mut cur = root;
    for part in path {
        match entry_in(odb, cur, part, buf)? {
            Some(id) => cur = id,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// The id of the entry `name` of the tree `tree`.
fn entry_in(odb: &gix::OdbHandle, tree: ObjectId, name: &[u8], buf: &mut Vec<u8>) -> Result<Option<ObjectId>, HistoryError> {
    let iter = odb.find_tree_iter(&tree, buf).map_err(err)?;
    for e in iter {
        let e = e.map_err(err)?;
        if e.filename.as_bytes() == name {
            return Ok(Some(e.oid.to_owned()));
        }
    }
    Ok(None)
}
