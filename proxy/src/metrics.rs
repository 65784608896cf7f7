//! Counters for the Prometheus text endpoint (`/metrics`): calls per kind, API, version and
//! status; a latency histogram per kind; refusals by reason; rate-limited and busy answers; audit
//! lines dropped. In memory, per process: a collector scrapes every copy.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 13] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Which route a call took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `/try/`.
    Try,
    /// `/sandbox/`.
    Sandbox,
}

impl Kind {
    /// Label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Try => "try",
            Kind::Sandbox => "sandbox",
        }
    }
}

#[derive(Debug, Default)]
struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

/// api → version → status → count (nested so a lookup allocates nothing).
type CallCounts = BTreeMap<String, BTreeMap<String, BTreeMap<u16, u64>>>;

/// The counters one worker thread bumps on every call. Each thread has its own, so no cache
/// line of them moves between cores; `/metrics` adds them up.
#[derive(Debug, Default)]
pub struct CallCounters {
    /// Calls by kind.
    calls: Mutex<BTreeMap<Kind, CallCounts>>,
    latency: [Histogram; 2],
}

/// All counters.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Every worker's call counters.
    workers: Mutex<Vec<Arc<CallCounters>>>,
    refused: Mutex<BTreeMap<&'static str, u64>>,
    /// Answers 429.
    pub rate_limited: AtomicU64,
    /// Answers 503 because the upstream slots were full.
    pub busy: AtomicU64,
    /// Audit lines lost because the writer fell behind.
    pub audit_dropped: AtomicU64,
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

impl CallCounters {
    /// Counts one call.
    pub fn call(&self, kind: Kind, api: &str, version: &str, status: u16, took: Duration) {
        {
            let mut calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
            let apis = calls.entry(kind).or_default();
            if !apis.contains_key(api) {
                apis.insert(api.to_string(), BTreeMap::new());
            }
            let versions = apis.get_mut(api).expect("just inserted");
            if !versions.contains_key(version) {
                versions.insert(version.to_string(), BTreeMap::new());
            }
            *versions.get_mut(version).expect("just inserted").entry(status).or_insert(0) += 1;
        }
        let h = &self.latency[kind as usize];
        // One bucket per call; the exposition adds them up (Prometheus buckets are cumulative).
        let secs = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            h.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        h.count.fetch_add(1, Ordering::Relaxed);
        h.sum_micros.fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }
}

impl Metrics {
    /// New call counters for one worker, added up with the others' in the exposition.
    pub fn counters(&self) -> Arc<CallCounters> {
        let c = Arc::new(CallCounters::default());
        self.workers.lock().unwrap_or_else(|p| p.into_inner()).push(c.clone());
        c
    }

    /// Counts one refused target address.
    pub fn refused(&self, reason: &'static str) {
        *self.refused.lock().unwrap_or_else(|p| p.into_inner()).entry(reason).or_insert(0) += 1;
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let workers = self.workers.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut calls: BTreeMap<(Kind, String, String, u16), u64> = BTreeMap::new();
        for w in &workers {
            for (kind, apis) in w.calls.lock().unwrap_or_else(|p| p.into_inner()).iter() {
                for (api, versions) in apis {
                    for (version, statuses) in versions {
                        for (status, n) in statuses {
                            *calls.entry((*kind, api.clone(), version.clone(), *status)).or_insert(0) += n;
                        }
                    }
                }
            }
        }
        out.push_str("# HELP katalog_calls_total Calls through the try-it proxy and the sandbox.\n# TYPE katalog_calls_total counter\n");
        for ((kind, api, version, status), n) in &calls {
            let _ = writeln!(
                out,
                "katalog_calls_total{{kind=\"{}\",api=\"{}\",version=\"{}\",status=\"{status}\"}} {n}",
                kind.as_str(),
                escape(api),
                escape(version)
            );
        }
        out.push_str("# HELP katalog_call_duration_seconds Time to answer a call.\n# TYPE katalog_call_duration_seconds histogram\n");
        for kind in [Kind::Try, Kind::Sandbox] {
            let sum = |f: &dyn Fn(&Histogram) -> u64| workers.iter().map(|w| f(&w.latency[kind as usize])).sum::<u64>();
            let mut cumulative = 0;
            for (i, b) in BUCKETS.iter().enumerate() {
                cumulative += sum(&|h| h.buckets[i].load(Ordering::Relaxed));
                let _ = writeln!(out, "katalog_call_duration_seconds_bucket{{kind=\"{}\",le=\"{b}\"}} {cumulative}", kind.as_str());
            }
            let count = sum(&|h| h.count.load(Ordering::Relaxed));
            let _ = writeln!(out, "katalog_call_duration_seconds_bucket{{kind=\"{}\",le=\"+Inf\"}} {count}", kind.as_str());
            let _ = writeln!(
                out,
                "katalog_call_duration_seconds_sum{{kind=\"{}\"}} {}",
                kind.as_str(),
                sum(&|h| h.sum_micros.load(Ordering::Relaxed)) as f64 / 1e6
            );
            let _ = writeln!(out, "katalog_call_duration_seconds_count{{kind=\"{}\"}} {count}", kind.as_str());
        }
        out.push_str("# HELP katalog_proxy_refused_total Target addresses the proxy refused, by reason.\n# TYPE katalog_proxy_refused_total counter\n");
        for (reason, n) in self.refused.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(out, "katalog_proxy_refused_total{{reason=\"{reason}\"}} {n}");
        }
        for (name, help, v) in [
            ("katalog_rate_limited_total", "Calls answered 429.", &self.rate_limited),
            ("katalog_proxy_busy_total", "Proxied calls answered 503 because every upstream slot was taken.", &self.busy),
            ("katalog_audit_dropped_total", "Audit lines lost because the writer fell behind.", &self.audit_dropped),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}", v.load(Ordering::Relaxed));
        }
        out
    }
}
