//! Serving on one thread per core, the way nginx's workers do. One task accepts connections and
//! hands them round-robin to worker threads; each worker runs a single-threaded runtime with
//! hyper's HTTP/1.1 server (no router: [`crate::dispatch`]) and its own upstream pool, so a call
//! is handled start to finish on one thread, with no hand-offs between threads. In an interleaved
//! run on the 2-core benchmark machine this answered about an eighth more proxied calls and a
//! quarter more sandbox calls per second than one multi-threaded runtime did. A connection that
//! stalls is closed ([`stalled`]).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use hyper_util::rt::TokioIo;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::{Server, Worker};

/// A connection handed to a worker, with the client's address.
type Handoff = (std::net::TcpStream, SocketAddr);

/// Answers HTTP/1.1 on every connection `queue` hands over until `stop` changes; then lets each
/// connection finish the call in flight and close, and returns once all have.
async fn run_worker(worker: Arc<Worker>, mut queue: mpsc::UnboundedReceiver<Handoff>, mut stop: watch::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        let handed = tokio::select! {
            h = queue.recv() => h,
            _ = stop.changed() => None,
        };
        // Reap the connections that have closed, so the set holds only open ones.
        while connections.try_join_next().is_some() {}
        let Some((stream, peer)) = handed else { break };
        let Ok(stream) = tokio::net::TcpStream::from_std(stream) else { continue };
        let (worker, mut stop) = (worker.clone(), stop.clone());
        let timeout = worker.client_timeout();
        connections.spawn(async move {
            // Bumped when a call begins and when it ends: odd while one is in flight.
            let calls = Arc::new(AtomicU64::new(0));
            let seen = calls.clone();
            let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let (worker, calls) = (worker.clone(), calls.clone());
                async move {
                    calls.fetch_add(1, Ordering::Relaxed);
                    let resp = crate::dispatch(&worker, req.map(Body::new), peer.ip()).await;
                    calls.fetch_add(1, Ordering::Relaxed);
                    Ok::<_, Infallible>(resp)
                }
            });
            let conn = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                // Dropping the connection closes it.
                () = stalled(&seen, timeout) => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    while connections.join_next().await.is_some() {}
}

/// Ends when a connection has begun no call for a whole `timeout` and has none in flight
/// (`calls`: bumped as each call begins and ends): a client that sends nothing, or a head a byte
/// at a time, or never reads its answer, is closed on after one to two timeouts. hyper's own
/// header-read timeout does this per request, with a boxed timer set and dropped for each one;
/// this is one timer per connection, firing once per timeout.
async fn stalled(calls: &AtomicU64, timeout: Duration) {
    let mut before = calls.load(Ordering::Relaxed);
    loop {
        tokio::time::sleep(timeout).await;
        let now = calls.load(Ordering::Relaxed);
        if now == before && now % 2 == 0 {
            return;
        }
        before = now;
    }
}

/// Every 100 ms, forever: hands the worker's audit lines to the writer. Being a timer that always
/// ends sooner than any call's deadline (20 s by default) also matters: when a call's deadline is
/// the earliest timer of the runtime, tokio wakes the runtime's event loop to shorten its wait —
/// one `eventfd` write and one more event per call, which strace showed on every call.
async fn tick(worker: Arc<Worker>) {
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        worker.tick();
    }
}

/// Serves the server's routes ([`crate::dispatch`]) on `threads` worker threads until `shutdown` completes (then the calls
/// in flight are answered before it returns) or a worker stops (its error is returned).
pub fn serve_threads(listener: std::net::TcpListener, server: Arc<Server>, threads: usize, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<io::Result<()>>();
    let mut queues = Vec::new();
    let mut workers = Vec::new();
    for i in 0..threads.max(1) {
        let (queue_tx, queue) = mpsc::unbounded_channel();
        queues.push(queue_tx);
        let (server, done, stop) = (server.clone(), done_tx.clone(), stop_rx.clone());
        let worker = std::thread::Builder::new().name(format!("katalog-worker-{i}")).spawn(move || {
            let result = tokio::runtime::Builder::new_current_thread().enable_all().build().and_then(|rt| {
                rt.block_on(async move {
                    let worker = Worker::for_thread(server);
                    tokio::spawn(tick(worker.clone()));
                    run_worker(worker.clone(), queue, stop).await;
                    worker.tick();
                    Ok(())
                })
            });
            let _ = done.send(result);
        })?;
        workers.push(worker);
    }
    drop(done_tx);
    let control = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let first = control.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let accepting = async {
            let mut next = 0;
            loop {
                match listener.accept().await {
                    Ok((stream, peer)) => {
                        let _ = stream.set_nodelay(true);
                        if let Ok(stream) = stream.into_std() {
                            let _ = queues[next].send((stream, peer));
                            next = (next + 1) % queues.len();
                        }
                    }
                    // Out of file descriptors or the like: let connections close, then go on.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        };
        Ok::<_, io::Error>(tokio::select! {
            () = shutdown => None,
            r = done_rx.recv() => r,
            () = accepting => None,
        })
    })?;
    drop(queues);
    let _ = stop_tx.send(());
    for w in workers {
        let _ = w.join();
    }
    let rest = std::iter::from_fn(|| done_rx.try_recv().ok());
    first.into_iter().chain(rest).find(|r| r.is_err()).unwrap_or(Ok(()))
}
