//! The try-it proxy against a real upstream on 127.0.0.1 (allowed explicitly in these tests'
//! settings), and every refusal: address classes and spellings, redirects, undeclared hosts,
//! names that resolve to loopback.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use proxy::audit::Sink;
use proxy::config::{Rate, Settings};
use proxy::netpolicy::Policy;
use serde_json::json;

async fn world(settings: Settings) -> (Upstream, TestServer) {
    let up = upstream().await;
    let base = format!("http://127.0.0.1:{}/base", up.addr.port());
    let doc = spec(&[base], &["/echo", "/redirect", "/slow", "/big", "/chunked-big", "/orders/{id}"]);
    let server = start(&[("up", "1", doc)], settings, Sink::Off, None).await;
    (up, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwards_to_the_declared_server_with_headers_cleaned_both_ways() {
    let (up, srv) = world(open_settings()).await;
    let a = call(
        srv.addr,
        "POST",
        "/try/up/1/0/echo?x=1&y=%C5%82",
        &[
            ("authorization", "Bearer secret-token"),
            ("x-custom", "ok"),
            ("cookie", "portal_session=abc"),
            ("connection", "x-hop"),
            ("x-hop", "1"),
            ("proxy-authorization", "Basic Zm9vOmJhcg=="),
            ("x-forwarded-for", "1.2.3.4"),
            ("origin", "http://portal.example"),
            ("katalog-redirect", "expose"),
            ("content-type", "application/json"),
        ],
        r#"{"a":1}"#,
    )
    .await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let echo = a.json();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["uri"], "/base/echo?x=1&y=%C5%82");
    assert_eq!(echo["body"], r#"{"a":1}"#);
    let h = &echo["headers"];
    assert_eq!(h["authorization"], "Bearer secret-token", "credentials go to the declared server");
    assert_eq!(h["x-custom"], "ok");
    assert_eq!(h["host"], format!("127.0.0.1:{}", up.addr.port()));
    for gone in ["cookie", "x-hop", "proxy-authorization", "x-forwarded-for", "origin", "katalog-redirect"] {
        assert!(h.get(gone).is_none(), "{gone} forwarded: {h}");
    }
    assert_eq!(a.header("x-upstream"), Some("yes"));
    for gone in ["set-cookie", "x-resp-hop", "strict-transport-security", "access-control-allow-origin"] {
        assert!(a.header(gone).is_none(), "{gone} relayed");
    }
    assert_eq!(a.header("content-security-policy"), Some("default-src 'none'; sandbox"));
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upstream_connections_are_kept_alive() {
    let (up, srv) = world(open_settings()).await;
    for _ in 0..10 {
        assert_eq!(get(srv.addr, "/try/up/1/0/orders/7").await.status, 200);
    }
    assert_eq!(up.seen.hits.load(Ordering::SeqCst), 10);
    assert_eq!(up.seen.peers.lock().unwrap().len(), 1, "one pooled connection for ten calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_declared_operations_servers_and_paths() {
    let (up, srv) = world(open_settings()).await;
    let cases = [
        ("GET", "/try/up/1/0/nope", 404, "no-such-operation"),
        ("DELETE", "/try/up/1/0/echo", 405, "method-not-allowed"),
        ("GET", "/try/up/1/1/echo", 404, "no-such-server"),
        ("GET", "/try/up/1/x/echo", 404, "no-such-server"),
        ("GET", "/try/other/1/0/echo", 404, "no-such-api"),
        ("GET", "/try/up/2/0/echo", 404, "no-such-api"),
        ("GET", "/try/up/1/0/orders/../../secret", 400, "bad-path"),
        ("GET", "/try/up/1/0/orders/%2e%2e/%2E%2E/secret", 400, "bad-path"),
        ("GET", "/try/up/1/0/orders/..%5c..%5csecret", 400, "bad-path"),
        ("GET", "/try/up/1/0//127.0.0.2/secret", 404, "no-such-operation"),
        ("GET", "/try/up/1/0/@evil.example/secret", 404, "no-such-operation"),
    ];
    for (method, path, status, kind) in cases {
        let a = call(srv.addr, method, path, &[], "").await;
        assert_eq!(a.status, status, "{method} {path}: {}", String::from_utf8_lossy(&a.body));
        assert_eq!(a.header("content-type"), Some("application/problem+json"));
        let p = a.json();
        assert_eq!(p["type"], format!("https://katalog.gov.pl/problems/{kind}"), "{path}");
        assert_eq!(p["status"], status);
        assert!(p["title"].is_string() && p["detail"].is_string());
    }
    // A Host header naming another host changes nothing: the target comes from the spec.
    let a = call(srv.addr, "GET", "/try/up/1/0/echo", &[("host", "169.254.169.254")], "").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["headers"]["host"], format!("127.0.0.1:{}", up.addr.port()));
    assert_eq!(up.seen.secret_hits.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_gets_the_server_list() {
    let (up, srv) = world(open_settings()).await;
    let a = get(srv.addr, "/try/up/1/").await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.json(),
        json!({"api": "up", "version": "1", "sandbox": "/sandbox/up/1",
               "servers": [{"index": 0, "url": format!("http://127.0.0.1:{}/base", up.addr.port()), "description": null}]})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_handed_back_never_followed() {
    let (up, srv) = world(open_settings()).await;
    let secret = format!("http://127.0.0.1:{}/secret", up.addr.port());
    for to in [secret.as_str(), "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://2130706433/", "https://elsewhere.example/"] {
        let path = format!("/try/up/1/0/redirect?to={}", url_encode(to));
        let a = call(srv.addr, "GET", &path, &[("authorization", "Bearer t")], "").await;
        assert_eq!(a.status, 302, "{to}");
        assert_eq!(a.header("location"), Some(to), "Location visible as-is");
        let a = call(srv.addr, "GET", &path, &[("katalog-redirect", "expose")], "").await;
        assert_eq!(a.status, 302);
        assert_eq!(a.header("location"), None, "a browser must not follow it");
        assert_eq!(a.header("katalog-location"), Some(to));
    }
    assert_eq!(up.seen.secret_hits.load(Ordering::SeqCst), 0, "the proxy never went there");
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_time_and_concurrency_are_bounded() {
    let settings = Settings { max_request_body: 1000, max_response_body: 100_000, total_timeout: Duration::from_millis(500), ..open_settings() };
    let (_up, srv) = world(settings).await;
    let a = call(srv.addr, "POST", "/try/up/1/0/echo", &[], &"z".repeat(1001)).await;
    assert_eq!((a.status, a.json()["type"].as_str().unwrap()), (413, "https://katalog.gov.pl/problems/body-too-large"));
    assert_eq!(call(srv.addr, "POST", "/try/up/1/0/echo", &[], &"z".repeat(1000)).await.status, 200);
    for path in ["/try/up/1/0/big", "/try/up/1/0/chunked-big"] {
        let a = get(srv.addr, path).await;
        assert_eq!(a.status, 502, "{path}");
        assert_eq!(a.json()["type"], "https://katalog.gov.pl/problems/upstream-too-large");
    }
    let t0 = std::time::Instant::now();
    let a = get(srv.addr, "/try/up/1/0/slow").await;
    assert_eq!(a.status, 504);
    assert!(t0.elapsed() < Duration::from_millis(1400), "gave up at the deadline");

    let settings = Settings { max_concurrent_upstream: 1, ..open_settings() };
    let (_up, srv) = world(settings).await;
    let addr = srv.addr;
    let slow = tokio::spawn(async move { get(addr, "/try/up/1/0/slow").await.status });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let a = get(addr, "/try/up/1/0/orders/1").await;
    assert_eq!((a.status, a.header("retry-after")), (503, Some("1")));
    assert_eq!(a.json()["type"], "https://katalog.gov.pl/problems/busy");
    assert_eq!(slow.await.unwrap(), 200, "the call holding the only slot completes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_answers_429_with_retry_after() {
    let settings = Settings { try_rate: Rate { per_second: 0.5, burst: 3.0 }, ..open_settings() };
    let (_up, srv) = world(settings).await;
    for _ in 0..3 {
        assert_eq!(get(srv.addr, "/try/up/1/0/orders/1").await.status, 200);
    }
    let a = get(srv.addr, "/try/up/1/0/orders/1").await;
    assert_eq!(a.status, 429);
    assert_eq!(a.header("retry-after"), Some("2"));
    assert_eq!(a.json()["type"], "https://katalog.gov.pl/problems/rate-limited");
}

/// Every literal spelling and address class the proxy refuses, each declared as a server of a
/// hostile spec. Loopback spellings carry the upstream's port: a bug would show as a hit.
fn hostile_servers(port: u16) -> Vec<(String, &'static str)> {
    let lo = |h: &str| format!("http://{h}:{port}");
    vec![
        (lo("127.0.0.1"), "loopback"),
        (lo("2130706433"), "loopback"),
        (lo("0177.0.0.1"), "loopback"),
        (lo("0x7f.1"), "loopback"),
        (lo("0x7f000001"), "loopback"),
        (lo("127.1"), "loopback"),
        (lo("127.0.0.1."), "loopback"),
        (lo("[::1]"), "loopback"),
        (lo("[::ffff:127.0.0.1]"), "loopback"),
        (lo("[::ffff:7f00:1]"), "loopback"),
        (lo("[64:ff9b::7f00:1]"), "loopback"),
        (lo("[2002:7f00:1::]"), "loopback"),
        (lo("[::127.0.0.1]"), "reserved"),
        (lo("0.0.0.0"), "unspecified"),
        (lo("0"), "unspecified"),
        (lo("[::]"), "unspecified"),
        ("http://10.0.0.1".into(), "private"),
        ("http://172.16.0.1".into(), "private"),
        ("http://172.31.255.254".into(), "private"),
        ("http://192.168.0.1".into(), "private"),
        ("http://0xa000001".into(), "private"),
        ("http://100.64.0.1".into(), "cgnat"),
        ("http://169.254.169.254".into(), "metadata"),
        ("http://2852039166".into(), "metadata"),
        ("http://0251.0376.0251.0376".into(), "metadata"),
        ("http://[::ffff:169.254.169.254]".into(), "metadata"),
        ("http://[fd00:ec2::254]".into(), "metadata"),
        ("http://169.254.1.1".into(), "link-local"),
        ("http://[fe80::1]".into(), "link-local"),
        ("http://[fc00::1]".into(), "unique-local"),
        ("http://[fd12:3456::1]".into(), "unique-local"),
        ("http://224.0.0.1".into(), "multicast"),
        ("http://[ff02::1]".into(), "multicast"),
        ("http://255.255.255.255".into(), "broadcast"),
        ("http://240.0.0.1".into(), "reserved"),
        ("http://[64:ff9b::a9fe:a9fe]".into(), "metadata"),
        ("http://localhost".into(), "loopback"),
        (lo("LOCALHOST."), "loopback"),
        (lo("rebind.test"), "loopback"),
        ("http://internal.test".into(), "private"),
        ("http://mixed.test".into(), "private"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_address_class_and_spelling_is_refused_before_connecting() {
    let up = upstream().await;
    let servers = hostile_servers(up.addr.port());
    // Guard: none of these literals may ever be connected to, even if the server had a bug.
    for (url, _) in &servers {
        let u = url::Url::parse(url).unwrap();
        if let Some(proxy::netpolicy::Host::Ip(ip)) = proxy::netpolicy::host_of(&u) {
            assert!(Policy::default().check(ip).is_err(), "{url} would be allowed");
        }
    }
    let doc = spec(&servers.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>(), &["/secret"]);
    // Names resolved by a test resolver: one to loopback, one private, one mixing public and private.
    let resolver: proxy::tryit::Resolver = Arc::new(|host: String, port: u16| {
        Box::pin(async move {
            let ips: Vec<&str> = match host.as_str() {
                "rebind.test" => vec!["127.0.0.1"],
                "internal.test" => vec!["10.1.2.3"],
                "mixed.test" => vec!["193.0.96.1", "192.168.1.1"],
                other => return Ok(tokio::net::lookup_host((other, port)).await?.collect()),
            };
            Ok(ips.into_iter().map(|i| std::net::SocketAddr::new(i.parse().unwrap(), port)).collect())
        })
    });
    let off = Rate { per_second: 0.0, burst: 0.0 };
    let settings = Settings { try_rate: off, ..Settings::default() }; // nothing private allowed
    let srv = start(&[("evil", "1", doc)], settings, Sink::Off, Some(resolver)).await;
    let listing = get(srv.addr, "/try/evil/1/").await.json();
    let urls: Vec<String> = listing["servers"].as_array().unwrap().iter().map(|s| s["url"].as_str().unwrap().to_string()).collect();
    assert_eq!(urls.len(), servers.len(), "{urls:#?}");
    for (i, (url, reason)) in servers.iter().enumerate() {
        let a = call(srv.addr, "GET", &format!("/try/evil/1/{i}/secret"), &[("authorization", "Bearer t")], "").await;
        assert_eq!(a.status, 403, "{url}: {}", String::from_utf8_lossy(&a.body));
        let p = a.json();
        assert_eq!(p["type"], "https://katalog.gov.pl/problems/address-refused", "{url}");
        assert_eq!(p["reason"], *reason, "{url}: {p}");
    }
    assert_eq!(up.seen.hits.load(Ordering::SeqCst), 0, "nothing reached the upstream");
    let metrics = get(srv.addr, "/metrics").await;
    let text = String::from_utf8_lossy(&metrics.body);
    assert!(text.contains("katalog_proxy_refused_total{reason=\"loopback\"}"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allowed_range_opens_only_itself() {
    let up = upstream().await;
    let port = up.addr.port();
    let doc = spec(&[format!("http://127.0.0.1:{port}/base"), format!("http://127.0.0.2:{port}/base")], &["/orders/{id}"]);
    let settings = Settings { allow_private: vec!["127.0.0.1".parse().unwrap()], ..open_settings() };
    let srv = start(&[("up", "1", doc)], settings, Sink::Off, None).await;
    assert_eq!(get(srv.addr, "/try/up/1/0/orders/1").await.status, 200);
    let a = get(srv.addr, "/try/up/1/1/orders/1").await;
    assert_eq!((a.status, a.json()["reason"].as_str()), (403, Some("loopback")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_upstream_is_a_502_problem() {
    // A port nothing listens on (bound, then released).
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let doc = spec(&[format!("http://127.0.0.1:{port}")], &["/x"]);
    let srv = start(&[("down", "1", doc)], open_settings(), Sink::Off, None).await;
    let a = get(srv.addr, "/try/down/1/0/x").await;
    assert_eq!(a.status, 502);
    assert_eq!(a.json()["type"], "https://katalog.gov.pl/problems/upstream-unreachable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_and_discovery_requests_go_only_where_the_spec_says() {
    let up = upstream().await;
    let base = format!("http://127.0.0.1:{}/base", up.addr.port());
    let mut doc = spec(std::slice::from_ref(&base), &["/echo"]);
    doc["components"] = json!({"securitySchemes": {
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": format!("{base}/echo"), "scopes": {}}}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": format!("{base}/.well-known/openid-configuration")},
        "evil": {"type": "openIdConnect", "openIdConnectUrl": format!("{base}/evil-discovery")},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    }});
    let srv = start(&[("up", "1", doc)], open_settings(), Sink::Off, None).await;
    let form = [("content-type", "application/x-www-form-urlencoded"), ("authorization", "Basic Y2xpZW50OnNlY3JldA==")];
    let a = call(srv.addr, "POST", "/try/up/1/auth/oauth/token", &form, "grant_type=client_credentials").await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let echo = a.json();
    assert_eq!((echo["method"].as_str(), echo["uri"].as_str()), (Some("POST"), Some("/base/echo")));
    assert_eq!(echo["body"], "grant_type=client_credentials");
    assert_eq!(echo["headers"]["authorization"], "Basic Y2xpZW50OnNlY3JldA==");
    let a = get(srv.addr, "/try/up/1/auth/oidc/discovery").await;
    assert_eq!(a.json()["token_endpoint"], format!("{base}/echo"));
    let a = call(srv.addr, "POST", "/try/up/1/auth/oidc/token", &form, "grant_type=authorization_code&code=x").await;
    assert_eq!(a.json()["uri"], "/base/echo");
    let a = call(srv.addr, "POST", "/try/up/1/auth/evil/token", &form, "grant_type=client_credentials").await;
    assert_eq!((a.status, a.json()["type"].as_str()), (502, Some("https://katalog.gov.pl/problems/bad-discovery")));
    for (method, path) in [("POST", "/try/up/1/auth/key/token"), ("POST", "/try/up/1/auth/nope/token"), ("GET", "/try/up/1/auth/oauth/token")] {
        let a = call(srv.addr, method, path, &[], "").await;
        assert!(a.status == 404 || a.status == 405, "{method} {path}: {}", a.status);
    }
}
