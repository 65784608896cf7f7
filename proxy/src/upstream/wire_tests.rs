use super::*;
use axum::http::HeaderMap;

/// Reads one response from `bytes`, handed over in pieces of `step` bytes (a slow server).
async fn read(bytes: &[u8], step: usize, head_request: bool, max: usize) -> (Result<Received, WireError>, usize) {
    let mut io = Trickle { data: bytes.to_vec(), at: 0, step };
    let mut buf = BytesMut::new();
    let r = read_response(&mut io, &mut buf, head_request, max).await;
    (r, buf.len())
}

struct Trickle {
    data: Vec<u8>,
    at: usize,
    step: usize,
}

impl AsyncRead for Trickle {
    fn poll_read(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>, out: &mut tokio::io::ReadBuf<'_>) -> std::task::Poll<io::Result<()>> {
        let n = self.step.min(self.data.len() - self.at).min(out.remaining());
        let at = self.at;
        out.put_slice(&self.data[at..at + n]);
        self.at += n;
        std::task::Poll::Ready(Ok(()))
    }
}

async fn ok(bytes: &str, step: usize) -> Received {
    read(bytes.as_bytes(), step, false, 1000).await.0.unwrap_or_else(|e| panic!("{e}: {bytes:?}"))
}

async fn err(bytes: &str, head_request: bool, max: usize) -> WireError {
    match read(bytes.as_bytes(), 7, head_request, max).await.0 {
        Ok(r) => panic!("read {r:?} from {bytes:?}"),
        Err(e) => e,
    }
}

#[tokio::test]
async fn content_length_bodies_in_any_split_keep_the_connection() {
    for step in [1, 3, 64, 4096] {
        let r = ok("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}", step).await;
        assert_eq!((r.status.as_u16(), &r.body[..], r.reusable), (200, &b"{\"a\":1}"[..], true), "step {step}");
        assert_eq!(values(&r.headers, &header::CONTENT_TYPE).collect::<Vec<_>>(), ["application/json"]);
    }
}

#[tokio::test]
async fn chunked_bodies_are_joined_and_trailers_dropped() {
    let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n";
    for step in [1, 2, 5, 4096] {
        let r = ok(text, step).await;
        assert_eq!(&r.body[..], b"Wikipedia in\r\n\r\nchunks.", "step {step}");
        assert!(r.reusable);
    }
}

#[tokio::test]
async fn no_body_for_head_204_304_and_informational_heads_are_skipped() {
    let r = read(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", 9, true, 1000).await.0.unwrap();
    assert_eq!((r.body.len(), r.reusable), (0, true), "HEAD: content-length describes the GET");
    for code in [204, 304] {
        let r = ok(&format!("HTTP/1.1 {code} X\r\nContent-Length: 5\r\n\r\n"), 4).await;
        assert_eq!((r.status.as_u16(), r.body.len()), (code, 0));
    }
    let r = ok("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 3).await;
    assert_eq!((r.status.as_u16(), &r.body[..]), (201, &b"ok"[..]));
    assert!(r.headers.iter().all(|(n, _)| n != "link"), "the informational head's fields are not the response's");
}

#[tokio::test]
async fn close_delimited_http10_and_connection_close_are_not_reused() {
    let r = ok("HTTP/1.1 200 OK\r\n\r\nuntil the end", 4).await;
    assert_eq!((&r.body[..], r.reusable), (&b"until the end"[..], false));
    let r = ok("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 4).await;
    assert!(!r.reusable, "HTTP/1.0");
    let r = ok("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok", 4).await;
    assert!(!r.reusable, "Connection: close");
    let r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw", 4).await;
    assert_eq!((&r.body[..], r.reusable), (&b"raw"[..], false), "not chunked last: read to the end");
    let r = ok("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", 4).await;
    assert_eq!((&r.body[..], r.reusable), (&b"ok"[..], false), "both framings: chunked wins, connection dropped");
    let (r, left) = read(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", 4096, false, 1000).await;
    let r = r.unwrap();
    assert_eq!((&r.body[..], r.reusable, left), (&b"ok"[..], false, 5), "bytes nobody asked for");
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_in_every_framing() {
    assert!(matches!(err("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", false, 10).await, WireError::TooLarge(10)));
    let chunked = format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{}0\r\n\r\n", "6\r\nabcdef\r\n".repeat(2));
    assert!(matches!(err(&chunked, false, 10).await, WireError::TooLarge(10)));
    assert!(matches!(err(&format!("HTTP/1.1 200 OK\r\n\r\n{}", "z".repeat(40)), false, 10).await, WireError::TooLarge(10)));
    assert!(read(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 3, false, 10).await.0.is_ok(), "exactly the limit");
}

#[tokio::test]
async fn malformed_responses_are_errors_not_guesses() {
    for (text, why) in [
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "conflicting content-length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad content-length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n", "bad content-length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", "bad chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n", "a chunk does not end with CRLF"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "the connection closed within the body"),
        ("HTTP/1.1 200 OK\r\nContent-Le", "the connection closed within the head"),
        ("SSH-2.0-OpenSSH_9.2\r\n\r\n", "not an HTTP/1.x response head"),
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "the server switched protocols"),
    ] {
        match err(text, false, 1000).await {
            WireError::Malformed(m) => assert_eq!(m, why, "{text:?}"),
            other => panic!("{text:?}: {other}"),
        }
    }
    let long = format!("HTTP/1.1 200 OK\r\nX-Long: {}\r\n\r\n", "a".repeat(MAX_HEAD));
    assert!(matches!(err(&long, false, 1000).await, WireError::Malformed("the head is longer than 64 KB")));
    let many: String = (0..200).map(|i| format!("X-{i}: 1\r\n")).collect();
    assert!(matches!(err(&format!("HTTP/1.1 200 OK\r\n{many}\r\n"), false, 1000).await, WireError::Malformed("more than 128 headers")));
}

#[tokio::test]
async fn nothing_at_all_is_told_apart_from_a_cut_response() {
    assert!(matches!(err("", false, 1000).await, WireError::NoResponse(None)), "a reused connection closed while idle");
    assert!(matches!(err("H", false, 1000).await, WireError::Malformed(_)));
}

#[test]
fn request_heads_carry_host_headers_and_length() {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", HeaderValue::from_static("Bearer t"));
    headers.append("accept", HeaderValue::from_static("application/json"));
    let mut out = Vec::new();
    write_head(&mut out, &Method::POST, "/v1/x?q=%C5%82", "api.example.gov.pl:8443", &headers, 0);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "POST /v1/x?q=%C5%82 HTTP/1.1\r\nhost: api.example.gov.pl:8443\r\nauthorization: Bearer t\r\naccept: application/json\r\ncontent-length: 0\r\n\r\n"
    );
    let mut out = Vec::new();
    write_head(&mut out, &Method::GET, "/", "h", &HeaderMap::new(), 0);
    assert_eq!(out, b"GET / HTTP/1.1\r\nhost: h\r\n\r\n", "no length for a GET without a body");
    let mut out = Vec::new();
    write_head(&mut out, &Method::DELETE, "/", "h", &HeaderMap::new(), 12);
    assert!(out.ends_with(b"content-length: 12\r\n\r\n"));
}
