//! The Katalog server. It reads only what a build wrote (the site folder) and never parses
//! content/: in development it serves the static site with live reload ([`site`]); in every mode
//! it offers the try-it proxy (`/try/…`, [`tryit`]), the sandbox (`/sandbox/…`, [`sandbox`]), an
//! audit log ([`audit`]) and Prometheus metrics (`/metrics`, [`metrics`]).
//!
//! It holds no state that cannot be lost: the specs are read from the site at start (and on each
//! rebuild in development), rate-limit buckets and counters live in memory. Run as many copies
//! as needed behind a load balancer.

pub mod audit;
pub mod config;
pub mod metrics;
pub mod netpolicy;
pub mod problem;
pub mod ratelimit;
pub mod registry;
pub mod routes;
pub mod sandbox;
pub mod site;
#[cfg(test)]
mod test_util;
pub mod tryit;
pub mod upstream;
pub mod workers;

use std::borrow::Cow;
use std::collections::HashSet;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::body::{Body, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::routing::{any, get};
use axum::Router;
use bytes::Bytes;
use tokio::sync::Semaphore;

use crate::audit::{Audit, Batch, Record, Sink};
use crate::config::{ConfigError, ServerJson, Settings};
use crate::metrics::{CallCounters, Kind, Metrics};
use crate::netpolicy::Policy;
use crate::problem::Problem;
use crate::ratelimit::Limiter;
use crate::registry::Registry;
use crate::routes::NoMatch;
use crate::tryit::{Failure, Resolver};
use crate::upstream::{Client, Outgoing};

/// What can stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Settings are wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The audit log cannot be opened.
    #[error("audit log: {0}")]
    Audit(std::io::Error),
}

/// The specs and the sandbox switches, replaced whole on reload.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every API version.
    pub registry: Registry,
    /// Whether the sandbox answers.
    pub sandbox_enabled: bool,
    /// APIs without a sandbox.
    pub sandbox_disabled: HashSet<String>,
}

/// The server's state: shared by every request, owned explicitly (nothing global).
pub struct Server {
    site: Option<PathBuf>,
    snapshot: RwLock<Arc<Snapshot>>,
    settings: Settings,
    policy: Arc<Policy>,
    connector: tryit::PinnedConnector,
    tls: Arc<rustls::ClientConfig>,
    slots: Semaphore,
    try_limit: Limiter,
    sandbox_limit: Limiter,
    metrics: Arc<Metrics>,
    audit: Audit,
    base: String,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("site", &self.site).field("base", &self.base).finish_non_exhaustive()
    }
}

impl Snapshot {
    /// Whether the sandbox answers for `api`.
    pub fn sandbox_for(&self, api: &str) -> bool {
        self.sandbox_enabled && !self.sandbox_disabled.contains(api)
    }
}

/// Reads the site's specs and `server.json` into a snapshot; `settings` gets server.json's
/// proxy ranges added.
pub fn read_site(site: &Path, settings: &mut Settings) -> Result<Snapshot, ConfigError> {
    let json = ServerJson::read(site)?;
    settings.apply_server_json(&json)?;
    Ok(Snapshot {
        registry: Registry::load(site),
        sandbox_enabled: settings.sandbox_enabled,
        sandbox_disabled: settings.sandbox_disabled_apis.iter().cloned().collect(),
    })
}

impl Server {
    /// A server over `snapshot`. `base` is the path the routes live under (`/` or `/katalog/`).
    pub fn new(snapshot: Snapshot, settings: Settings, sink: Sink, resolver: Resolver, base: &str) -> Result<Arc<Server>, StartError> {
        let metrics = Arc::new(Metrics::default());
        let audit = Audit::new(sink, settings.audit_salt.as_deref(), metrics.clone()).map_err(StartError::Audit)?;
        let policy = Arc::new(Policy { allow: settings.allow_private.clone() });
        let connector = tryit::PinnedConnector::new(policy.clone(), resolver, settings.connect_timeout);
        let mut base = base.to_string();
        if !base.starts_with('/') {
            base.insert(0, '/');
        }
        if !base.ends_with('/') {
            base.push('/');
        }
        Ok(Arc::new(Server {
            site: None,
            snapshot: RwLock::new(Arc::new(snapshot)),
            slots: Semaphore::new(settings.max_concurrent_upstream),
            try_limit: Limiter::new(settings.try_rate),
            sandbox_limit: Limiter::new(settings.sandbox_rate),
            settings,
            policy,
            connector,
            tls: upstream::tls_config(upstream::mozilla_roots()),
            metrics,
            audit,
            base,
        }))
    }

    /// A server over a built site: its specs, endpoint list and `server.json`.
    pub fn from_site(site: &Path, mut settings: Settings, sink: Sink, base: &str) -> Result<Arc<Server>, StartError> {
        let snapshot = read_site(site, &mut settings)?;
        let server = Server::new(snapshot, settings, sink, tryit::system_resolver(), base)?;
        let mut server = Arc::try_unwrap(server).expect("not shared yet");
        server.site = Some(site.to_path_buf());
        Ok(Arc::new(server))
    }

    /// Re-reads the specs of the site (after a rebuild). Proxy ranges and limits stay as they were.
    pub fn reload(&self) -> Result<(), ConfigError> {
        let Some(site) = &self.site else { return Ok(()) };
        let mut settings = self.settings.clone();
        let snapshot = read_site(site, &mut settings)?;
        *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(snapshot);
        Ok(())
    }

    /// The current specs.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A new upstream client with its own connection pool, over the server's pinned connector.
    pub fn upstream_client(&self) -> Client {
        Client::new(self.connector.clone(), self.tls.clone(), self.settings.pool_idle_per_host, self.settings.pool_idle_timeout)
    }

    /// The counters.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The client's address: `peer`, or what the trusted load balancer's header says.
    fn client_ip(&self, headers: &axum::http::HeaderMap, peer: IpAddr) -> IpAddr {
        if let Some(name) = &self.settings.client_ip_header {
            let last = headers.get_all(name.as_str()).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).last();
            if let Some(ip) = last.and_then(|s| s.trim().parse::<IpAddr>().ok()) {
                return ip;
            }
        }
        peer
    }

    fn prefix(&self, what: &str) -> String {
        format!("{}{what}/", self.base)
    }
}

/// What the audit log and the counters learn about a call while it is handled: names borrowed
/// from the specs the call was answered from.
#[derive(Debug, Default)]
struct Observation<'s> {
    api: Option<&'s str>,
    version: Option<&'s str>,
    operation: Option<Cow<'s, str>>,
    request_bytes: u64,
    refused: Option<&'static str>,
}

fn not_found(kind: &'static str, title: &'static str, detail: String) -> Response<Body> {
    Problem::new(StatusCode::NOT_FOUND, kind, title, detail).into_response()
}

fn rate_limited(server: &Server, wait: std::time::Duration) -> Response<Body> {
    server.metrics.rate_limited.fetch_add(1, Ordering::Relaxed);
    let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    Problem::new(StatusCode::TOO_MANY_REQUESTS, "rate-limited", "Too many requests", format!("try again in {secs} s"))
        .header(header::RETRY_AFTER, secs.to_string())
        .into_response()
}

fn catalog_method(m: &axum::http::Method) -> Option<catalog::spec::Method> {
    use catalog::spec::Method as M;
    Some(match m.as_str() {
        "GET" => M::Get,
        "PUT" => M::Put,
        "POST" => M::Post,
        "DELETE" => M::Delete,
        "OPTIONS" => M::Options,
        "HEAD" => M::Head,
        "PATCH" => M::Patch,
        "TRACE" => M::Trace,
        _ => return None,
    })
}

fn no_match(e: NoMatch, path: &str) -> Response<Body> {
    match e {
        NoMatch::NotFound => not_found("no-such-operation", "No such operation", format!("the spec declares no operation at {path}")),
        NoMatch::MethodNotAllowed(allowed) => {
            Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", format!("{path} takes {}", allowed.join(", ")))
                .header(header::ALLOW, allowed.join(", "))
                .into_response()
        }
    }
}

/// The request body, at most `max_request_body` bytes, arriving within `client_timeout`.
async fn read_body(body: Body, settings: &Settings) -> Result<Bytes, Response<Body>> {
    // Most calls (GET) carry no body: nothing to collect.
    if body.is_end_stream() {
        return Ok(Bytes::new());
    }
    let max = settings.max_request_body;
    match tokio::time::timeout(settings.client_timeout, axum::body::to_bytes(body, max)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => {
            Err(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large", format!("at most {max} bytes")).into_response())
        }
        Err(_) => Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            "Request body too slow",
            format!("no complete body within {} s", settings.client_timeout.as_secs_f64()),
        )
        .header(header::CONNECTION, "close")
        .into_response()),
    }
}

/// Splits `api/version[/rest]`.
fn split_target(rest: &str) -> (&str, &str, Option<&str>) {
    let mut it = rest.splitn(3, '/');
    let api = it.next().unwrap_or("");
    let version = it.next().unwrap_or("");
    (api, version, it.next())
}

/// What the handlers of one thread share: the server, and the upstream pool of that thread (a
/// pooled connection is then always driven by the thread that uses it). Handlers get it behind
/// one `Arc`: axum clones the state for every call.
pub struct Worker {
    server: Arc<Server>,
    client: Client,
    counters: Arc<CallCounters>,
    audit: Batch,
}

impl Worker {
    /// A worker with its own upstream pool and counters, writing each audit line as it comes.
    pub fn new(server: Arc<Server>) -> Arc<Worker> {
        Worker::with_batch(server, Batch::immediate())
    }

    /// A worker for one thread that calls [`Worker::tick`] every 100 ms or so: its audit lines
    /// are handed to the writer in batches.
    pub fn for_thread(server: Arc<Server>) -> Arc<Worker> {
        Worker::with_batch(server, Batch::new())
    }

    fn with_batch(server: Arc<Server>, audit: Batch) -> Arc<Worker> {
        Arc::new(Worker { client: server.upstream_client(), counters: server.metrics.counters(), audit, server })
    }

    /// How long a client may take over a request ([`Settings::client_timeout`]).
    pub fn client_timeout(&self) -> std::time::Duration {
        self.server.settings.client_timeout
    }

    /// Hands the audit lines gathered so far to the writer.
    pub fn tick(&self) {
        self.server.audit.flush(&self.audit);
    }

    /// Counts a call, writes its audit line and adds the headers every answer carries.
    fn finish(&self, kind: Kind, start: Instant, ip: IpAddr, method: &str, obs: Observation<'_>, mut resp: Response<Body>) -> Response<Body> {
        let took = start.elapsed();
        let status = resp.status().as_u16();
        self.counters.call(kind, obs.api.unwrap_or(""), obs.version.unwrap_or(""), status, took);
        let audit = &self.server.audit;
        if audit.enabled() {
            audit.write(
                &self.audit,
                &Record {
                    time: Audit::now(),
                    kind: kind.as_str(),
                    api: obs.api,
                    version: obs.version,
                    operation: obs.operation.as_deref(),
                    method,
                    status,
                    latency_us: took.as_micros().min(u128::from(u64::MAX)) as u64,
                    request_bytes: obs.request_bytes,
                    response_bytes: resp.body().size_hint().exact().unwrap_or(0),
                    client: audit.client_hash(ip),
                    refused: obs.refused,
                },
            );
        }
        let h = resp.headers_mut();
        h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static("default-src 'none'; sandbox"));
        h.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
        h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
        resp
    }
}

fn peer_of(req: &Request) -> IpAddr {
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

async fn try_route(State(w): State<Arc<Worker>>, req: Request) -> Response<Body> {
    let peer = peer_of(&req);
    observed(&w, Kind::Try, req, peer).await
}

async fn sandbox_route(State(w): State<Arc<Worker>>, req: Request) -> Response<Body> {
    let peer = peer_of(&req);
    observed(&w, Kind::Sandbox, req, peer).await
}

/// Answers one request to the server's routes (`<base>try/…`, `<base>sandbox/…`,
/// `<base>metrics`, `<base>healthz`) from the client at `peer`, without a router: the production
/// server's threads call this for every request (axum's routing, extensions and boxing were a
/// tenth of the instructions of a proxied call).
pub async fn dispatch(w: &Worker, req: Request, peer: IpAddr) -> Response<Body> {
    let server = &*w.server;
    let path = req.uri().path();
    let Some(rest) = path.strip_prefix(server.base.as_str()) else {
        return not_found("not-found", "Not found", format!("nothing at {path}"));
    };
    if rest.starts_with("try/") {
        return observed(w, Kind::Try, req, peer).await;
    }
    if rest.starts_with("sandbox/") {
        return observed(w, Kind::Sandbox, req, peer).await;
    }
    let get_only = |resp: Response<Body>| {
        if req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD {
            resp
        } else {
            Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", "GET only")
                .header(header::ALLOW, "GET, HEAD")
                .into_response()
        }
    };
    match rest {
        "metrics" => get_only(metrics_response(server)),
        "healthz" => get_only(Response::new(Body::from("ok\n"))),
        _ => not_found("not-found", "Not found", format!("nothing at {path}")),
    }
}

/// One `/try/…` or `/sandbox/…` call: rate-limited per client, then answered, then counted and
/// written to the audit log.
async fn observed(w: &Worker, kind: Kind, req: Request, peer: IpAddr) -> Response<Body> {
    let server = &*w.server;
    let start = Instant::now();
    let ip = server.client_ip(req.headers(), peer);
    let method = req.method().clone();
    let snap = server.snapshot();
    let mut obs = Observation::default();
    let limit = match kind {
        Kind::Try => &server.try_limit,
        Kind::Sandbox => &server.sandbox_limit,
    };
    let resp = match limit.take(ip, start) {
        Err(wait) => rate_limited(server, wait),
        Ok(()) => match kind {
            Kind::Try => handle_try(server, &snap, &w.client, req, &mut obs).await,
            Kind::Sandbox => handle_sandbox(server, &snap, req, &mut obs).await,
        },
    };
    w.finish(kind, start, ip, method.as_str(), obs, resp)
}

/// The API version a `/try/<api>/<version>/…` or `/sandbox/<api>/<version>/…` URL names (noted
/// in `obs`), and the rest of the URL after it.
fn target_entry<'s, 'u>(
    server: &Server,
    snap: &'s Snapshot,
    kind: Kind,
    path: &'u str,
    obs: &mut Observation<'s>,
) -> Result<(&'s registry::Entry, Option<&'u str>), Box<Response<Body>>> {
    let (what, usage) = match kind {
        Kind::Try => ("try", "/try/<api>/<version>/<server>/<path>"),
        Kind::Sandbox => ("sandbox", "/sandbox/<api>/<version>/<path>"),
    };
    let Some(rest) = path.strip_prefix(server.base.as_str()).and_then(|p| p.strip_prefix(what)).and_then(|p| p.strip_prefix('/')) else {
        return Err(Box::new(not_found("not-found", "Not found", format!("expected {usage}"))));
    };
    let (api, version, rest) = split_target(rest);
    let Some(entry) = snap.registry.get(api, version) else {
        return Err(Box::new(not_found("no-such-api", "No such API", format!("no API {api:?} version {version:?} in this catalog"))));
    };
    obs.api = Some(&entry.api);
    obs.version = Some(&entry.version);
    Ok((entry, rest))
}

/// The operation's name in the audit log: its operationId, or its key when it has none.
fn operation_name(op: &catalog::spec::Operation) -> Cow<'_, str> {
    Cow::Borrowed(op.operation_id.as_deref().unwrap_or(&op.key))
}

async fn handle_try<'s>(server: &Server, snap: &'s Snapshot, client: &Client, req: Request, obs: &mut Observation<'s>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let (entry, rest) = match target_entry(server, snap, Kind::Try, parts.uri.path(), obs) {
        Ok(found) => found,
        Err(resp) => return *resp,
    };
    let rest = rest.unwrap_or("");
    if rest.is_empty() {
        let sandbox = snap.sandbox_for(&entry.api).then(|| format!("{}{}/{}", server.prefix("sandbox"), entry.api, entry.version));
        return tryit::listing(entry, sandbox);
    }
    let (index, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if index == "auth" {
        return handle_auth(server, client, entry, path, &parts, body, obs).await;
    }
    let Some(target) = index.parse::<usize>().ok().and_then(|i| entry.targets.get(i)) else {
        return not_found(
            "no-such-server",
            "No such server",
            format!("{} {} declares {} usable servers; {index:?} is not one of them", entry.api, entry.version, entry.targets.len()),
        );
    };
    if !tryit::safe_path(path) {
        return Problem::new(StatusCode::BAD_REQUEST, "bad-path", "Unusable path", "dot segments and backslashes are not allowed").into_response();
    }
    let Some(m) = catalog_method(&parts.method) else {
        return no_match(NoMatch::MethodNotAllowed(Vec::new()), path);
    };
    let op = match entry.routes.find_op(m, path) {
        Ok(op) => op,
        Err(e) => return no_match(e, path),
    };
    obs.operation = Some(operation_name(&entry.spec.operations[op]));
    let body = match read_body(body, &server.settings).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    obs.request_bytes = body.len() as u64;
    let refused = |obs: &mut Observation<'_>, r: tryit::Refused| {
        server.metrics.refused(r.reason());
        obs.refused = Some(r.reason());
        Problem::new(StatusCode::FORBIDDEN, "address-refused", "Target address not allowed", r.to_string()).with("reason", r.reason().into()).into_response()
    };
    match tryit::check_target(target, &server.policy) {
        Ok(()) => {}
        Err(Failure::Refused(r)) => return refused(obs, r),
        Err(Failure::Problem(p)) => return p.into_response(),
    }
    let request_target = tryit::request_target(&target.base_path, path, parts.uri.query());
    let Ok(_permit) = server.slots.try_acquire() else {
        server.metrics.busy.fetch_add(1, Ordering::Relaxed);
        return Problem::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Proxy busy", "every upstream slot is taken; try again shortly")
            .header(header::RETRY_AFTER, "1")
            .into_response();
    };
    let expose = parts.headers.get(&tryit::KATALOG_REDIRECT).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"expose"));
    let headers = tryit::forward_request_headers(&parts.headers);
    let call = Outgoing { method: &parts.method, origin: &target.origin, target: &request_target, headers, body: &body };
    let s = &server.settings;
    match tryit::forward(client, call, s.max_response_body, s.total_timeout, expose).await {
        Ok(resp) => resp,
        Err(Failure::Refused(r)) => refused(obs, r),
        Err(Failure::Problem(p)) => p.into_response(),
    }
}

/// `/try/<api>/<version>/auth/<scheme>/discovery` (GET: the OpenID Connect discovery document the
/// scheme declares) and `…/auth/<scheme>/token` (POST: a token request to the token endpoint the
/// scheme declares — or, for OpenID Connect, the one its discovery document names on the same
/// host). The console cannot call identity providers itself (`connect-src 'self'`); these are the
/// only non-operation targets the proxy reaches, and only those a spec declares.
async fn handle_auth(
    server: &Server,
    client: &Client,
    entry: &registry::Entry,
    path: &str,
    parts: &axum::http::request::Parts,
    body: Body,
    obs: &mut Observation<'_>,
) -> Response<Body> {
    let mut segs = path.trim_start_matches('/').splitn(2, '/');
    let (scheme, action) = (routes::decode(segs.next().unwrap_or("")), segs.next().unwrap_or(""));
    obs.operation = Some(Cow::Owned(format!("auth:{scheme}:{action}")));
    let flow = parts.uri.query().and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "flow").map(|(_, v)| v.into_owned()));
    let body = match read_body(body, &server.settings).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    obs.request_bytes = body.len() as u64;
    let s = &server.settings;
    let refused = |obs: &mut Observation<'_>, r: tryit::Refused| {
        server.metrics.refused(r.reason());
        obs.refused = Some(r.reason());
        Problem::new(StatusCode::FORBIDDEN, "address-refused", "Target address not allowed", r.to_string()).with("reason", r.reason().into()).into_response()
    };
    let send = |url: url::Url, method: axum::http::Method, headers: axum::http::HeaderMap, body: Bytes| async move {
        let (origin, target) = tryit::destination(&url, &server.policy)?;
        let call = Outgoing { method: &method, origin: &origin, target: &target, headers: &headers, body: &body };
        tryit::forward(client, call, s.max_response_body, s.total_timeout, true).await
    };
    let target = match tryit::auth_target(entry, &scheme, action, flow.as_deref()) {
        Ok(t) => t,
        Err(p) => return p.into_response(),
    };
    let result = match (action, target) {
        ("discovery", tryit::AuthTarget::Discovery(url)) if parts.method == axum::http::Method::GET => {
            send(url, axum::http::Method::GET, axum::http::HeaderMap::new(), Bytes::new()).await
        }
        ("token", target) if parts.method == axum::http::Method::POST => {
            let token_url = match target {
                tryit::AuthTarget::Token(u) => Ok(u),
                tryit::AuthTarget::Discovery(d) => match send(d.clone(), axum::http::Method::GET, axum::http::HeaderMap::new(), Bytes::new()).await {
                    Ok(resp) => tryit::token_endpoint_from_discovery(&d, resp).await,
                    Err(e) => Err(e),
                },
            };
            match token_url {
                Ok(u) => {
                    let mut headers = axum::http::HeaderMap::new();
                    for h in [header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION] {
                        if let Some(v) = parts.headers.get(&h) {
                            headers.insert(h, v.clone());
                        }
                    }
                    send(u, axum::http::Method::POST, headers, body).await
                }
                Err(e) => Err(e),
            }
        }
        _ => {
            return Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", "GET …/discovery or POST …/token").into_response()
        }
    };
    match result {
        Ok(resp) => resp,
        Err(Failure::Refused(r)) => refused(obs, r),
        Err(Failure::Problem(p)) => p.into_response(),
    }
}

async fn handle_sandbox<'s>(server: &Server, snap: &'s Snapshot, req: Request, obs: &mut Observation<'s>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let (entry, rest) = match target_entry(server, snap, Kind::Sandbox, parts.uri.path(), obs) {
        Ok(found) => found,
        Err(resp) => return *resp,
    };
    if !snap.sandbox_for(&entry.api) {
        return not_found("sandbox-off", "No sandbox", format!("the sandbox is switched off for {}", entry.api));
    }
    let path = format!("/{}", rest.unwrap_or(""));
    let Some(mut m) = catalog_method(&parts.method) else {
        return no_match(NoMatch::MethodNotAllowed(Vec::new()), &path);
    };
    let mut found = entry.routes.find(m, &path);
    if m == catalog::spec::Method::Head && found.is_err() {
        m = catalog::spec::Method::Get;
        found = entry.routes.find(m, &path);
    }
    let matched = match found {
        Ok(f) => f,
        Err(e) => return no_match(e, &path),
    };
    obs.operation = Some(operation_name(&entry.spec.operations[matched.op]));
    let body = match read_body(body, &server.settings).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    obs.request_bytes = body.len() as u64;
    let query: Vec<(String, String)> = parts.uri.query().map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
    match sandbox::answer(entry, &matched, m.as_upper(), &path, &parts.headers, &query, &body) {
        Ok(resp) => resp,
        Err(p) => p.into_response(),
    }
}

fn metrics_response(server: &Server) -> Response<Body> {
    let mut resp = Response::new(Body::from(server.metrics.render()));
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    resp
}

async fn metrics_route(State(w): State<Arc<Worker>>) -> Response<Body> {
    metrics_response(&w.server)
}

/// The routes: `<base>try/…`, `<base>sandbox/…`, `<base>metrics`, `<base>healthz`. Each router
/// has its own upstream connection pool.
pub fn router(server: Arc<Server>) -> Router {
    let base = server.base.clone();
    let worker = Worker::new(server);
    Router::new()
        .route(&format!("{base}try/{{*rest}}"), any(try_route))
        .route(&format!("{base}sandbox/{{*rest}}"), any(sandbox_route))
        .route(&format!("{base}metrics"), get(metrics_route))
        .route(&format!("{base}healthz"), get(|| async { "ok\n" }))
        .with_state(worker)
}

/// Serves `router(server)` until the listener fails or `shutdown` completes.
pub async fn serve(listener: tokio::net::TcpListener, server: Arc<Server>, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, router(server).into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown).await
}
