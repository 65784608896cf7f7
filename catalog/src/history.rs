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
use gix::odb::pack::Find as _;
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

/// Compares each commit of `part` with its parents: the API folders it changed, and whether
/// their index.md changed with them.
fn compare_commits(
    odb: &gix::OdbHandle,
    part: &[(u32, u64, usize)],
    commits: &[CommitInfo],
    apis: &[Option<ObjectId>],
    index: &HashMap<ObjectId, usize>,
) -> Result<Vec<(String, Touch)>, HistoryError> {
    let mut cache = EntryCache::default();
    let mut buf = Vec::new();
    let mut index_md_of: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
    let mut out = Vec::new();
    for &(_, _, ci) in part {
        let c = &commits[ci];
        let mine = apis[ci];
        // A parent outside the walk (shallow clone) counts as empty.
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
            // Did index.md change? Look only in these two small subtrees (each looked up once).
            let mut index_md = |tree: Option<ObjectId>| -> Result<Option<ObjectId>, HistoryError> {
                let Some(tree) = tree else { return Ok(None) };
                if let Some(found) = index_md_of.get(&tree) {
                    return Ok(*found);
                }
                let found = entry_in(odb, tree, b"index.md", &mut buf)?;
                index_md_of.insert(tree, found);
                Ok(found)
            };
            let now = index_md(new_id)?;
            let before = if new_id.is_some() { index_md(old_id)? } else { None };
            let changed_index = if now != before { now } else { None };
            out.push((name, Touch { commit: ci, index_md: changed_index }));
        }
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

/// The raw bytes of a tree object (`<mode> <name>\0<id>`…), shared between cache and users.
type Raw = std::rc::Rc<[u8]>;

/// The last few `apis` trees read: a commit's tree is usually needed again right away as the
/// parent (or child) of the next commit compared. Kept raw: decoding 1,000 entries into owned
/// values for every commit would cost more than reading them.
#[derive(Default)]
struct EntryCache {
    recent: Vec<(ObjectId, Raw)>,
    buf: Vec<u8>,
}

impl EntryCache {
    fn get(&mut self, odb: &gix::OdbHandle, tree: Option<ObjectId>) -> Result<Raw, HistoryError> {
        let Some(tree) = tree else { return Ok(Raw::from(&[][..])) };
        if let Some((_, raw)) = self.recent.iter().find(|(id, _)| *id == tree) {
            return Ok(raw.clone());
        }
        let data = odb.find(&tree, &mut self.buf).map_err(err)?;
        let raw = Raw::from(data.data);
        if self.recent.len() >= 8 {
            self.recent.remove(0);
        }
        self.recent.push((tree, raw.clone()));
        Ok(raw)
    }
}

/// A folder that changed: its name, its id after (`None`: removed) and before (`None`: added).
type Changed = (Vec<u8>, Option<ObjectId>, Option<ObjectId>);

/// One entry of a raw tree: (is a tree, name, id bytes).
type RawEntry<'a> = (bool, &'a [u8], &'a [u8]);

/// Reads the entry at `pos` of a raw tree; `None` at the end or on malformed data.
fn entry_at(raw: &[u8], pos: usize) -> Option<(RawEntry<'_>, usize)> {
    let rest = raw.get(pos..)?;
    let space = rest.iter().position(|&b| b == b' ')?;
    let nul = space + 1 + rest[space + 1..].iter().position(|&b| b == 0)?;
    let id = rest.get(nul + 1..nul + 21)?;
    let is_tree = &rest[..space] == b"40000";
    Some(((is_tree, &rest[space + 1..nul], id), pos + nul + 21))
}

/// Git orders tree entries by name, a tree's name compared as if it ended in `/`.
fn git_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> Ordering {
    let ka = a.1.iter().copied().chain(a.0.then_some(b'/'));
    let kb = b.1.iter().copied().chain(b.0.then_some(b'/'));
    ka.cmp(kb)
}

fn oid(bytes: &[u8]) -> Option<ObjectId> {
    ObjectId::try_from(bytes).ok()
}

/// Names whose entry differs between the trees `old` and `new` (added, removed or changed),
/// with the new id (`None` when removed) and the old one (`None` when added). Only folders
/// count: files directly under `apis/` are no API. The two sorted lists are walked together;
/// the identical beginning of both (usually most of them) is skipped on one side only.
fn merge_join(old: &[u8], new: &[u8]) -> Vec<Changed> {
    let common = old.iter().zip(new.iter()).take_while(|(a, b)| a == b).count();
    // Skip whole entries that lie inside the common prefix: they are the same on both sides,
    // at the same offsets.
    let mut start = 0;
    while let Some((_, next)) = entry_at(old, start) {
        if next > common {
            break;
        }
        start = next;
    }
    let (mut i, mut j) = (start, start);
    let mut out = Vec::new();
    loop {
        let a = entry_at(old, i);
        let b = entry_at(new, j);
        let ord = match (&a, &b) {
            (Some((x, _)), Some((y, _))) => git_order(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match ord {
            Ordering::Less => {
                let ((is_tree, name, id), next) = a.expect("an entry");
                if is_tree {
                    out.push((name.to_vec(), None, oid(id)));
                }
                i = next;
            }
            Ordering::Greater => {
                let ((is_tree, name, id), next) = b.expect("an entry");
                if is_tree {
                    out.push((name.to_vec(), oid(id), None));
                }
                j = next;
            }
            Ordering::Equal => {
                let ((old_tree, _, old_id), ni) = a.expect("an entry");
                let ((is_tree, name, id), nj) = b.expect("an entry");
                if old_id != id && is_tree {
                    out.push((name.to_vec(), oid(id), if old_tree { oid(old_id) } else { None }));
                }
                i = ni;
                j = nj;
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
