//! Git trees read raw: the entries of two versions of `apis/` compared by merge-join (both are
//! sorted the way git sorts them), without decoding them into owned values and without
//! computing any diff.

use std::cmp::Ordering;

use gix::objs::FindExt;
use gix::ObjectId;

use super::{err, HistoryError};

/// The raw bytes of a tree object (`<mode> <name>\0<id>`…), shared between cache and users.
pub(super) type Raw = std::rc::Rc<[u8]>;

/// The last few `apis` trees read: a commit's tree is usually needed again right away as the
/// parent (or child) of the next commit compared. Kept raw: decoding 1,000 entries into owned
/// values for every commit would cost more than reading them.
#[derive(Default)]
pub(super) struct EntryCache {
    recent: Vec<(ObjectId, Raw)>,
    buf: Vec<u8>,
}

impl EntryCache {
    pub(super) fn get(&mut self, odb: &gix::OdbHandle, tree: Option<ObjectId>) -> Result<Raw, HistoryError> {
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
pub(super) type Changed = (Vec<u8>, Option<ObjectId>, Option<ObjectId>);

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
pub(super) fn merge_join(old: &[u8], new: &[u8]) -> Vec<Changed> {
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
