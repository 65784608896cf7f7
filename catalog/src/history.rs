//! The history of every API folder, read from git: when it appeared, when it last changed, the
//! commits that touched it (date, subject, id) and how its front-matter `status` moved (for the
//! "time from proposed to sandbox" KPI).
//!
//! One walk over all commits from HEAD. For each commit only the tree entries of
//! `<content>/apis` are compared with its parent's — two sorted lists merge-joined, subtrees
//! compared by id — so a commit that did not touch `apis/` costs two tree lookups and nothing
//! more, and no diff is ever computed. `index.md` blobs are read only at the commits that
//! changed them. Merges follow git's rule: a folder changed in a merge only when it differs from
//! every parent (otherwise the change belongs to the commits that were merged).
//!
//! Not in a git repository, or no commits yet: an empty history, not an error.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;
use gix::objs::FindExt;
use gix::ObjectId;

use crate::model::{ApiHistory, Catalog, Change, Status, StatusChange, Timestamp};

/// The history of every API folder that git knows, by folder name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// By API id (folder name); folders that no longer exist are kept too.
    pub apis: BTreeMap<String, ApiHistory>,
}

/// Git could not be read (a corrupt repository, a missing object).
#[derive(Debug, thiserror::Error)]
#[error("reading git history: {0}")]
pub struct HistoryError(pub String);

fn err(e: impl std::fmt::Display) -> HistoryError {
    HistoryError(e.to_string())
}

/// The root of the git work tree that holds `dir`, if any.
pub fn discover_root(dir: &Path) -> Option<PathBuf> {
    let repo = gix::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// Attaches each API's history to the catalog (`Api::history`).
pub fn attach(catalog: &mut Catalog, history: &History) {
    for api in &mut catalog.apis {
        api.history = history.apis.get(&api.id).cloned();
    }
}

/// One commit, as much of it as the walk needs.
struct CommitInfo {
    id: ObjectId,
    parents: Vec<ObjectId>,
    tree: ObjectId,
    time: i64,
    subject: String,
}

/// A change of one API folder at one commit.
struct Touch {
    commit: usize,
    /// The folder's `index.md` blob after the commit, when it changed at that commit.
    index_md: Option<ObjectId>,
}

/// Reads the history of `<content_dir>/apis/*` in the repository at `repo_root`.
/// `content_dir` may be absolute or relative to `repo_root`.
pub fn read(repo_root: &Path, content_dir: &Path) -> Result<History, HistoryError> {
    let Ok(mut repo) = gix::open(repo_root) else { return Ok(History::default()) };
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
    let Some(prefix) = content_prefix(&repo, repo_root, content_dir) else { return Ok(History::default()) };
    let head = match repo.head_id() {
        Ok(id) => id.detach(),
        Err(_) => return Ok(History::default()),
    };
    let odb = &repo.objects;
    let commits = walk(odb, head)?;
    let index: HashMap<ObjectId, usize> = commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();

    let mut apis_of_root: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
    let mut apis_tree = |root: ObjectId, buf: &mut Vec<u8>| -> Result<Option<ObjectId>, HistoryError> {
        if let Some(t) = apis_of_root.get(&root) {
            return Ok(*t);
        }
        let t = subtree(odb, root, &prefix, buf)?;
        apis_of_root.insert(root, t);
        Ok(t)
    };
    let mut cache = EntryCache::default();
    let mut buf = Vec::new();
    let mut touches: BTreeMap<String, Vec<Touch>> = BTreeMap::new();
    for (ci, c) in commits.iter().enumerate() {
        let mine = apis_tree(c.tree, &mut buf)?;
        let mut parents = Vec::with_capacity(c.parents.len());
        for p in &c.parents {
            // A parent outside the walk (shallow clone) counts as empty.
            let t = match index.get(p) {
                Some(&pi) => apis_tree(commits[pi].tree, &mut buf)?,
                None => None,
            };
            parents.push(t);
        }
        if parents.iter().any(|p| *p == mine) {
            continue;
        }
        if parents.is_empty() {
            parents.push(None);
        }
        let new_entries = cache.get(odb, mine)?;
        // Folders that differ from every parent.
        let mut changed: Option<Vec<(Vec<u8>, Option<ObjectId>)>> = None;
        for p in &parents {
            let old_entries = cache.get(odb, *p)?;
            let diff = merge_join(&old_entries, &new_entries);
            changed = Some(match changed {
                None => diff,
                Some(prev) => prev.into_iter().filter(|(n, _)| diff.iter().any(|(m, _)| m == n)).collect(),
            });
        }
        for (name, new_id) in changed.unwrap_or_default() {
            let Ok(name) = String::from_utf8(name) else { continue };
            // Did index.md change? Look only in these two small subtrees.
            let index_md = match new_id {
                Some(tree) => {
                    let now = entry_in(odb, tree, b"index.md", &mut buf)?;
                    let before = match c.parents.first().and_then(|p| index.get(p)) {
                        Some(&pi) => match apis_tree(commits[pi].tree, &mut buf)? {
                            Some(papis) => match entry_in(odb, papis, name.as_bytes(), &mut buf)? {
                                Some(ptree) => entry_in(odb, ptree, b"index.md", &mut buf)?,
                                None => None,
                            },
                            None => None,
                        },
                        None => None,
                    };
                    if now != before { now } else { None }
                }
                None => None,
            };
            touches.entry(name).or_default().push(Touch { commit: ci, index_md });
        }
    }

    let mut out = History::default();
    let mut status_of_blob: HashMap<ObjectId, Option<Status>> = HashMap::new();
    for (name, mut list) in touches {
        // Newest first; commits of the same second keep walk order (children before parents).
        list.sort_by(|a, b| commits[b.commit].time.cmp(&commits[a.commit].time).then(a.commit.cmp(&b.commit)));
        let changes: Vec<Change> = list
            .iter()
            .map(|t| {
                let c = &commits[t.commit];
                let hex = c.id.to_hex().to_string();
                Change { short: hex[..7].to_string(), commit: hex, time: Timestamp(c.time), subject: c.subject.clone() }
            })
            .collect();
        let mut statuses: Vec<StatusChange> = Vec::new();
        for t in list.iter().rev() {
            let Some(blob) = t.index_md else { continue };
            let status = match status_of_blob.get(&blob) {
                Some(s) => *s,
                None => {
                    let s = odb.find_blob(&blob, &mut buf).ok().and_then(|b| front_matter_status(b.data));
                    status_of_blob.insert(blob, s);
                    s
                }
            };
            if let Some(s) = status {
                if statuses.last().is_none_or(|l| l.status != s) {
                    let c = &commits[t.commit];
                    statuses.push(StatusChange { status: s, commit: c.id.to_hex().to_string(), time: Timestamp(c.time) });
                }
            }
        }
        let proposed = statuses.iter().find(|s| s.status == Status::Proposed).map(|s| s.time);
        let reached = proposed.and_then(|p| {
            statuses.iter().find(|s| s.time >= p && matches!(s.status, Status::Prototype | Status::Sandbox | Status::Pilot | Status::Production)).map(|s| s.time)
        });
        let days = match (proposed, reached) {
            (Some(p), Some(r)) => Some((r.0 - p.0).div_euclid(86_400)),
            _ => None,
        };
        out.apis.insert(
            name,
            ApiHistory {
                created: changes.last().map(|c| c.time),
                updated: changes.first().map(|c| c.time),
                changes,
                statuses,
                proposed_to_sandbox_days: days,
            },
        );
    }
    Ok(out)
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

/// Every commit reachable from `head`, children before parents (depth-first along first parents).
fn walk(odb: &gix::OdbHandle, head: ObjectId) -> Result<Vec<CommitInfo>, HistoryError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![head];
    let mut buf = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let commit = match odb.find_commit(&id, &mut buf) {
            Ok(c) => c,
            // Shallow clones end in commits we do not have.
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

/// The id of the tree at `path` under `root`, if there is one.
fn subtree(odb: &gix::OdbHandle, root: ObjectId, path: &[Vec<u8>], buf: &mut Vec<u8>) -> Result<Option<ObjectId>, HistoryError> {
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

/// Entries of an `apis` tree: (name, id, is a tree), in git's order.
type Entries = std::rc::Rc<Vec<(Vec<u8>, ObjectId, bool)>>;

/// The last few decoded `apis` trees: a commit's tree is usually needed again right away as
/// the parent of the next commit walked.
#[derive(Default)]
struct EntryCache {
    recent: Vec<(ObjectId, Entries)>,
    buf: Vec<u8>,
}

impl EntryCache {
    fn get(&mut self, odb: &gix::OdbHandle, tree: Option<ObjectId>) -> Result<Entries, HistoryError> {
        let Some(tree) = tree else { return Ok(Entries::default()) };
        if let Some((_, e)) = self.recent.iter().find(|(id, _)| *id == tree) {
            return Ok(e.clone());
        }
        let iter = odb.find_tree_iter(&tree, &mut self.buf).map_err(err)?;
        let mut entries = Vec::new();
        for e in iter {
            let e = e.map_err(err)?;
            entries.push((e.filename.as_bytes().to_vec(), e.oid.to_owned(), e.mode.is_tree()));
        }
        let entries = Entries::new(entries);
        if self.recent.len() >= 4 {
            self.recent.remove(0);
        }
        self.recent.push((tree, entries.clone()));
        Ok(entries)
    }
}

/// Git orders tree entries by name, a tree's name compared as if it ended in `/`.
fn git_order(a: &(Vec<u8>, ObjectId, bool), b: &(Vec<u8>, ObjectId, bool)) -> Ordering {
    let ka = a.0.iter().copied().chain(a.2.then_some(b'/'));
    let kb = b.0.iter().copied().chain(b.2.then_some(b'/'));
    ka.cmp(kb)
}

/// Names whose entry differs between `old` and `new` (added, removed or changed), with the
/// new id (`None` when removed). Only folders count: files directly under `apis/` are no API.
fn merge_join(old: &[(Vec<u8>, ObjectId, bool)], new: &[(Vec<u8>, ObjectId, bool)]) -> Vec<(Vec<u8>, Option<ObjectId>)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old.len() || j < new.len() {
        let ord = match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) => git_order(a, b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match ord {
            Ordering::Less => {
                if old[i].2 {
                    out.push((old[i].0.clone(), None));
                }
                i += 1;
            }
            Ordering::Greater => {
                if new[j].2 {
                    out.push((new[j].0.clone(), Some(new[j].1)));
                }
                j += 1;
            }
            Ordering::Equal => {
                if old[i].1 != new[j].1 && new[j].2 {
                    out.push((new[j].0.clone(), Some(new[j].1)));
                }
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// `status:` of a markdown file's front matter, read without a YAML parser (the blob may be
/// from any commit, valid or not).
fn front_matter_status(data: &[u8]) -> Option<Status> {
    let text = std::str::from_utf8(data).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(v) = line.strip_prefix("status:") {
            let v = v.split('#').next().unwrap_or("").trim().trim_matches(['"', '\'']);
            return Status::ALL.iter().copied().find(|s| s.as_str() == v);
        }
    }
    None
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
