//! What the history needs from the files of an old commit: the front-matter `status` of
//! index.md and the `info.version` of the spec. Blobs from any commit may be invalid or
//! half-written, so both are read leniently: a cheap line scan for the usual layout, the full
//! document reader only for what the scan cannot tell (JSON, flow style).

use std::collections::HashMap;

use gix::objs::FindExt;
use gix::odb::pack::Find as _;
use gix::ObjectId;

use crate::doc;
use crate::model::Status;

/// What is read from each blob.
#[derive(Debug, Default)]
pub(super) struct Read {
    /// Status of each index.md blob.
    pub(super) statuses: HashMap<ObjectId, Option<Status>>,
    /// `info.version` of each spec blob.
    pub(super) versions: HashMap<ObjectId, Option<String>>,
}

/// Reads the status of every `index_md` blob and the version of every `specs` blob, each once.
/// Versions of one file are stored as deltas against each other, so the blobs are read in the
/// order they sit in the pack (a delta's base is then usually still in the cache) by up to
/// four threads, each over its own contiguous share.
pub(super) fn read_all(repo: &gix::ThreadSafeRepository, index_md: Vec<ObjectId>, specs: Vec<ObjectId>) -> Read {
    let mut local = repo.to_thread_local();
    local.objects.prevent_pack_unload();
    let mut buf = Vec::new();
    let mut order: Vec<(u32, u64, ObjectId, bool)> = Vec::with_capacity(index_md.len() + specs.len());
    let tagged = index_md.into_iter().map(|id| (id, true)).chain(specs.into_iter().map(|id| (id, false)));
    for (id, is_index) in tagged {
        let loc = local.objects.location_by_oid(&id, &mut buf).ok().flatten().map(|l| (l.pack_id, l.pack_offset));
        let (pack, offset) = loc.unwrap_or((u32::MAX, 0));
        order.push((pack, offset, id, is_index));
    }
    order.sort_unstable();
    order.dedup();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let chunk = order.len().div_ceil(threads).max(1);
    let parts: Vec<Read> = std::thread::scope(|scope| {
        let handles: Vec<_> = order
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut repo = repo.to_thread_local();
                    repo.objects.prevent_pack_unload();
                    let mut out = Read::default();
                    let mut buf = Vec::new();
                    for &(_, _, id, is_index) in part {
                        let blob = repo.objects.find_blob(&id, &mut buf).ok();
                        if is_index {
                            out.statuses.insert(id, blob.and_then(|b| front_matter_status(b.data)));
                        } else {
                            out.versions.insert(id, blob.and_then(|b| spec_version(b.data)));
                        }
                    }
                    out
                })
            })
            .collect();
        // A blob that cannot be read counts as saying nothing; a panic in a parser likewise.
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut all = Read::default();
    for p in parts {
        all.statuses.extend(p.statuses);
        all.versions.extend(p.versions);
    }
    all
}

/// `status:` of a markdown file's front matter, read without a YAML parser.
pub(super) fn front_matter_status(data: &[u8]) -> Option<Status> {
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

/// Specs larger than this are not parsed in full for their version (the line scan still runs).
const FULL_PARSE_BYTES: usize = 8 * 1024 * 1024;

/// `info.version` of a spec (YAML or JSON), as written.
pub(super) fn spec_version(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(v) = scan_yaml_version(text) {
        return Some(v);
    }
    if text.len() > FULL_PARSE_BYTES {
        return None;
    }
    let node = doc::parse(text, 0, doc::Limits::default()).ok()?;
    let v = node.pointer("/info/version")?;
    v.as_text().map(str::to_string)
}

/// The block-style layout nearly every YAML spec uses: a top-level `info:` line, then
/// `version:` among its indented keys.
fn scan_yaml_version(text: &str) -> Option<String> {
    let mut lines = text.lines();
    lines.by_ref().find(|l| l.trim_end() == "info:")?;
    let mut indent = None;
    for line in lines {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let here = line.len() - body.len();
        if here == 0 {
            return None;
        }
        // Only keys of `info` itself, not of `info.contact` or `info.license`.
        let first = *indent.get_or_insert(here);
        if here != first {
            continue;
        }
        if let Some(v) = body.strip_prefix("version:") {
            let v = v.trim();
            let v = match v.chars().next() {
                Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
                _ => v.split(" #").next().unwrap_or("").trim(),
            };
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_from_front_matter() {
        assert_eq!(front_matter_status(b"---\ntitle: A\nstatus: sandbox # soon\n---\n"), Some(Status::Sandbox));
        assert_eq!(front_matter_status(b"---\nstatus: \"pilot\"\n---\n"), Some(Status::Pilot));
        assert_eq!(front_matter_status(b"no front matter\nstatus: pilot\n"), None);
        assert_eq!(front_matter_status(b"---\ntitle: A\n---\nstatus: pilot\n"), None);
    }

    #[test]
    fn version_of_block_yaml_keeps_it_as_written() {
        let spec = b"openapi: 3.1.0\ninfo:\n  title: A\n  contact:\n    version: no\n  version: 1.10\npaths: {}\n";
        assert_eq!(spec_version(spec).as_deref(), Some("1.10"));
        assert_eq!(spec_version(b"swagger: '2.0'\ninfo:\n  version: \"2.0 # beta\"\n").as_deref(), Some("2.0 # beta"));
    }

    #[test]
    fn version_of_json_and_flow_style() {
        assert_eq!(spec_version(br#"{"openapi":"3.0.3","info":{"title":"A","version":"3.2"},"paths":{}}"#).as_deref(), Some("3.2"));
        assert_eq!(spec_version(b"openapi: 3.0.3\ninfo: {title: A, version: '4'}\npaths: {}\n").as_deref(), Some("4"));
        assert_eq!(spec_version(b"openapi: 3.0.3\npaths: {}\n"), None);
        assert_eq!(spec_version(b"\xff\xfe"), None);
    }
}
