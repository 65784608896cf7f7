//! What the server knows, read from the built site only: every published spec
//! (`specs/<api>/<version>/openapi.json`) in the normalized model with its route table, and the
//! servers each version declares — cross-checked with `feeds/endpoints.json` when the build wrote
//! one. Together they are the proxy's allow-list and the sandbox's source.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use catalog::spec::{Spec, SpecLimits};

use crate::netpolicy::{host_of, Host};
use crate::routes::Routes;
use crate::upstream::Origin;

/// Limits for the published specs: `katalog build` wrote and checked them, so their JSON is read
/// without positions (start-up on a 5,000-operation spec is dominated by parsing).
fn published_limits() -> SpecLimits {
    let mut limits = SpecLimits::default();
    limits.doc.json_without_positions = true;
    limits
}
use crate::sandbox::validate::Patterns;

/// A server the proxy may forward to.
#[derive(Debug, Clone)]
pub struct Target {
    /// Base URL (`https://api.example.gov.pl/v1`), parsed — hosts in their canonical form.
    pub url: url::Url,
    /// The server's description.
    pub description: Option<String>,
    /// Where its connections go.
    pub origin: Origin,
    /// The URL's path without a trailing `/` (`/v1`, or empty): operation paths are appended.
    pub base_path: String,
    /// The URL's host read as the address policy reads it (`None`: not a usable host).
    pub host: Option<Host>,
}

/// One version of one API.
#[derive(Debug)]
pub struct Entry {
    /// API id.
    pub api: String,
    /// Version id.
    pub version: String,
    /// The normalized spec.
    pub spec: Spec,
    /// Its operations by path.
    pub routes: Routes,
    /// Its schemas' compiled patterns.
    pub patterns: Patterns,
    /// Declared absolute http(s) servers, in the endpoint list's order: `/try/…/<index>/`.
    pub targets: Vec<Target>,
}

impl Entry {
    /// Indexes `spec`. `endpoints`: base URLs the endpoint list has for this version (`None`
    /// when the site has no endpoint list).
    pub fn new(api: &str, version: &str, spec: Spec, endpoints: Option<&HashSet<String>>) -> Entry {
        let mut seen = HashSet::new();
        let mut targets = Vec::new();
        let op_servers = spec.operations.iter().flat_map(|op| op.servers.iter());
        for server in spec.servers.iter().chain(op_servers) {
            let trimmed = server.url.trim_end_matches('/');
            if !seen.insert(trimmed.to_string()) {
                continue;
            }
            let Ok(url) = url::Url::parse(trimmed) else { continue };
            if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
                continue;
            }
            if endpoints.is_some_and(|e| !e.contains(trimmed)) {
                continue;
            }
            let Some(origin) = Origin::of(&url) else { continue };
            let base_path = url.path().trim_end_matches('/').to_string();
            targets.push(Target { host: host_of(&url), origin, base_path, url, description: server.description.clone() });
        }
        Entry { api: api.to_string(), version: version.to_string(), routes: Routes::new(&spec), patterns: Patterns::new(&spec), spec, targets }
    }
}

/// The hash for maps looked up on every call (what they hold comes from the built site; a caller
/// only looks up).
type Fast = foldhash::fast::RandomState;
/// An API's versions by id.
type Versions = HashMap<String, Arc<Entry>, Fast>;

/// Every API version of a site.
#[derive(Debug, Default)]
pub struct Registry {
    entries: HashMap<String, Versions, Fast>,
    /// Specs that could not be read (path and why): the rest still serve.
    pub problems: Vec<String>,
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('.') && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

fn endpoint_list(site: &Path) -> Option<HashMap<(String, String), HashSet<String>>> {
    let text = std::fs::read_to_string(site.join("feeds/endpoints.json")).ok()?;
    let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
    let mut out: HashMap<(String, String), HashSet<String>> = HashMap::new();
    for row in doc.get("endpoints")?.as_array()? {
        let field = |k: &str| row.get(k).and_then(|v| v.as_str()).map(str::to_string);
        if let (Some(api), Some(version), Some(url)) = (field("api"), field("version"), field("base_url")) {
            out.entry((api, version)).or_default().insert(url.trim_end_matches('/').to_string());
        }
    }
    Some(out)
}

impl Registry {
    /// Reads every spec under `<site>/specs/` (in parallel).
    pub fn load(site: &Path) -> Registry {
        let mut jobs: Vec<(String, String, PathBuf)> = Vec::new();
        let mut problems = Vec::new();
        if let Ok(apis) = std::fs::read_dir(site.join("specs")) {
            for api in apis.flatten() {
                let api_id = api.file_name().to_string_lossy().into_owned();
                if !is_id(&api_id) || !api.path().is_dir() {
                    continue;
                }
                for version in std::fs::read_dir(api.path()).into_iter().flatten().flatten() {
                    let version_id = version.file_name().to_string_lossy().into_owned();
                    if is_id(&version_id) && version.path().is_dir() {
                        jobs.push((api_id.clone(), version_id, version.path()));
                    }
                }
            }
        }
        jobs.sort();
        let endpoints = endpoint_list(site);
        let next = AtomicUsize::new(0);
        let results = Mutex::new(Vec::new());
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).min(jobs.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((api, version, dir)) = jobs.get(i) else { break };
                    let file = if dir.join("openapi.json").is_file() { "openapi.json" } else { "openapi.yaml" };
                    let prefix = format!("specs/{api}/{version}/");
                    let (loaded, _diags) = catalog::spec::load(dir, file, &prefix, &published_limits());
                    let result = match loaded {
                        Some(l) => {
                            let allowed = endpoints.as_ref().map(|e| e.get(&(api.clone(), version.clone())).cloned().unwrap_or_default());
                            Ok(Entry::new(api, version, l.spec, allowed.as_ref()))
                        }
                        None => Err(format!("{prefix}{file}: not a readable OpenAPI document")),
                    };
                    results.lock().expect("no panics while held").push(result);
                });
            }
        });
        let mut ok = Vec::new();
        for r in results.into_inner().expect("threads joined") {
            match r {
                Ok(e) => ok.push(e),
                Err(p) => problems.push(p),
            }
        }
        problems.sort();
        Registry { problems, ..Registry::from_entries(ok) }
    }

    /// A registry of the given entries (tests, embedding).
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Registry {
        let mut map: HashMap<String, Versions, Fast> = HashMap::default();
        for e in entries {
            map.entry(e.api.clone()).or_default().insert(e.version.clone(), Arc::new(e));
        }
        Registry { entries: map, problems: Vec::new() }
    }

    /// One API version.
    pub fn get(&self, api: &str, version: &str) -> Option<&Arc<Entry>> {
        self.entries.get(api)?.get(version)
    }

    /// How many API versions.
    pub fn len(&self) -> usize {
        self.entries.values().map(HashMap::len).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Operations over all versions.
    pub fn operation_count(&self) -> usize {
        self.entries.values().flat_map(HashMap::values).map(|e| e.spec.operations.len()).sum()
    }
}
