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
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tokio::net::TcpStream;

use crate::netpolicy::{host_of, host_of_authority, Host, Policy, Refusal};
use crate::problem::Problem;
use crate::registry::{Entry, Target};
use crate::upstream::wire::{values, Fields};
use crate::upstream::{Client, Origin, Outgoing, UpstreamError, WireError};

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

    /// How long resolving, connecting and a TLS handshake may each take.
    pub fn timeout(&self) -> std::time::Duration {
        self.timeout
    }

    /// A TCP connection to `host` (a name or a literal address, as in a URL) on `port`: to the
    /// first of its checked addresses that answers.
    pub async fn connect(&self, host: &str, port: u16) -> Result<TcpStream, ConnectError> {
        let addrs = match tokio::time::timeout(self.timeout, self.resolve(host, port)).await {
            Err(_) => return Err(ConnectError::Io(io::Error::new(io::ErrorKind::TimedOut, "resolving timed out"))),
            Ok(Err(e)) => {
                return Err(match e.downcast::<Refused>() {
                    Ok(r) => ConnectError::Refused(*r),
                    Err(e) => ConnectError::Io(io::Error::other(e.to_string())),
                })
            }
            Ok(Ok(a)) => a,
        };
        let mut last = None;
        for addr in addrs {
            match tokio::time::timeout(self.timeout, TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => {
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Ok(Err(e)) => last = Some(e),
                Err(_) => last = Some(io::Error::new(io::ErrorKind::TimedOut, format!("connecting to {addr} timed out"))),
            }
        }
        Err(ConnectError::Io(last.unwrap_or_else(|| io::Error::other("no address"))))
    }
}

/// Why [`PinnedConnector::connect`] gave no connection.
#[derive(Debug)]
pub enum ConnectError {
    /// The policy refused the address.
    Refused(Refused),
    /// Resolving or connecting failed.
    Io(io::Error),
}

/// Sent by the console as `Katalog-Redirect: expose`: a redirect's `Location` comes back as
/// [`KATALOG_LOCATION`], so the browser shows it instead of following it.
pub const KATALOG_REDIRECT: HeaderName = HeaderName::from_static("katalog-redirect");
/// Where an upstream redirect pointed, when the console asked to see it.
pub const KATALOG_LOCATION: HeaderName = HeaderName::from_static("katalog-location");

/// Headers that concern one connection only (RFC 9110 §7.6.1) and never cross a proxy.
fn hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "connection" | "keep-alive" | "proxy-connection" | "proxy-authenticate" | "proxy-authorization" | "te" | "trailer" | "transfer-encoding" | "upgrade"
    )
}
/// Request headers not forwarded: cookies of our origin, who the client is, our own controls.
fn dropped_request(name: &str) -> bool {
    matches!(
        name,
        "host"
            | "cookie"
            | "content-length"
            | "origin"
            | "referer"
            | "forwarded"
            | "x-forwarded-for"
            | "x-forwarded-host"
            | "x-forwarded-proto"
            | "x-real-ip"
            | "via"
            | "expect"
    )
}

/// Response headers not relayed: cookies, and what would bind our origin to the upstream's policy.
fn dropped_response(name: &str) -> bool {
    matches!(
        name,
        "set-cookie"
            | "set-cookie2"
            | "content-length"
            | "strict-transport-security"
            | "alt-svc"
            | "public-key-pins"
            | "clear-site-data"
            | "content-security-policy"
            | "content-security-policy-report-only"
            | "refresh"
    )
}

/// The names a `Connection` header lists: they concern that connection only.
fn connection_listed<'v>(connection: impl Iterator<Item = &'v HeaderValue>) -> impl Iterator<Item = &'v [u8]> {
    connection.flat_map(|v| v.as_bytes().split(|&b| b == b',')).map(<[u8]>::trim_ascii)
}

fn listed_in_connection(headers: &HeaderMap, name: &HeaderName) -> bool {
    connection_listed(headers.get_all(header::CONNECTION).iter()).any(|l| l.eq_ignore_ascii_case(name.as_str().as_bytes()))
}

/// The request headers forwarded upstream: `incoming` without hop-by-hop fields, those its
/// `Connection` header lists, cookies, framing and who the client is.
pub fn forward_request_headers(incoming: &HeaderMap) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
    let has_connection = incoming.contains_key(header::CONNECTION);
    incoming.iter().filter(move |(name, _)| {
        let n = name.as_str();
        !(hop_by_hop(n) || dropped_request(n) || n.starts_with("katalog-") || (has_connection && listed_in_connection(incoming, name)))
    })
}

/// The upstream response headers relayed to the client.
pub fn relay_response_headers(upstream: Fields, expose_redirect: bool) -> HeaderMap {
    // The names a Connection field lists, but for `keep-alive` (hop-by-hop anyway) and `close`
    // (no field): so the usual `Connection: keep-alive` allocates nothing.
    let listed: Vec<Vec<u8>> = connection_listed(values(&upstream, &header::CONNECTION))
        .filter(|l| !l.eq_ignore_ascii_case(b"keep-alive") && !l.eq_ignore_ascii_case(b"close"))
        .map(<[u8]>::to_ascii_lowercase)
        .collect();
    let mut out = HeaderMap::with_capacity(upstream.len() + 2);
    for (name, value) in upstream {
        let n = name.as_str();
        if hop_by_hop(n) || dropped_response(n) || n.starts_with("access-control-") || listed.iter().any(|l| l == n.as_bytes()) {
            continue;
        }
        let name = if expose_redirect && name == header::LOCATION { KATALOG_LOCATION } else { name };
        out.append(name, value);
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

/// Sends one request upstream and collects the answer within the limits.
pub async fn forward<'h, H>(
    client: &Client,
    req: Outgoing<'_, H>,
    max_response: usize,
    total: Duration,
    expose_redirect: bool,
) -> Result<Response<Body>, Failure>
where
    H: IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>,
{
    let sent = client.send(req, max_response);
    let received = match tokio::time::timeout(total, sent).await {
        Err(_) => {
            return Err(Failure::Problem(Problem::new(
                StatusCode::GATEWAY_TIMEOUT,
                "upstream-timeout",
                "Upstream timed out",
                format!("no complete answer within {} s", total.as_secs_f64()),
            )))
        }
        Ok(Err(e)) => {
            return Err(match e {
                UpstreamError::Refused(r) => Failure::Refused(r),
                UpstreamError::Connect(why) => {
                    Failure::Problem(Problem::new(StatusCode::BAD_GATEWAY, "upstream-unreachable", "Upstream unreachable", format!("cannot connect: {why}")))
                }
                UpstreamError::Wire(WireError::TooLarge(n)) => Failure::Problem(Problem::new(
                    StatusCode::BAD_GATEWAY,
                    "upstream-too-large",
                    "Upstream response too large",
                    format!("the response body exceeds {n} bytes"),
                )),
                e => Failure::Problem(Problem::new(StatusCode::BAD_GATEWAY, "upstream-error", "Upstream error", e.to_string())),
            })
        }
        Ok(Ok(r)) => r,
    };
    let mut resp = Response::new(Body::from(received.body));
    *resp.status_mut() = received.status;
    *resp.headers_mut() = relay_response_headers(received.headers, expose_redirect);
    Ok(resp)
}

/// Checks a declared server's host before a call: a literal address the policy refuses is
/// refused here (the connector checks names, and literals again, when it connects).
pub fn check_target(target: &Target, policy: &Policy) -> Result<(), Failure> {
    check_host(target.host.as_ref(), &target.url, policy)
}

fn check_host(host: Option<&Host>, url: &url::Url, policy: &Policy) -> Result<(), Failure> {
    match host {
        None => Err(Failure::Refused(Refused::BadHost(url.host_str().unwrap_or("").to_string()))),
        Some(Host::Ip(ip)) => {
            policy.check(*ip).map_err(|reason| Failure::Refused(Refused::Address { host: url.host_str().unwrap_or("").to_string(), ip: *ip, reason }))
        }
        Some(Host::Name(_)) => Ok(()),
    }
}

/// The request target for `path` (inside the API, raw, starting with `/`) and `query` on a
/// server whose URL path is `base_path`.
pub fn request_target(base_path: &str, path: &str, query: Option<&str>) -> String {
    let mut out = String::with_capacity(base_path.len() + path.len() + query.map_or(0, |q| q.len() + 1));
    out.push_str(base_path);
    out.push_str(path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Where a URL a spec declares outside its servers (a token endpoint, a discovery document)
/// takes a call: its origin and request target, after the same host check.
pub fn destination(url: &url::Url, policy: &Policy) -> Result<(Origin, String), Failure> {
    check_host(host_of(url).as_ref(), url, policy)?;
    let origin = Origin::of(url).ok_or_else(|| Failure::Refused(Refused::BadHost(url.as_str().to_string())))?;
    Ok((origin, url[url::Position::BeforePath..url::Position::AfterQuery].to_string()))
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
