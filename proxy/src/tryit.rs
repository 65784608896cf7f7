//! The try-it proxy: `/try/<api>/<version>/<server>/<path>` forwards a browser's request to
//! server number `<server>` declared in that API version's spec, for a path and method the spec
//! declares — and nowhere else. The connector resolves the host, checks every address against
//! the [`Policy`] and connects to the address it checked (no second lookup an attacker could
//! rebind); literal hosts in any spelling are parsed as addresses and checked too. Redirects are
//! handed back, never followed, so credentials never travel to another host. Cookies and
//! hop-by-hop headers are dropped both ways; bodies, time, concurrency and per-client rate are
//! bounded. Upstream connections are pooled (keep-alive).

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, Uri};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::json;
use tokio::net::TcpStream;

use crate::netpolicy::{host_of, host_of_authority, Host, Policy, Refusal};
use crate::problem::Problem;
use crate::registry::Entry;

/// Resolves a host name to addresses (the system resolver, or a test's map).
pub type Resolver = Arc<dyn Fn(String, u16) -> Pin<Box<dyn Future<Output = io::Result<Vec<SocketAddr>>> + Send>> + Send + Sync>;

/// The system resolver (`getaddrinfo` on a blocking thread).
pub fn system_resolver() -> Resolver {
    Arc::new(|host, port| Box::pin(async move { Ok(tokio::net::lookup_host((host.as_str(), port)).await?.collect()) }))
}

/// The connector refused a target.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Refused {
    /// The host resolves to (or is) an address the policy refuses.
    #[error("{host} is {ip}, a {} address the proxy does not connect to", .reason.as_str())]
    Address {
        /// Host as written.
        host: String,
        /// The refused address.
        ip: IpAddr,
        /// Its class.
        reason: Refusal,
    },
    /// The host cannot be read as a name or an address.
    #[error("{0:?} is not a usable host")]
    BadHost(String),
}

impl Refused {
    /// Short reason for metrics and the audit log.
    pub fn reason(&self) -> &'static str {
        match self {
            Refused::Address { reason, .. } => reason.as_str(),
            Refused::BadHost(_) => "bad-host",
        }
    }
}

/// Connects only to addresses the policy allows, and to exactly the address it checked.
#[derive(Clone)]
pub struct PinnedConnector {
    policy: Arc<Policy>,
    resolver: Resolver,
    timeout: Duration,
}

impl PinnedConnector {
    /// A connector.
    pub fn new(policy: Arc<Policy>, resolver: Resolver, timeout: Duration) -> PinnedConnector {
        PinnedConnector { policy, resolver, timeout }
    }

    /// The checked addresses for `host`.
    pub async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let parsed = host_of_authority(host).ok_or_else(|| Refused::BadHost(host.to_string()))?;
        let addrs: Vec<SocketAddr> = match parsed {
            Host::Ip(ip) => vec![SocketAddr::new(ip, port)],
            Host::Name(name) => (self.resolver)(name, port).await?,
        };
        if addrs.is_empty() {
            return Err(Box::new(io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address"))));
        }
        // One refused address refuses the name: a name that mixes public and internal addresses
        // is a rebinding attempt, not a server.
        for a in &addrs {
            self.policy.check(a.ip()).map_err(|reason| Refused::Address { host: host.to_string(), ip: a.ip(), reason })?;
        }
        Ok(addrs)
    }
}

impl tower_service::Service<Uri> for PinnedConnector {
    type Response = TokioIo<TcpStream>;
    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let host = uri.host().ok_or_else(|| Refused::BadHost(uri.to_string()))?.to_string();
            let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 });
            let addrs = tokio::time::timeout(this.timeout, this.resolve(&host, port))
                .await
                .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "resolving timed out"))??;
            let mut last = None;
            for addr in addrs {
                match tokio::time::timeout(this.timeout, TcpStream::connect(addr)).await {
                    Ok(Ok(stream)) => {
                        let _ = stream.set_nodelay(true);
                        return Ok(TokioIo::new(stream));
                    }
                    Ok(Err(e)) => last = Some(e),
                    Err(_) => last = Some(io::Error::new(io::ErrorKind::TimedOut, format!("connecting to {addr} timed out"))),
                }
            }
            Err(Box::new(last.unwrap_or_else(|| io::Error::other("no address"))) as Self::Error)
        })
    }
}

/// The pooled upstream client.
pub type UpstreamClient = Client<hyper_rustls::HttpsConnector<PinnedConnector>, Full<Bytes>>;

/// A client over `connector`: TLS by rustls with ring and Mozilla's roots, HTTP/1.1, keep-alive.
pub fn client(connector: PinnedConnector, idle_per_host: usize) -> UpstreamClient {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(provider)
        .expect("ring supports the default protocol versions")
        .https_or_http()
        .enable_http1()
        .wrap_connector(connector);
    Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(60)).pool_max_idle_per_host(idle_per_host).build(https)
}

/// Headers that concern one connection only (RFC 9110 §7.6.1) and never cross a proxy.
const HOP_BY_HOP: [&str; 9] =
    ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];
/// Request headers not forwarded: cookies of our origin, who the client is, our own controls.
const DROP_REQUEST: [&str; 12] = [
    "host",
    "cookie",
    "content-length",
    "origin",
    "referer",
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "via",
    "expect",
];
/// Response headers not relayed: cookies, and what would bind our origin to the upstream's policy.
const DROP_RESPONSE: [&str; 10] = [
    "set-cookie",
    "set-cookie2",
    "content-length",
    "strict-transport-security",
    "alt-svc",
    "public-key-pins",
    "clear-site-data",
    "content-security-policy",
    "content-security-policy-report-only",
    "refresh",
];

fn connection_listed(headers: &HeaderMap) -> Vec<String> {
    headers.get_all(header::CONNECTION).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(|s| s.trim().to_ascii_lowercase()).collect()
}

/// The request headers forwarded upstream.
pub fn forward_request_headers(incoming: &HeaderMap) -> HeaderMap {
    let listed = connection_listed(incoming);
    let mut out = HeaderMap::new();
    for (name, value) in incoming {
        let n = name.as_str();
        if HOP_BY_HOP.contains(&n) || DROP_REQUEST.contains(&n) || n.starts_with("katalog-") || listed.iter().any(|l| l == n) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

/// The upstream response headers relayed to the client.
pub fn relay_response_headers(upstream: &HeaderMap, expose_redirect: bool) -> HeaderMap {
    let listed = connection_listed(upstream);
    let mut out = HeaderMap::new();
    for (name, value) in upstream {
        let n = name.as_str();
        if HOP_BY_HOP.contains(&n) || DROP_RESPONSE.contains(&n) || n.starts_with("access-control-") || listed.iter().any(|l| l == n) {
            continue;
        }
        if expose_redirect && name == header::LOCATION {
            out.append(HeaderName::from_static("katalog-location"), value.clone());
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    // The upstream's answer is shown under our origin: it must never run there as a page.
    out.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out
}

/// A path inside the API that stays inside it: no dot segments (plain or encoded), no backslashes.
pub fn safe_path(path: &str) -> bool {
    let b = path.as_bytes();
    let escaped = |w: &[u8]| w[0] == b'%' && ((w[1] == b'5' && w[2].eq_ignore_ascii_case(&b'c')) || (w[1] == b'0' && w[2] == b'0'));
    if b.contains(&b'\\') || b.windows(3).any(escaped) {
        return false;
    }
    !path.split('/').any(dot_segment)
}

/// `.` or `..`, with any dot written as `%2e` or `%2E`.
fn dot_segment(seg: &str) -> bool {
    let mut rest = seg.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => tail,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// The listing of a version's servers for the console (`GET /try/<api>/<version>/`).
pub fn listing(entry: &Entry, sandbox: Option<String>) -> Response<Body> {
    let servers: Vec<_> =
        entry.targets.iter().enumerate().map(|(i, t)| json!({"index": i, "url": t.url.as_str().trim_end_matches('/'), "description": t.description})).collect();
    let doc = json!({"api": entry.api, "version": entry.version, "servers": servers, "sandbox": sandbox});
    let mut resp = Response::new(Body::from(serde_json::to_vec(&doc).expect("JSON")));
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// Why a forwarded call failed.
pub enum Failure {
    /// The connector refused the address.
    Refused(Refused),
    /// Anything else, as a problem.
    Problem(Problem),
}

fn find_refusal(e: &(dyn std::error::Error + 'static)) -> Option<Refused> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<Refused>() {
            return Some(r.clone());
        }
        cur = err.source();
    }
    None
}

/// Sends one request upstream and collects the answer within the limits.
pub async fn forward(
    client: &UpstreamClient,
    req: Request<Full<Bytes>>,
    max_response: usize,
    total: Duration,
    expose_redirect: bool,
) -> Result<Response<Body>, Failure> {
    let call = async {
        let resp = client.request(req).await.map_err(|e| match find_refusal(&e) {
            Some(r) => Failure::Refused(r),
            None if e.is_connect() => Failure::Problem(Problem::new(
                StatusCode::BAD_GATEWAY,
                "upstream-unreachable",
                "Upstream unreachable",
                format!("cannot connect: {}", root_cause(&e)),
            )),
            None => Failure::Problem(Problem::new(StatusCode::BAD_GATEWAY, "upstream-error", "Upstream error", root_cause(&e))),
        })?;
        let (parts, body) = resp.into_parts();
        let too_big = || {
            Failure::Problem(Problem::new(
                StatusCode::BAD_GATEWAY,
                "upstream-too-large",
                "Upstream response too large",
                format!("the response body exceeds {max_response} bytes"),
            ))
        };
        if parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok()).is_some_and(|n| n > max_response as u64)
        {
            return Err(too_big());
        }
        let bytes = match Limited::new(body, max_response).collect().await {
            Ok(c) => c.to_bytes(),
            Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => return Err(too_big()),
            Err(e) => {
                return Err(Failure::Problem(Problem::new(StatusCode::BAD_GATEWAY, "upstream-error", "Upstream error", format!("reading the response: {e}"))))
            }
        };
        Ok((parts, bytes))
    };
    let (parts, bytes) = tokio::time::timeout(total, call).await.map_err(|_| {
        Failure::Problem(Problem::new(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream-timeout",
            "Upstream timed out",
            format!("no complete answer within {} s", total.as_secs_f64()),
        ))
    })??;
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = parts.status;
    *resp.headers_mut() = relay_response_headers(&parts.headers, expose_redirect);
    Ok(resp)
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The upstream URI for `path` (inside the API, raw) and `query` on `target`, after checking
/// the target's literal host (the connector checks names and literals again when it connects).
pub fn upstream_uri(target: &url::Url, path: &str, query: Option<&str>, policy: &Policy) -> Result<Uri, Failure> {
    match host_of(target) {
        None => return Err(Failure::Refused(Refused::BadHost(target.host_str().unwrap_or("").to_string()))),
        Some(Host::Ip(ip)) => {
            policy.check(ip).map_err(|reason| Failure::Refused(Refused::Address { host: target.host_str().unwrap_or("").to_string(), ip, reason }))?;
        }
        Some(Host::Name(_)) => {}
    }
    let origin = &target[..url::Position::BeforePath];
    // An empty path means the URL itself (a token endpoint); otherwise the path joins the base.
    let (base, path) = match (target.path().trim_end_matches('/'), path) {
        ("", "") => ("", "/"),
        (b, "") => (b, ""),
        (b, p) => (b, p),
    };
    let full = match query {
        Some(q) => format!("{origin}{base}{path}?{q}"),
        None => format!("{origin}{base}{path}"),
    };
    full.parse::<Uri>()
        .map_err(|e| Failure::Problem(Problem::new(StatusCode::BAD_REQUEST, "bad-path", "Unusable path", format!("cannot build the upstream URL: {e}"))))
}

/// Where an auth helper call goes.
#[derive(Debug, Clone)]
pub enum AuthTarget {
    /// An OpenID Connect discovery document.
    Discovery(url::Url),
    /// An OAuth 2.0 token endpoint.
    Token(url::Url),
}

/// The endpoint a security scheme declares for `action` (`discovery` or `token`); `flow` picks an
/// OAuth 2.0 flow (`client_credentials`, `authorization_code`…; the first with a token URL by
/// default). Relative URLs are resolved against the version's first server.
pub fn auth_target(entry: &Entry, scheme: &str, action: &str, flow: Option<&str>) -> Result<AuthTarget, Problem> {
    use catalog::spec::{FlowKind, SecuritySchemeKind};
    let not_found = |what: String| Problem::new(StatusCode::NOT_FOUND, "no-such-auth", "No such authentication endpoint", what);
    let s =
        entry.spec.security_schemes.iter().find(|s| s.key == scheme).ok_or_else(|| not_found(format!("the spec declares no security scheme {scheme:?}")))?;
    let resolve = |raw: &str| -> Result<url::Url, Problem> {
        let base = entry.targets.first().map(|t| t.url.clone());
        let url = url::Url::parse(raw).or_else(|_| base.ok_or(url::ParseError::RelativeUrlWithoutBase).and_then(|b| b.join(raw)));
        match url {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.username().is_empty() && u.password().is_none() => Ok(u),
            _ => Err(not_found(format!("{raw:?} is not a usable http(s) URL"))),
        }
    };
    match (&s.kind, action) {
        (SecuritySchemeKind::OpenIdConnect { url }, "discovery" | "token") => Ok(AuthTarget::Discovery(resolve(url)?)),
        (SecuritySchemeKind::OAuth2 { flows }, "token") => {
            let name = |k: FlowKind| match k {
                FlowKind::ClientCredentials => "client_credentials",
                FlowKind::AuthorizationCode => "authorization_code",
                FlowKind::Password => "password",
                FlowKind::Implicit => "implicit",
            };
            let f = flows
                .iter()
                .filter(|f| f.token_url.is_some())
                .find(|f| flow.is_none_or(|want| name(f.kind) == want))
                .ok_or_else(|| not_found(format!("{scheme} declares no token URL for that flow")))?;
            Ok(AuthTarget::Token(resolve(f.token_url.as_deref().unwrap_or(""))?))
        }
        _ => Err(not_found(format!("{scheme} has no {action} endpoint"))),
    }
}

/// The `token_endpoint` of a discovery document, when it is on the discovery URL's host.
pub async fn token_endpoint_from_discovery(discovery: &url::Url, resp: Response<Body>) -> Result<url::Url, Failure> {
    let bad = |why: &str| Failure::Problem(Problem::new(StatusCode::BAD_GATEWAY, "bad-discovery", "Unusable discovery document", why.to_string()));
    if !resp.status().is_success() {
        return Err(bad(&format!("the discovery document answered {}", resp.status())));
    }
    let bytes = resp.into_body().collect().await.map_err(|_| bad("unreadable"))?.to_bytes();
    let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| bad("not JSON"))?;
    let raw = doc.get("token_endpoint").and_then(|v| v.as_str()).ok_or_else(|| bad("no token_endpoint"))?;
    let url = url::Url::parse(raw).map_err(|_| bad("token_endpoint is not a URL"))?;
    if url.host_str() != discovery.host_str() || !matches!(url.scheme(), "http" | "https") {
        return Err(bad("token_endpoint is on another host than the discovery document"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::safe_path;

    #[test]
    fn safe_path_refuses_dot_segments_in_every_spelling_and_backslashes() {
        for bad in ["/a/../b", "/a/./b", "/..", "/a/%2e%2e/b", "/a/%2E%2e", "/a/.%2E/b", "/a/%2e./b", "/a/%2e/b", "/a\\b", "/a/..%5cb", "/a/%5C", "/a%00.json"]
        {
            assert!(!safe_path(bad), "{bad} should be refused");
        }
        for good in ["/", "/a/b", "/a/b.json", "/a/.../b", "/a/%2e%2e%2e", "/a/.well-known", "/a/%2ex", "/a/b%20c", "/v1/..x"] {
            assert!(safe_path(good), "{good} should pass");
        }
    }
}
