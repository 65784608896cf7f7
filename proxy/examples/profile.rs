//! Where the server's time goes, without HTTP: loading a site's specs, and answering one sandbox
//! request many times. `cargo run --release -p proxy --example profile -- SITE API VERSION PATH [N]`

use std::time::Instant;

use axum::http::HeaderMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, api, version, path, ..] = args.as_slice() else {
        eprintln!("usage: profile SITE API VERSION PATH [N]");
        std::process::exit(2);
    };
    let n: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let t = Instant::now();
    let registry = proxy::registry::Registry::load(std::path::Path::new(site));
    println!("load {} versions, {} operations: {:.1} ms", registry.len(), registry.operation_count(), t.elapsed().as_secs_f64() * 1e3);
    let entry = registry.get(api, version).expect("no such API version");
    let headers = HeaderMap::new();
    let t = Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        let m = entry.routes.find(catalog::spec::Method::Get, path).expect("no route");
        let resp = proxy::sandbox::answer(entry, &m, "GET", path, &headers, &[], &[]).expect("answer");
        bytes += axum::body::HttpBody::size_hint(resp.body()).exact().unwrap_or(0);
    }
    let per = t.elapsed().as_secs_f64() / n as f64 * 1e6;
    println!("answer {path}: {per:.2} µs per call ({} bytes each)", bytes / n as u64);
}
