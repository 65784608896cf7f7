//! The audit log: one JSON line per proxied or sandbox call — time, kind, API, version,
//! operationId, method, status, latency, bytes each way, and a salted hash of the client address
//! (HMAC-SHA-256; the salt from the operator or random per process, so hashes link calls of one
//! client without revealing it). Never a credential, a header or a body. Lines go, in batches
//! ([`Batch`]), through a bounded queue to a writer thread, so a slow disk never slows a call; if
//! the queue is full the batch is dropped and its lines counted (`katalog_audit_dropped_total`).

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, SyncSender, TryRecvError, TrySendError};
use std::sync::Arc;
use std::time::Duration;

use ring::hmac;

use crate::metrics::Metrics;

/// Where audit lines go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// Nowhere.
    Off,
    /// Standard output (a container's log collector).
    Stdout,
    /// Appended to a file.
    File(PathBuf),
}

/// One line.
#[derive(Debug)]
pub struct Record<'a> {
    /// When it was answered.
    pub time: Stamp,
    /// `try` or `sandbox`.
    pub kind: &'static str,
    /// API id (absent when the URL named none that exists).
    pub api: Option<&'a str>,
    /// Version id.
    pub version: Option<&'a str>,
    /// The operation's operationId (or its key when it has none).
    pub operation: Option<&'a str>,
    /// HTTP method.
    pub method: &'a str,
    /// Status answered.
    pub status: u16,
    /// Microseconds from request to response headers (written as milliseconds, `latency_ms`).
    pub latency_us: u64,
    /// Request body bytes.
    pub request_bytes: u64,
    /// Response body bytes.
    pub response_bytes: u64,
    /// Salted hash of the client address.
    pub client: ClientHash,
    /// For a refused proxy target: the address class.
    pub refused: Option<&'static str>,
}

impl Record<'_> {
    /// The record as one JSON object and a newline. Written by hand: this runs on every call,
    /// and serde_json's serializer was 8 % of a proxied call's instructions (callgrind).
    pub fn write_line(&self, out: &mut Vec<u8>) {
        let mut n = itoa::Buffer::new();
        out.extend_from_slice(b"{\"time\":\"");
        out.extend_from_slice(&self.time.0);
        out.push(b'"');
        out.extend_from_slice(b",\"kind\":");
        json_str(out, self.kind);
        for (key, value) in [("api", self.api), ("version", self.version), ("operation", self.operation)] {
            out.extend_from_slice(b",\"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            match value {
                Some(v) => json_str(out, v),
                None => out.extend_from_slice(b"null"),
            }
        }
        out.extend_from_slice(b",\"method\":");
        json_str(out, self.method);
        out.extend_from_slice(b",\"status\":");
        out.extend_from_slice(n.format(self.status).as_bytes());
        out.extend_from_slice(b",\"latency_ms\":");
        out.extend_from_slice(n.format(self.latency_us / 1000).as_bytes());
        let frac = self.latency_us % 1000;
        out.extend_from_slice(&[b'.', b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8]);
        out.extend_from_slice(b",\"request_bytes\":");
        out.extend_from_slice(n.format(self.request_bytes).as_bytes());
        out.extend_from_slice(b",\"response_bytes\":");
        out.extend_from_slice(n.format(self.response_bytes).as_bytes());
        out.extend_from_slice(b",\"client\":\"");
        out.extend_from_slice(&self.client.0);
        out.push(b'"');
        if let Some(r) = self.refused {
            out.extend_from_slice(b",\"refused\":");
            json_str(out, r);
        }
        out.extend_from_slice(b"}\n");
    }
}

/// `s` as a JSON string: quotes, backslashes and control characters escaped (API ids and
/// operationIds come from pull requests).
fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    if bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[plain..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.extend_from_slice(escaped);
        }
        plain = i + 1;
    }
    out.extend_from_slice(&bytes[plain..]);
    out.push(b'"');
}

/// The audit log.
#[derive(Debug)]
pub struct Audit {
    tx: Option<SyncSender<Vec<u8>>>,
    writer: Option<std::thread::JoinHandle<()>>,
    key: hmac::Key,
    metrics: Arc<Metrics>,
}

/// The writer thread's queue length, in batches (a batch is one line or up to 32 KB of them).
const QUEUE: usize = 4096;
/// Longest a line waits in the queue before it is written.
const FLUSH_EVERY: Duration = Duration::from_millis(100);

impl Audit {
    /// Starts writing to `sink`. `salt`: the operator's (stable hashes across restarts and
    /// copies), or `None` for a random one.
    pub fn new(sink: Sink, salt: Option<&str>, metrics: Arc<Metrics>) -> std::io::Result<Audit> {
        let key = match salt {
            Some(s) => hmac::Key::new(hmac::HMAC_SHA256, s.as_bytes()),
            None => hmac::Key::generate(hmac::HMAC_SHA256, &ring::rand::SystemRandom::new()).map_err(|_| std::io::Error::other("no system randomness"))?,
        };
        let mut out: Box<dyn Write + Send> = match &sink {
            Sink::Off => return Ok(Audit { tx: None, writer: None, key, metrics }),
            Sink::Stdout => Box::new(std::io::stdout()),
            Sink::File(p) => Box::new(std::fs::OpenOptions::new().create(true).append(true).open(p)?),
        };
        let (tx, rx) = sync_channel::<Vec<u8>>(QUEUE);
        let writer = std::thread::Builder::new().name("audit".into()).spawn(move || {
            // The writer wakes every FLUSH_EVERY and drains what queued meanwhile, so a call never
            // pays for waking it (a blocking receive made every send a futex wake-up: a tenth of
            // the sandbox's CPU under load). One write carries many lines.
            let mut buf = std::io::BufWriter::with_capacity(64 * 1024, &mut out);
            loop {
                std::thread::sleep(FLUSH_EVERY);
                let mut open = true;
                loop {
                    match rx.try_recv() {
                        Ok(lines) => {
                            let _ = buf.write_all(&lines);
                        }
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => {
                            open = false;
                            break;
                        }
                    }
                }
                let _ = buf.flush();
                if !open {
                    break;
                }
            }
        })?;
        Ok(Audit { tx: Some(tx), writer: Some(writer), key, metrics })
    }

    /// Whether lines are written at all.
    pub fn enabled(&self) -> bool {
        self.tx.is_some()
    }

    /// The salted hash of a client address.
    pub fn client_hash(&self, ip: IpAddr) -> ClientHash {
        // A client sends many requests in a row: remember the last hash per thread.
        thread_local!(static LAST: std::cell::Cell<Option<(usize, IpAddr, ClientHash)>> = const { std::cell::Cell::new(None) });
        let me = self as *const Audit as usize;
        if let Some((_, _, h)) = LAST.get().filter(|(a, i, _)| *a == me && *i == ip) {
            return h;
        }
        let tag = hmac::sign(&self.key, ip.to_string().as_bytes());
        let mut h = [0u8; 16];
        for (i, b) in tag.as_ref()[..8].iter().enumerate() {
            h[2 * i] = HEX[usize::from(b >> 4)];
            h[2 * i + 1] = HEX[usize::from(b & 0xf)];
        }
        LAST.set(Some((me, ip, ClientHash(h))));
        ClientHash(h)
    }

    /// Now.
    pub fn now() -> Stamp {
        stamp(time::OffsetDateTime::now_utc())
    }

    /// Adds one line to `batch`, and hands the batch to the writer when it is full (or at once,
    /// for a batch that keeps nothing back).
    pub fn write(&self, batch: &Batch, record: &Record<'_>) {
        if self.tx.is_none() {
            return;
        }
        let mut lines = batch.lines.lock().unwrap_or_else(|p| p.into_inner());
        record.write_line(&mut lines);
        if batch.immediate || lines.len() >= BATCH_BYTES {
            self.send(&mut lines);
        }
    }

    /// Hands what `batch` holds to the writer.
    pub fn flush(&self, batch: &Batch) {
        let mut lines = batch.lines.lock().unwrap_or_else(|p| p.into_inner());
        if !lines.is_empty() {
            self.send(&mut lines);
        }
    }

    fn send(&self, lines: &mut Vec<u8>) {
        let Some(tx) = &self.tx else { return };
        let full = std::mem::replace(lines, Vec::with_capacity(BATCH_BYTES + 1024));
        if let Err(TrySendError::Full(lost) | TrySendError::Disconnected(lost)) = tx.try_send(full) {
            let n = lost.iter().filter(|&&b| b == b'\n').count() as u64;
            self.metrics.audit_dropped.fetch_add(n, Ordering::Relaxed);
        }
    }
}

impl Drop for Audit {
    /// The writer writes what is queued and stops: a server that stops loses no line.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

/// Lines one worker thread has written and not yet handed to the writer. Each thread of
/// `katalog proxy` keeps its own and hands it over when it reaches 32 KB and on a 100 ms tick:
/// one queue operation, and one free on another thread, per batch instead of per call.
#[derive(Debug)]
pub struct Batch {
    lines: std::sync::Mutex<Vec<u8>>,
    immediate: bool,
}

impl Batch {
    /// A batch handed over when full or flushed.
    pub fn new() -> Batch {
        Batch { lines: std::sync::Mutex::new(Vec::with_capacity(BATCH_BYTES + 1024)), immediate: false }
    }

    /// A batch handed over at every line (a server without a tick to flush it).
    pub fn immediate() -> Batch {
        Batch { lines: std::sync::Mutex::new(Vec::new()), immediate: true }
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

/// Bytes a batch gathers before it is handed to the writer.
const BATCH_BYTES: usize = 32 * 1024;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A salted hash of a client address: 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientHash([u8; 16]);

/// A time as RFC 3339, UTC, with microseconds: `2026-11-25T03:14:15.926535Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp([u8; 27]);

impl Stamp {
    /// The text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("digits and separators")
    }
}

/// `t` (UTC, years 0 to 9999) as a [`Stamp`]. Digits are written straight into place: this runs
/// on every call, and `format!` here was about 2 % of the sandbox's CPU under load.
fn stamp(t: time::OffsetDateTime) -> Stamp {
    let mut b = *b"0000-00-00T00:00:00.000000Z";
    let fields = [
        (0, 4, t.year().clamp(0, 9999) as u32),
        (5, 2, t.month() as u32),
        (8, 2, t.day().into()),
        (11, 2, t.hour().into()),
        (14, 2, t.minute().into()),
        (17, 2, t.second().into()),
        (20, 6, t.microsecond()),
    ];
    for (at, width, mut v) in fields {
        for digit in b[at..at + width].iter_mut().rev() {
            *digit = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    Stamp(b)
}

#[cfg(test)]
mod stamp_tests {
    #[test]
    fn stamps_are_rfc3339_utc_with_microseconds() {
        let t = time::macros::datetime!(2026-01-05 03:04:09.000_007 UTC);
        assert_eq!(super::stamp(t).as_str(), "2026-01-05T03:04:09.000007Z");
        let t = time::macros::datetime!(1999-12-31 23:59:59.999_999 UTC);
        assert_eq!(super::stamp(t).as_str(), "1999-12-31T23:59:59.999999Z");
        let now = super::Audit::now();
        assert!(time::OffsetDateTime::parse(now.as_str(), &time::format_description::well_known::Rfc3339).is_ok(), "{now:?}");
    }
}

#[cfg(test)]
mod line_tests {
    use super::Record;

    #[test]
    fn a_line_is_one_json_object_whatever_the_spec_names_contain() {
        let hostile = "a\"b\\c\nd\re\tf\u{1}g\u{1f}h ł 🦀 </script>";
        let record = Record {
            time: super::stamp(time::macros::datetime!(2026-12-03 21:00:00.000_001 UTC)),
            kind: "try",
            api: Some(hostile),
            version: None,
            operation: Some("getOrder"),
            method: "GET",
            status: 200,
            latency_us: 12_045,
            request_bytes: 0,
            response_bytes: 349,
            client: super::ClientHash(*b"00ff00ff00ff00ff"),
            refused: Some("loopback"),
        };
        let mut line = Vec::new();
        record.write_line(&mut line);
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1, "one line");
        assert!(line.ends_with(b"}\n"));
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["api"], hostile);
        assert_eq!((v["time"].as_str(), v["client"].as_str()), (Some("2026-12-03T21:00:00.000001Z"), Some("00ff00ff00ff00ff")));
        assert_eq!(v["version"], serde_json::Value::Null);
        assert_eq!(v["latency_ms"].as_f64(), Some(12.045));
        assert_eq!((v["status"].as_u64(), v["response_bytes"].as_u64(), v["refused"].as_str()), (Some(200), Some(349), Some("loopback")));
        let mut line = Vec::new();
        Record { refused: None, latency_us: 7, ..record }.write_line(&mut line);
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert!(v.get("refused").is_none(), "written only for a refusal");
        assert_eq!(v["latency_ms"].as_f64(), Some(0.007));
    }
}
