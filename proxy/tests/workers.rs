//! The production server's threads (`workers::serve_threads`): every worker answers proxied and
//! sandbox calls on the connections it is handed, and the server stops when asked, with the port
//! closed behind it.

mod common;

use std::sync::atomic::Ordering;

use common::*;
use proxy::audit::Sink;
use proxy::Server;

/// Serves `server` on `threads` worker threads, on a thread of its own, until the sender is used.
fn serve_in_thread(
    server: std::sync::Arc<Server>,
    threads: usize,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, std::thread::JoinHandle<std::io::Result<()>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = std::thread::spawn(move || {
        proxy::workers::serve_threads(listener, server, threads, async {
            let _ = stopped.await;
        })
    });
    (addr, stop, serving)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_threads_answer_every_connection_and_stop_when_asked() {
    let up = upstream().await;
    let doc = spec(&[format!("http://127.0.0.1:{}/base", up.addr.port())], &["/orders/{id}"]);
    let site = tempfile::tempdir().unwrap();
    let dir = site.path().join("specs/up/1");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.json"), serde_json::to_vec(&doc).unwrap()).unwrap();
    let mut settings = open_settings();
    let snapshot = proxy::read_site(site.path(), &mut settings).unwrap();
    let log = site.path().join("audit.jsonl");
    let server = Server::new(snapshot, settings, Sink::File(log.clone()), proxy::tryit::system_resolver(), "/").unwrap();

    let (addr, stop, serving) = serve_in_thread(server, 3);

    // Each call opens its own connection, so the three workers are each handed several.
    let calls: Vec<_> = (0..24)
        .map(|i| tokio::spawn(async move { (get(addr, &format!("/try/up/1/0/orders/{i}")).await.status, get(addr, "/sandbox/up/1/orders/1").await.status) }))
        .collect();
    for call in calls {
        let answered = tokio::time::timeout(std::time::Duration::from_secs(20), call).await.expect("answered within 20 s");
        assert_eq!(answered.unwrap(), (200, 200));
    }
    assert_eq!(up.seen.hits.load(Ordering::SeqCst), 24, "every proxied call reached the upstream once");
    // Each worker counts its own calls; the exposition adds them up.
    let metrics = String::from_utf8(get(addr, "/metrics").await.body.to_vec()).unwrap();
    for kind in ["try", "sandbox"] {
        let line = format!("katalog_calls_total{{kind=\"{kind}\",api=\"up\",version=\"1\",status=\"200\"}} 24");
        assert!(metrics.contains(&line), "{line} not in\n{metrics}");
    }

    stop.send(()).unwrap();
    let result = tokio::task::spawn_blocking(move || serving.join().unwrap()).await.unwrap();
    assert!(result.is_ok(), "{result:?}");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "the port is closed once the server has stopped");
    // Workers hand their audit lines over in batches; none is lost when the server stops.
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.iter().filter(|l| l["kind"] == "try").count(), 24, "{text}");
    assert_eq!(lines.iter().filter(|l| l["kind"] == "sandbox").count(), 24);
}

/// A client has `client_timeout` for each request: one that sends nothing, or stops half-way
/// through a head, is closed on; one that stops half-way through a body is answered 408 and
/// closed on; one that asks in time is answered, also after idling on a kept-alive connection
/// for less than the timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_stall_are_closed_on() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let site = tempfile::tempdir().unwrap();
    let dir = site.path().join("specs/up/1");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.json"), serde_json::to_vec(&spec(&["http://127.0.0.1:9/base".to_string()], &["/orders/{id}"])).unwrap()).unwrap();
    let mut settings = open_settings();
    settings.client_timeout = Duration::from_millis(400);
    let snapshot = proxy::read_site(site.path(), &mut settings).unwrap();
    let server = Server::new(snapshot, settings, Sink::Off, proxy::tryit::system_resolver(), "/").unwrap();
    let (addr, stop, serving) = serve_in_thread(server, 2);

    // Reads until the server closes the connection; what it sent, and how long that took.
    async fn until_closed(sock: &mut tokio::net::TcpStream) -> (String, Duration) {
        let start = Instant::now();
        let mut got = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), sock.read_to_end(&mut got)).await;
        assert!(read.is_ok(), "still open after 10 s");
        (String::from_utf8_lossy(&got).into_owned(), start.elapsed())
    }

    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut halfway = tokio::net::TcpStream::connect(addr).await.unwrap();
    halfway.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n").await.unwrap();
    let mut trickle = tokio::net::TcpStream::connect(addr).await.unwrap();
    trickle.write_all(b"POST /sandbox/up/1/orders/1 HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n{\"a\"").await.unwrap();
    let mut prompt = tokio::net::TcpStream::connect(addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    prompt.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let mut answer = [0u8; 512];
    let n = prompt.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"), "answered within the timeout");
    // Idle on the kept-alive connection for less than the timeout, then ask again.
    tokio::time::sleep(Duration::from_millis(200)).await;
    prompt.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let n = prompt.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"), "answered again after idling");

    let (sent, took) = until_closed(&mut trickle).await;
    assert!(sent.starts_with("HTTP/1.1 408"), "{sent}");
    assert!(sent.contains("body-timeout"), "{sent}");
    assert!(took < Duration::from_secs(5), "closed after {took:?}");
    for sock in [&mut silent, &mut halfway, &mut prompt] {
        let (sent, took) = until_closed(sock).await;
        assert!(!sent.contains("200 OK"), "no answer to an incomplete head: {sent}");
        assert!(took < Duration::from_secs(5), "closed after {took:?}");
    }

    stop.send(()).unwrap();
    let result = tokio::task::spawn_blocking(move || serving.join().unwrap()).await.unwrap();
    assert!(result.is_ok(), "{result:?}");
}
