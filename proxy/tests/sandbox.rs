//! The sandbox on real specs: the content/ catalog and the APIs.guru sample. Every JSON response
//! of every operation is generated (several seeds, static and dynamic) and checked against its
//! schema twice: by the validator that checks requests (which the generator also consults) and by
//! the catalog's own, independent one (`spec/example-valid`'s) — so a bug shared by the generator
//! and its validator still fails here. Polish identifiers pass their checksums;
//! and the content/ APIs answer through HTTP, request validation included.

mod common;

use std::path::{Path, PathBuf};

use catalog::spec::{Spec, SpecLimits};
use common::*;
use proxy::audit::Sink;
use proxy::registry::{Entry, Registry};
use proxy::sandbox::generate::Generator;
use proxy::sandbox::pl;
use proxy::sandbox::request::is_json;
use proxy::sandbox::validate::{Direction, Patterns, Validator};
use proxy::Snapshot;
use serde_json::Value;

#[derive(Default, Debug)]
struct Stats {
    specs: usize,
    operations: usize,
    values: usize,
    identifiers: usize,
    invalid: Vec<String>,
    /// Values whose schema contradicts itself (no valid value exists): reported, not failed.
    contradictory: Vec<String>,
    /// Values a oneOf's alternatives all accept (the spec's alternatives overlap): reported.
    overlapping: Vec<String>,
}

/// Checks every string under a key that names a Polish identifier.
fn check_identifiers(v: &Value, key: &str, stats: &mut Stats, label: &str) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| check_identifiers(v, k, stats, label)),
        Value::Array(a) => a.iter().for_each(|v| check_identifiers(v, key, stats, label)),
        Value::String(s) => {
            let k = key.to_ascii_lowercase();
            let check: Option<fn(&str) -> bool> = match k.as_str() {
                "pesel" => Some(pl::pesel_valid),
                "nip" => Some(pl::nip_valid),
                "regon" => Some(pl::regon_valid),
                "iban" => Some(|s: &str| proxy::sandbox::validate::format_ok("iban", s)),
                "vin" => Some(pl::vin_valid),
                _ => None,
            };
            if let Some(ok) = check {
                // A spec may pin these with its own pattern or enum (then it is not ours to judge).
                if s.chars().all(|c| c.is_ascii_alphanumeric()) && s.len() >= 9 {
                    stats.identifiers += 1;
                    if !ok(s) {
                        stats.invalid.push(format!("{label}: {key}={s} fails its checksum"));
                    }
                }
            }
        }
        _ => {}
    }
}

fn check_spec(spec: &Spec, label: &str, seeds: u64, stats: &mut Stats) {
    let patterns = Patterns::new(spec);
    let v = Validator { spec, patterns: &patterns, direction: Direction::Response };
    let independent = catalog::spec::validate::Validator::new(spec, catalog::spec::validate::Direction::Response).with_max_issues(3);
    stats.specs += 1;
    for op in &spec.operations {
        stats.operations += 1;
        for r in &op.responses {
            for mt in r.content.iter().filter(|m| is_json(&m.media_type)) {
                let Some(id) = mt.schema else { continue };
                for seed in 0..seeds {
                    for dynamic in [false, true] {
                        let mut gen = Generator::new(v, seed, dynamic);
                        let value = gen.value(id);
                        stats.values += 1;
                        let issues = v.validate(id, &value, "", 3);
                        let second = if issues.is_empty() { independent.validate(id, &value) } else { Vec::new() };
                        if !second.is_empty() && gen.contradictions().is_empty() {
                            let cut: String = value.to_string().chars().take(300).collect();
                            stats.invalid.push(format!(
                                "{label} {} {} {} seed {seed} dynamic {dynamic}: the catalog's validator says {second:?} in {cut}",
                                op.method.as_upper(),
                                op.path,
                                r.status
                            ));
                        }
                        let contradictions = gen.contradictions();
                        let only_overlaps = issues.iter().all(|i| i.detail.contains("alternatives of a oneOf"));
                        if !issues.is_empty() && !contradictions.is_empty() {
                            stats.contradictory.push(format!("{label} {} {} {}: {}", op.method.as_upper(), op.path, r.status, contradictions.join("; ")));
                        } else if !issues.is_empty() && only_overlaps && gen.overlaps() > 0 {
                            stats.overlapping.push(format!("{label} {} {} {}", op.method.as_upper(), op.path, r.status));
                        } else if !issues.is_empty() {
                            let text = value.to_string();
                            let cut: String = text.chars().take(300).collect();
                            stats.invalid.push(format!(
                                "{label} {} {} {} seed {seed} dynamic {dynamic}: {issues:?} in {cut}",
                                op.method.as_upper(),
                                op.path,
                                r.status
                            ));
                        }
                        check_identifiers(&value, "", stats, label);
                    }
                }
            }
        }
    }
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

fn content_entries() -> Vec<Entry> {
    let loaded = catalog::load(&content_dir()).expect("content/ loads");
    let mut out = Vec::new();
    for api in &loaded.catalog.apis {
        for version in &api.versions {
            out.push(Entry::new(&api.id, &version.id, version.spec.clone(), None));
        }
    }
    assert!(out.len() >= 15, "content/ has its APIs");
    out
}

#[test]
fn content_catalog_generated_responses_are_valid() {
    let mut stats = Stats::default();
    for e in content_entries() {
        check_spec(&e.spec, &format!("{}/{}", e.api, e.version), 5, &mut stats);
    }
    eprintln!("content/: {} specs, {} operations, {} values, {} identifiers checked", stats.specs, stats.operations, stats.values, stats.identifiers);
    assert!(
        stats.invalid.is_empty() && stats.contradictory.is_empty(),
        "{} invalid:\n{}\n{:?}",
        stats.invalid.len(),
        stats.invalid.join("\n"),
        stats.contradictory
    );
    assert!(stats.identifiers > 0, "content/ has Polish identifiers in its responses");
}

#[test]
fn apis_guru_sample_generated_responses_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/apis-guru-sample");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    files.sort();
    let mut stats = Stats::default();
    let mut unreadable = Vec::new();
    for f in &files {
        let (loaded, _) = catalog::spec::load(&dir, f, "", &SpecLimits::default());
        match loaded {
            Some(l) => check_spec(&l.spec, f, 1, &mut stats),
            None => unreadable.push(f.clone()),
        }
    }
    stats.contradictory.dedup();
    stats.overlapping.dedup();
    eprintln!(
        "apis-guru-sample: {} specs ({} unreadable: {unreadable:?}), {} operations, {} values, {} invalid, {} identifiers checked\n\
         {} from schemas that contradict themselves (no valid value exists):\n  {}\n\
         {} from oneOfs whose alternatives overlap:\n  {}",
        stats.specs,
        unreadable.len(),
        stats.operations,
        stats.values,
        stats.invalid.len(),
        stats.identifiers,
        stats.contradictory.len(),
        stats.contradictory.join("\n  "),
        stats.overlapping.len(),
        stats.overlapping.join("\n  "),
    );
    assert!(stats.contradictory.len() + stats.overlapping.len() <= stats.values / 200, "spec defects stay rare");
    assert!(stats.specs >= 55, "most of the sample loads");
    if let Ok(path) = std::env::var("SANDBOX_FAILURES") {
        std::fs::write(path, stats.invalid.join("\n")).unwrap();
    }
    assert!(stats.invalid.is_empty(), "{} invalid:\n{}", stats.invalid.len(), stats.invalid.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
}

/// A value for a parameter, as text.
fn param_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(param_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_catalog_answers_through_http_and_accepts_valid_requests() {
    let entries = content_entries();
    let snapshot = Snapshot { registry: Registry::from_entries(entries), sandbox_enabled: true, ..Snapshot::default() };
    let server = proxy::Server::new(snapshot, open_settings(), Sink::Off, proxy::tryit::system_resolver(), "/").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(proxy::serve(listener, server.clone(), std::future::pending()));
    let snap = server.snapshot();
    let mut calls = 0;
    let mut failures = Vec::new();
    for e in content_entries() {
        let entry = snap.registry.get(&e.api, &e.version).unwrap();
        let spec = &entry.spec;
        let req_v = Validator { spec, patterns: &entry.patterns, direction: Direction::Request };
        for (i, op) in spec.operations.iter().enumerate() {
            let mut gen = Generator::new(req_v, i as u64, false);
            let mut path = op.path.clone();
            let mut query = Vec::new();
            let mut headers: Vec<(String, String)> = vec![("authorization".into(), "Bearer sandbox".into()), ("prefer".into(), "dynamic=true".into())];
            for p in &op.parameters {
                let value = p.schema.map(|id| param_text(&gen.value(id))).unwrap_or_else(|| "x".into());
                match p.location {
                    catalog::spec::ParamLocation::Path => path = path.replace(&format!("{{{}}}", p.name), &enc(&value)),
                    catalog::spec::ParamLocation::Query if p.required => query.push(format!("{}={}", enc(&p.name), enc(&value))),
                    catalog::spec::ParamLocation::Header if p.required => headers.push((p.name.clone(), value)),
                    _ => {}
                }
            }
            for s in &spec.security_schemes {
                if let catalog::spec::SecuritySchemeKind::ApiKey { name, location } = &s.kind {
                    match location {
                        catalog::spec::ParamLocation::Header => headers.push((name.clone(), "key".into())),
                        catalog::spec::ParamLocation::Query => query.push(format!("{}=key", enc(name))),
                        catalog::spec::ParamLocation::Cookie => headers.push(("cookie".into(), format!("{name}=key"))),
                        _ => {}
                    }
                }
            }
            let mut body = String::new();
            if let Some(rb) = &op.request_body {
                if let Some(mt) = rb.content.iter().find(|m| is_json(&m.media_type)) {
                    if let Some(id) = mt.schema {
                        body = gen.value(id).to_string();
                        headers.push(("content-type".into(), "application/json".into()));
                    }
                } else if rb.required {
                    continue; // multipart and friends: not driven from here
                }
            }
            let url = if query.is_empty() {
                format!("/sandbox/{}/{}{path}", e.api, e.version)
            } else {
                format!("/sandbox/{}/{}{path}?{}", e.api, e.version, query.join("&"))
            };
            let hs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let a = call(addr, op.method.as_upper(), &url, &hs, &body).await;
            calls += 1;
            if !(200..300).contains(&a.status) {
                failures.push(format!("{} {url} -> {} {}", op.method.as_upper(), a.status, String::from_utf8_lossy(&a.body)));
                continue;
            }
            // The answer validates against the schema of the response it claims to be.
            let status = a.status.to_string();
            let resp = op.responses.iter().find(|r| r.status == status).or_else(|| op.responses.iter().find(|r| r.status == "default"));
            let Some(schema) = resp.and_then(|r| r.content.iter().find(|m| is_json(&m.media_type))).and_then(|m| m.schema) else { continue };
            if a.body.is_empty() {
                continue;
            }
            let res_v = Validator { direction: Direction::Response, ..req_v };
            let issues = res_v.validate(schema, &a.json(), "", 3);
            if !issues.is_empty() {
                failures.push(format!("{} {url}: response {issues:?}", op.method.as_upper()));
            }
        }
    }
    assert!(calls > 50, "{calls} calls");
    assert!(failures.is_empty(), "{} of {calls} calls failed:\n{}", failures.len(), failures.join("\n"));
}
