//! The client against real servers on loopback: raw TCP ones that answer (or hang up) as a
//! script says, and a TLS one with a certificate made for the test.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;
use crate::netpolicy::Policy;
use crate::tryit::system_resolver;

/// What a scripted server does with request `n` (counted over all connections) on a connection.
#[derive(Clone, Copy)]
enum Then {
    /// Answers `200` with the request's method and body length, keeping the connection.
    Answer,
    /// Answers, then closes the connection without saying so.
    AnswerAndClose,
    /// Closes the connection without answering.
    HangUp,
}

struct Scripted {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

async fn scripted(script: fn(usize) -> Then) -> Scripted {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (connections, requests) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (c, r) = (connections.clone(), requests.clone());
    tokio::spawn(async move {
        loop {
            let (mut sock, _) = listener.accept().await.unwrap();
            c.fetch_add(1, Ordering::SeqCst);
            let r = r.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                while let Some((method, body_len)) = read_request(&mut sock, &mut buf).await {
                    let n = r.fetch_add(1, Ordering::SeqCst);
                    let then = script(n);
                    if !matches!(then, Then::HangUp) {
                        let body = format!("{method} {body_len}");
                        let resp = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}", body.len());
                        sock.write_all(resp.as_bytes()).await.unwrap();
                    }
                    if !matches!(then, Then::Answer) {
                        return;
                    }
                }
            });
        }
    });
    Scripted { addr, connections, requests }
}

/// Reads one request: its method and body length; `None` when the client closed.
async fn read_request(sock: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> Option<(String, usize)> {
    loop {
        let mut slots = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut slots);
        if let Ok(httparse::Status::Complete(len)) = req.parse(buf) {
            let method = req.method.unwrap_or("").to_string();
            let body_len: usize = req
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                .map(|h| std::str::from_utf8(h.value).unwrap().parse().unwrap())
                .unwrap_or(0);
            while buf.len() < len + body_len {
                let mut more = [0u8; 65536];
                let n = sock.read(&mut more).await.ok().filter(|&n| n > 0)?;
                buf.extend_from_slice(&more[..n]);
            }
            buf.drain(..len + body_len);
            return Some((method, body_len));
        }
        let mut more = [0u8; 65536];
        let n = sock.read(&mut more).await.ok().filter(|&n| n > 0)?;
        buf.extend_from_slice(&more[..n]);
    }
}

fn loopback_client(roots: rustls::RootCertStore) -> Client {
    let policy = Arc::new(Policy { allow: vec!["127.0.0.1/32".parse().unwrap()] });
    let connector = PinnedConnector::new(policy, system_resolver(), Duration::from_secs(2));
    Client::new(connector, tls_config(roots), 4, Duration::from_secs(30))
}

async fn send(client: &Client, method: Method, url: &str, body: &'static [u8]) -> Result<String, UpstreamError> {
    let url = url::Url::parse(url).unwrap();
    let origin = Origin::of(&url).unwrap();
    let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let req = Outgoing { method: &method, origin: &origin, target, headers: &axum::http::HeaderMap::new(), body: &Bytes::from_static(body) };
    let r = client.send(req, 1 << 20).await?;
    assert_eq!(r.status, 200);
    Ok(String::from_utf8(r.body.to_vec()).unwrap())
}

#[tokio::test]
async fn one_connection_carries_many_calls_and_big_bodies() {
    let s = scripted(|_| Then::Answer).await;
    let client = loopback_client(mozilla_roots());
    let url = format!("http://127.0.0.1:{}/x", s.addr.port());
    for _ in 0..5 {
        assert_eq!(send(&client, Method::GET, &url, b"").await.unwrap(), "GET 0");
    }
    let big: &'static [u8] = Box::leak(vec![b'b'; 200_000].into_boxed_slice());
    assert_eq!(send(&client, Method::POST, &url, big).await.unwrap(), "POST 200000", "a body written apart from the head");
    assert_eq!(s.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_not_reused() {
    let s = scripted(|_| Then::AnswerAndClose).await;
    let client = loopback_client(mozilla_roots());
    let url = format!("http://127.0.0.1:{}/x", s.addr.port());
    assert_eq!(send(&client, Method::GET, &url, b"").await.unwrap(), "GET 0");
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The close is seen: even a POST goes through, once, on a new connection.
    assert_eq!(send(&client, Method::POST, &url, b"x").await.unwrap(), "POST 1");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(send(&client, Method::GET, &url, b"").await.unwrap(), "GET 0");
    assert_eq!((s.connections.load(Ordering::SeqCst), s.requests.load(Ordering::SeqCst)), (3, 3));
}

#[tokio::test]
async fn a_hang_up_without_an_answer_repeats_only_idempotent_requests() {
    // Request 1 (the second) is read and dropped without a word, as a server timing out an idle
    // connection at that very moment would; afterwards every request is answered.
    let s = scripted(|n| if n == 1 { Then::HangUp } else { Then::Answer }).await;
    let client = loopback_client(mozilla_roots());
    let url = format!("http://127.0.0.1:{}/x", s.addr.port());
    assert_eq!(send(&client, Method::GET, &url, b"").await.unwrap(), "GET 0");
    assert_eq!(send(&client, Method::GET, &url, b"").await.unwrap(), "GET 0", "sent again on a new connection");
    assert_eq!((s.connections.load(Ordering::SeqCst), s.requests.load(Ordering::SeqCst)), (2, 3));

    let s = scripted(|n| if n == 1 { Then::HangUp } else { Then::Answer }).await;
    let url = format!("http://127.0.0.1:{}/x", s.addr.port());
    let client = loopback_client(mozilla_roots());
    assert_eq!(send(&client, Method::GET, &url, b"").await.unwrap(), "GET 0");
    let e = send(&client, Method::POST, &url, b"pay").await.unwrap_err();
    assert!(matches!(e, UpstreamError::Wire(WireError::NoResponse(_))), "{e}");
    assert_eq!(s.requests.load(Ordering::SeqCst), 2, "a POST is never sent twice");
}

#[tokio::test]
async fn tls_to_a_server_whose_certificate_the_roots_trust_and_no_other() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let der = cert.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![der.clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (sock, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(sock).await else { return };
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = tls.read(&mut buf).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..n]);
                }
                let text = String::from_utf8_lossy(&got).into_owned();
                let host = text.lines().find_map(|l| l.strip_prefix("host: ")).unwrap_or("").to_string();
                let resp = format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{host}\r\n0\r\n\r\n", host.len());
                tls.write_all(resp.as_bytes()).await.unwrap();
                tls.flush().await.unwrap();
            });
        }
    });
    let url = format!("https://127.0.0.1:{port}/secure");
    let mut roots = rustls::RootCertStore::empty();
    roots.add(der).unwrap();
    assert_eq!(send(&loopback_client(roots), Method::GET, &url, b"").await.unwrap(), format!("127.0.0.1:{port}"));
    match send(&loopback_client(mozilla_roots()), Method::GET, &url, b"").await {
        Err(UpstreamError::Connect(why)) => assert!(why.contains("certificate"), "{why}"),
        other => panic!("a self-signed certificate was accepted: {other:?}"),
    }
}

#[tokio::test]
async fn refused_addresses_are_never_connected_to() {
    let s = scripted(|_| Then::Answer).await;
    let policy = Arc::new(Policy::default());
    let connector = PinnedConnector::new(policy, system_resolver(), Duration::from_secs(2));
    let client = Client::new(connector, tls_config(mozilla_roots()), 4, Duration::from_secs(30));
    let e = send(&client, Method::GET, &format!("http://127.0.0.1:{}/x", s.addr.port()), b"").await.unwrap_err();
    assert!(matches!(e, UpstreamError::Refused(_)), "{e}");
    assert_eq!(s.connections.load(Ordering::SeqCst), 0);
}
