//! A tiny world for the server's tests: a real upstream HTTP server on 127.0.0.1, a built-site
//! folder holding specs that declare it, our server on another loopback port, and a client.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Query, Request};
use axum::http::{HeaderMap, Response, StatusCode};
use axum::routing::{self, any};
use axum::Router;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use proxy::audit::Sink;
use proxy::config::Settings;
use proxy::registry::Registry;
use proxy::tryit::Resolver;
use proxy::{Server, Snapshot};
use serde_json::{json, Value};

/// What the upstream saw.
#[derive(Default)]
pub struct Seen {
    pub hits: AtomicUsize,
    pub secret_hits: AtomicUsize,
    pub peers: Mutex<HashSet<SocketAddr>>,
}

pub struct Upstream {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
}

async fn echo(ConnectInfo(peer): ConnectInfo<SocketAddr>, req: Request) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let headers: serde_json::Map<String, Value> = parts.headers.iter().map(|(k, v)| (k.as_str().to_string(), json!(v.to_str().unwrap_or("")))).collect();
    let doc = json!({"method": parts.method.as_str(), "uri": parts.uri.to_string(), "headers": headers,
                     "body": String::from_utf8_lossy(&body), "peer": peer.to_string()});
    Response::builder()
        .header("content-type", "application/json")
        .header("set-cookie", "session=upstream; Path=/")
        .header("connection", "x-resp-hop")
        .header("x-resp-hop", "1")
        .header("strict-transport-security", "max-age=31536000")
        .header("access-control-allow-origin", "*")
        .header("x-upstream", "yes")
        .body(Body::from(serde_json::to_vec(&doc).unwrap()))
        .unwrap()
}

pub async fn upstream() -> Upstream {
    let seen = Arc::new(Seen::default());
    let s1 = seen.clone();
    let s2 = seen.clone();
    let app = Router::new()
        .route("/base/echo", any(echo))
        .route(
            "/base/redirect",
            routing::get(|Query(q): Query<std::collections::HashMap<String, String>>| async move {
                Response::builder().status(StatusCode::FOUND).header("location", q.get("to").cloned().unwrap_or_default()).body(Body::empty()).unwrap()
            }),
        )
        .route(
            "/base/slow",
            routing::get(|| async {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                "late"
            }),
        )
        .route("/base/big", routing::get(|| async { vec![b'x'; 200_000] }))
        .route(
            "/base/chunked-big",
            routing::get(|| async {
                let chunks = (0..50).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'y'; 10_000])));
                Body::from_stream(futures_stream(chunks.collect()))
            }),
        )
        .route(
            "/base/.well-known/openid-configuration",
            routing::get(|ConnectInfo(me): ConnectInfo<SocketAddr>, req: Request| async move {
                let host = req.headers().get("host").and_then(|h| h.to_str().ok()).unwrap_or("").to_string();
                let _ = me;
                axum::Json(json!({"issuer": format!("http://{host}"), "authorization_endpoint": format!("http://{host}/base/authorize"),
                              "token_endpoint": format!("http://{host}/base/echo")}))
            }),
        )
        .route("/base/evil-discovery", routing::get(|| async { axum::Json(json!({"token_endpoint": "http://elsewhere.example/token"})) }))
        .route("/base/orders/{id}", routing::get(|| async { axum::Json(json!({"id": 1, "status": "placed"})) }))
        .route(
            "/secret",
            any(move || {
                let s = s2.clone();
                async move {
                    s.secret_hits.fetch_add(1, Ordering::SeqCst);
                    "secret"
                }
            }),
        )
        .layer(axum::middleware::from_fn(move |ConnectInfo(peer): ConnectInfo<SocketAddr>, req: Request, next: axum::middleware::Next| {
            let s = s1.clone();
            async move {
                s.hits.fetch_add(1, Ordering::SeqCst);
                s.peers.lock().unwrap().insert(peer);
                next.run(req).await
            }
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap() });
    Upstream { addr, seen }
}

fn futures_stream(items: Vec<Result<Bytes, std::io::Error>>) -> impl tokio_stream::Stream<Item = Result<Bytes, std::io::Error>> {
    tokio_stream::iter(items)
}

/// A spec (OpenAPI 3.0) with these servers and GET/POST operations at these paths.
pub fn spec(servers: &[String], paths: &[&str]) -> Value {
    let mut p = serde_json::Map::new();
    for path in paths {
        let op = json!({"responses": {"200": {"description": "ok"}}});
        p.insert(path.to_string(), json!({"get": op.clone(), "post": op, "parameters": []}));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Test", "version": "1"},
        "servers": servers.iter().map(|u| json!({"url": u})).collect::<Vec<_>>(),
        "paths": p,
    })
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub server: Arc<Server>,
    pub site: tempfile::TempDir,
}

/// Writes a site with `specs` (api, version, document) and starts our server over it.
pub async fn start(specs: &[(&str, &str, Value)], settings: Settings, sink: Sink, resolver: Option<Resolver>) -> TestServer {
    let site = tempfile::tempdir().unwrap();
    for (api, version, doc) in specs {
        let dir = site.path().join("specs").join(api).join(version);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("openapi.json"), serde_json::to_vec_pretty(doc).unwrap()).unwrap();
    }
    start_site(site, settings, sink, resolver).await
}

pub async fn start_site(site: tempfile::TempDir, mut settings: Settings, sink: Sink, resolver: Option<Resolver>) -> TestServer {
    let snapshot: Snapshot = proxy::read_site(site.path(), &mut settings).unwrap();
    let resolver = resolver.unwrap_or_else(proxy::tryit::system_resolver);
    let server = Server::new(snapshot, settings, sink, resolver, "/").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let s = server.clone();
    tokio::spawn(async move { proxy::serve(listener, s, std::future::pending()).await.unwrap() });
    TestServer { addr, server, site }
}

/// Settings for tests: 127.0.0.1 allowed, no rate limits.
pub fn open_settings() -> Settings {
    let off = proxy::config::Rate { per_second: 0.0, burst: 0.0 };
    Settings { allow_private: vec!["127.0.0.1/32".parse().unwrap()], try_rate: off, sandbox_rate: off, ..Settings::default() }
}

pub fn registry_of(server: &Server) -> Arc<Snapshot> {
    server.snapshot()
}

pub fn _unused(_: Registry) {}

pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build(HttpConnector::new())
}

pub async fn call(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut req = axum::http::Request::builder().method(method).uri(format!("http://{addr}{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::from(body.to_string()))).unwrap();
    let resp = client().request(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Answer { status: parts.status.as_u16(), headers: parts.headers, body }
}

pub async fn get(addr: SocketAddr, path: &str) -> Answer {
    call(addr, "GET", path, &[], "").await
}
