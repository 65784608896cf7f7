//! The try-it proxy's upstream client: HTTP/1.1 with keep-alive over connections the
//! [`PinnedConnector`] opened to an address it checked, with TLS by rustls (ring, Mozilla's
//! roots) for `https`. A call is written, read and parsed in the task of the call itself: no
//! connection task, channel or per-call spawn between the handler and the socket. hyper's pooled
//! client has all three; on the proxy benchmark they were about a third of the proxy's user-space
//! CPU per call. Heads are parsed by httparse ([`wire`]).
//!
//! Each worker thread has its own client, so its pool is only ever locked by that thread. An idle
//! connection is checked before reuse ([`Stream::is_open`]): for a request that may be repeated,
//! by what the runtime already knows; for one that may not (POST, PATCH), by asking the socket
//! too. If the server closed it anyway and no byte of a response came back, an idempotent
//! request is sent once more on a new connection.

pub mod stream;
pub mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderName, HeaderValue, Method};
use bytes::{Bytes, BytesMut};
use rustls::pki_types::ServerName;
use tokio::io::AsyncWriteExt;
use tokio_rustls::TlsConnector;

use crate::tryit::{ConnectError, PinnedConnector, Refused};
pub use stream::Stream;
pub use wire::{Received, WireError};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// The connector refused the target's address.
    #[error(transparent)]
    Refused(Refused),
    /// No connection could be made (refused, unreachable, timed out, TLS failed).
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The request could not be written.
    #[error("writing the request: {0}")]
    Write(std::io::Error),
    /// The response could not be read.
    #[error(transparent)]
    Wire(#[from] WireError),
}

/// Where a connection goes: scheme, host as written in the URL, port. Worked out once per
/// declared server, when the site is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    https: bool,
    host: String,
    port: u16,
    /// The `Host` header: the host, and the port when the URL names one.
    authority: String,
}

impl Origin {
    /// The origin of an `http` or `https` URL with a host.
    pub fn of(url: &url::Url) -> Option<Origin> {
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let host = url.host_str().filter(|h| !h.is_empty())?.to_string();
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        Some(Origin { https, port: url.port_or_known_default()?, host, authority })
    }
}

/// One request for [`Client::send`]: `headers` already cleaned by the caller (no hop-by-hop or
/// framing fields).
#[derive(Debug)]
pub struct Outgoing<'a, H> {
    /// The method.
    pub method: &'a Method,
    /// Where it goes.
    pub origin: &'a Origin,
    /// The request target: path and query.
    pub target: &'a str,
    /// The header fields.
    pub headers: H,
    /// The body.
    pub body: &'a Bytes,
}

struct Idle {
    stream: Stream,
    since: Instant,
}

/// A pool of upstream connections and the way to make new ones.
pub struct Client {
    connector: PinnedConnector,
    tls: TlsConnector,
    idle: Mutex<HashMap<Origin, Vec<Idle>, foldhash::fast::RandomState>>,
    max_idle_per_origin: usize,
    idle_timeout: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("max_idle_per_origin", &self.max_idle_per_origin).finish_non_exhaustive()
    }
}

/// TLS settings: ring, TLS 1.2 and 1.3, `roots`, HTTP/1.1 by ALPN.
pub fn tls_config(roots: rustls::RootCertStore) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// Mozilla's root certificates, compiled in.
pub fn mozilla_roots() -> rustls::RootCertStore {
    rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() }
}

fn idempotent(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

impl Client {
    /// A client over `connector`, trusting the certificates `tls` trusts, keeping at most
    /// `max_idle_per_origin` idle connections per origin for `idle_timeout`.
    pub fn new(connector: PinnedConnector, tls: Arc<rustls::ClientConfig>, max_idle_per_origin: usize, idle_timeout: Duration) -> Client {
        Client { connector, tls: TlsConnector::from(tls), idle: Mutex::new(HashMap::default()), max_idle_per_origin, idle_timeout }
    }

    /// Sends `req` and reads the whole response, its body at most `max_body` bytes.
    pub async fn send<'h, H>(&self, req: Outgoing<'_, H>, max_body: usize) -> Result<Received, UpstreamError>
    where
        H: IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>,
    {
        let Outgoing { method, origin, target, headers, body } = req;
        let mut request = Vec::with_capacity(256 + body.len().min(64 * 1024));
        wire::write_head(&mut request, method, target, &origin.authority, headers, body.len());
        // A small body goes in the same write as the head.
        let body_apart = body.len() > 64 * 1024;
        if !body_apart {
            request.extend_from_slice(body);
        }
        let head_request = *method == Method::HEAD;
        let repeatable = idempotent(method);
        if let Some(mut stream) = self.checkout(origin, !repeatable) {
            match exchange(&mut stream, &request, body_apart.then_some(body), head_request, max_body).await {
                Ok(r) => {
                    self.checkin(origin, stream, r.reusable);
                    return Ok(r);
                }
                // Closed while idle, after all: a request that may be repeated goes on a new connection.
                Err(UpstreamError::Write(_) | UpstreamError::Wire(WireError::NoResponse(_))) if repeatable => {}
                Err(e) => return Err(e),
            }
        }
        let mut stream = self.connect(origin).await?;
        let r = exchange(&mut stream, &request, body_apart.then_some(body), head_request, max_body).await.map_err(|e| match e {
            UpstreamError::Wire(WireError::NoResponse(_)) => UpstreamError::Wire(WireError::Malformed("the server closed the connection without answering")),
            e => e,
        })?;
        self.checkin(origin, stream, r.reusable);
        Ok(r)
    }

    /// The most recently used idle connection to `origin` that is still open (`thorough`: see
    /// [`Stream::is_open`]).
    fn checkout(&self, origin: &Origin, thorough: bool) -> Option<Stream> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let list = idle.get_mut(origin)?;
        while let Some(c) = list.pop() {
            if c.since.elapsed() < self.idle_timeout && c.stream.is_open(thorough) {
                return Some(c.stream);
            }
        }
        None
    }

    fn checkin(&self, origin: &Origin, stream: Stream, reusable: bool) {
        if !reusable || self.max_idle_per_origin == 0 {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        // The key is cloned only the first time an origin is seen.
        if !idle.contains_key(origin) {
            idle.insert(origin.clone(), Vec::new());
        }
        let list = idle.get_mut(origin).expect("just inserted");
        // The oldest are first: those past the idle timeout are closed.
        let expired = list.iter().take_while(|c| c.since.elapsed() >= self.idle_timeout).count();
        list.drain(..expired);
        if list.len() < self.max_idle_per_origin {
            list.push(Idle { stream, since: Instant::now() });
        }
    }

    async fn connect(&self, origin: &Origin) -> Result<Stream, UpstreamError> {
        let tcp = self.connector.connect(&origin.host, origin.port).await.map_err(|e| match e {
            ConnectError::Refused(r) => UpstreamError::Refused(r),
            ConnectError::Io(e) => UpstreamError::Connect(e.to_string()),
        })?;
        if !origin.https {
            return Ok(Stream::Plain(tcp));
        }
        let bare = origin.host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(bare.to_string()).map_err(|_| UpstreamError::Connect(format!("{bare:?} is not a TLS server name")))?;
        let tls = tokio::time::timeout(self.connector.timeout(), self.tls.connect(name, tcp))
            .await
            .map_err(|_| UpstreamError::Connect("the TLS handshake timed out".into()))?
            .map_err(|e| UpstreamError::Connect(format!("TLS: {e}")))?;
        Ok(Stream::Tls(Box::new(tls)))
    }
}

/// Writes one request and reads its response.
async fn exchange(stream: &mut Stream, request: &[u8], body: Option<&Bytes>, head_request: bool, max_body: usize) -> Result<Received, UpstreamError> {
    stream.write_all(request).await.map_err(UpstreamError::Write)?;
    if let Some(body) = body {
        stream.write_all(body).await.map_err(UpstreamError::Write)?;
    }
    stream.flush().await.map_err(UpstreamError::Write)?;
    let mut buf = BytesMut::with_capacity(8 * 1024);
    Ok(wire::read_response(stream, &mut buf, head_request, max_body).await?)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
