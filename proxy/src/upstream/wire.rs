//! HTTP/1.1 on the wire, for the upstream client: a request head written into one buffer, and a
//! response read from a stream — its head parsed by httparse, its body framed as RFC 9112 §6.3
//! says (no body for HEAD, 1xx, 204 and 304; chunked coding; Content-Length; else to the end of
//! the connection) and never read past a limit. A response that leaves the connection in any
//! doubt (close-delimited, conflicting framing, bytes after the end) marks it not reusable.

use std::io::{self, Write};
use std::mem::MaybeUninit;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

/// Longest response head (status line, headers), and longest trailer section.
pub const MAX_HEAD: usize = 64 * 1024;
/// Most response headers.
const MAX_HEADERS: usize = 128;
/// Longest chunk-size line (size and extensions).
const MAX_CHUNK_LINE: usize = 4096;

/// Header fields in order.
pub type Fields = Vec<(HeaderName, HeaderValue)>;

/// The values of `name` in `fields`.
pub fn values<'f>(fields: &'f Fields, name: &'f HeaderName) -> impl Iterator<Item = &'f HeaderValue> {
    fields.iter().filter(move |(n, _)| n == name).map(|(_, v)| v)
}

/// Why a response could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The connection ended, or failed, before a single byte of the response: on a reused
    /// connection this is the server having closed it while idle, and the request may be sent
    /// again on a new one.
    #[error("the connection closed before any response")]
    NoResponse(#[source] Option<io::Error>),
    /// Reading failed part-way.
    #[error("reading the response: {0}")]
    Io(#[from] io::Error),
    /// The response breaks HTTP/1.1.
    #[error("malformed response: {0}")]
    Malformed(&'static str),
    /// The body is longer than allowed.
    #[error("the response body exceeds {0} bytes")]
    TooLarge(usize),
}

/// A complete response.
#[derive(Debug)]
pub struct Received {
    /// Its status.
    pub status: StatusCode,
    /// Its header fields in the order sent (framing fields included): a list, not a map, since
    /// the caller filters them into a map of its own anyway.
    pub headers: Fields,
    /// Its body, de-chunked.
    pub body: Bytes,
    /// Whether the connection may carry another request.
    pub reusable: bool,
}

/// Writes a request head: `method target HTTP/1.1`, `host`, `headers` (already cleaned of
/// hop-by-hop and framing headers by the caller), and `content-length` when there is a body or
/// the method usually carries one.
pub fn write_head<'h>(
    out: &mut Vec<u8>,
    method: &Method,
    target: &str,
    host: &str,
    headers: impl IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>,
    body_len: usize,
) {
    out.extend_from_slice(method.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(target.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\nhost: ");
    out.extend_from_slice(host.as_bytes());
    out.extend_from_slice(b"\r\n");
    for (name, value) in headers {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if body_len > 0 || matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
        let _ = write!(out, "content-length: {body_len}\r\n");
    }
    out.extend_from_slice(b"\r\n");
}

/// Reads more into `buf`; `Ok(false)` at the end of the stream.
async fn fill<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut) -> io::Result<bool> {
    if buf.capacity() - buf.len() < 4096 {
        buf.reserve(16 * 1024);
    }
    Ok(io.read_buf(buf).await? > 0)
}

/// Makes `buf` hold at least `n` bytes.
async fn fill_to<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut, n: usize) -> Result<(), WireError> {
    while buf.len() < n {
        buf.reserve(n - buf.len());
        if !fill(io, buf).await? {
            return Err(WireError::Malformed("the connection closed within the body"));
        }
    }
    Ok(())
}

/// The head of a response: status, headers, HTTP/1.1 or not.
struct Head {
    status: StatusCode,
    headers: Fields,
    http11: bool,
}

/// Reads heads until one is not informational (100 Continue, 103 Early Hints are skipped).
/// Header values share the head's buffer instead of being copied one by one.
async fn read_head<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut) -> Result<Head, WireError> {
    let mut got_any = !buf.is_empty();
    loop {
        let parsed = {
            // Slots httparse fills, left uninitialised: zeroing 128 of them is 4 KB of stores per response.
            let mut slots = [MaybeUninit::uninit(); MAX_HEADERS];
            let mut resp = httparse::Response::new(&mut []);
            match httparse::ParserConfig::default().parse_response_with_uninit_headers(&mut resp, buf, &mut slots) {
                Ok(httparse::Status::Complete(len)) => {
                    let status = resp.code.and_then(|c| StatusCode::from_u16(c).ok()).ok_or(WireError::Malformed("bad status code"))?;
                    let base = buf.as_ptr() as usize;
                    let mut headers = Vec::with_capacity(resp.headers.len());
                    for h in resp.headers.iter() {
                        let name = HeaderName::from_bytes(h.name.as_bytes()).map_err(|_| WireError::Malformed("bad header name"))?;
                        let at = h.value.as_ptr() as usize - base;
                        headers.push((name, at..at + h.value.len()));
                    }
                    Some((len, status, headers, resp.version == Some(1)))
                }
                Ok(httparse::Status::Partial) => None,
                Err(httparse::Error::TooManyHeaders) => return Err(WireError::Malformed("more than 128 headers")),
                Err(_) => return Err(WireError::Malformed("not an HTTP/1.x response head")),
            }
        };
        match parsed {
            Some((len, status, ranges, http11)) => {
                let head = buf.split_to(len).freeze();
                match status.as_u16() {
                    101 => return Err(WireError::Malformed("the server switched protocols")),
                    100..=199 => continue,
                    _ => {}
                }
                let mut headers = Vec::with_capacity(ranges.len());
                for (name, range) in ranges {
                    let value = HeaderValue::from_maybe_shared(head.slice(range)).map_err(|_| WireError::Malformed("bad header value"))?;
                    headers.push((name, value));
                }
                return Ok(Head { status, headers, http11 });
            }
            None if buf.len() >= MAX_HEAD => return Err(WireError::Malformed("the head is longer than 64 KB")),
            None => match fill(io, buf).await {
                Ok(true) => got_any = true,
                Ok(false) if !got_any => return Err(WireError::NoResponse(None)),
                Ok(false) => return Err(WireError::Malformed("the connection closed within the head")),
                Err(e) if !got_any => return Err(WireError::NoResponse(Some(e))),
                Err(e) => return Err(WireError::Io(e)),
            },
        }
    }
}

/// Whether a comma-separated header has `token` among its elements.
fn has_token(headers: &Fields, name: &HeaderName, token: &str) -> bool {
    values(headers, name).flat_map(|v| v.as_bytes().split(|&b| b == b',')).any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
}

/// The body length Content-Length gives: every value the same number, or malformed.
fn content_length(headers: &Fields) -> Result<Option<u64>, WireError> {
    let mut found: Option<u64> = None;
    for item in values(headers, &header::CONTENT_LENGTH).flat_map(|v| v.as_bytes().split(|&b| b == b',')) {
        let item = item.trim_ascii();
        if item.is_empty() || !item.iter().all(u8::is_ascii_digit) || item.len() > 18 {
            return Err(WireError::Malformed("bad content-length"));
        }
        let n = item.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        if found.is_some_and(|f| f != n) {
            return Err(WireError::Malformed("conflicting content-length"));
        }
        found = Some(n);
    }
    Ok(found)
}

/// Reads one response to a request (`head_request`: it was HEAD, so no body follows).
pub async fn read_response<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut, head_request: bool, max_body: usize) -> Result<Received, WireError> {
    let head = read_head(io, buf).await?;
    let mut reusable = head.http11 && !has_token(&head.headers, &header::CONNECTION, "close");
    let status = head.status.as_u16();
    let body = if head_request || status == 204 || status == 304 {
        Bytes::new()
    } else if values(&head.headers, &header::TRANSFER_ENCODING).next().is_some() {
        // Transfer-Encoding overrides Content-Length; a message with both is suspect (RFC 9112 §6.3).
        if values(&head.headers, &header::CONTENT_LENGTH).next().is_some() {
            reusable = false;
        }
        let last = values(&head.headers, &header::TRANSFER_ENCODING).flat_map(|v| v.as_bytes().split(|&b| b == b',')).last();
        if last.is_some_and(|t| t.trim_ascii().eq_ignore_ascii_case(b"chunked")) {
            read_chunked(io, buf, max_body).await?
        } else {
            reusable = false;
            read_to_end(io, buf, max_body).await?
        }
    } else if let Some(n) = content_length(&head.headers)? {
        if n > max_body as u64 {
            return Err(WireError::TooLarge(max_body));
        }
        let n = n as usize;
        fill_to(io, buf, n).await?;
        buf.split_to(n).freeze()
    } else {
        reusable = false;
        read_to_end(io, buf, max_body).await?
    };
    // Bytes after the response were not asked for: the connection is out of step.
    reusable &= buf.is_empty();
    Ok(Received { status: head.status, headers: head.headers, body, reusable })
}

async fn read_to_end<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut, max_body: usize) -> Result<Bytes, WireError> {
    loop {
        if buf.len() > max_body {
            return Err(WireError::TooLarge(max_body));
        }
        if !fill(io, buf).await? {
            return Ok(buf.split().freeze());
        }
    }
}

/// The position of the first CRLF in `buf`, reading more until there is one within `limit` bytes.
async fn line_end<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut, from: usize, limit: usize, what: &'static str) -> Result<usize, WireError> {
    let mut searched = from;
    loop {
        if let Some(i) = buf[searched..].windows(2).position(|w| w == b"\r\n") {
            return Ok(searched + i);
        }
        if buf.len() - from > limit {
            return Err(WireError::Malformed(what));
        }
        searched = buf.len().saturating_sub(1).max(from);
        if !fill(io, buf).await? {
            return Err(WireError::Malformed("the connection closed within a chunked body"));
        }
    }
}

async fn read_chunked<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut, max_body: usize) -> Result<Bytes, WireError> {
    let mut body = BytesMut::new();
    loop {
        let end = line_end(io, buf, 0, MAX_CHUNK_LINE, "a chunk-size line is too long").await?;
        let size_text = buf[..end].split(|&b| b == b';').next().unwrap_or_default().trim_ascii();
        if size_text.is_empty() || size_text.len() > 15 {
            return Err(WireError::Malformed("bad chunk size"));
        }
        let mut size = 0usize;
        for &c in size_text {
            let d = (c as char).to_digit(16).ok_or(WireError::Malformed("bad chunk size"))?;
            size = size * 16 + d as usize;
        }
        buf.advance(end + 2);
        if size == 0 {
            break;
        }
        if body.len() + size > max_body {
            return Err(WireError::TooLarge(max_body));
        }
        fill_to(io, buf, size + 2).await?;
        if &buf[size..size + 2] != b"\r\n" {
            return Err(WireError::Malformed("a chunk does not end with CRLF"));
        }
        body.extend_from_slice(&buf[..size]);
        buf.advance(size + 2);
    }
    // Trailer fields, up to the empty line: read and dropped.
    let mut trailers = 0;
    loop {
        let end = line_end(io, buf, 0, MAX_HEAD, "the trailers are longer than 64 KB").await?;
        buf.advance(end + 2);
        trailers += end + 2;
        if end == 0 {
            break;
        }
        if trailers > MAX_HEAD {
            return Err(WireError::Malformed("the trailers are longer than 64 KB"));
        }
    }
    Ok(body.freeze())
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
