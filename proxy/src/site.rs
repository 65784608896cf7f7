//! Serving a built site folder, with a live-reload event stream for `katalog serve`.

use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The path of the live-reload event stream, under the site's base path.
pub const LIVE_RELOAD_PATH: &str = "__livereload";

/// What the site server needs: the folder and the reload signal (sent after each rebuild).
#[derive(Clone, Debug)]
pub struct SiteState {
    /// The built site.
    pub dir: PathBuf,
    /// Fires once per finished rebuild.
    pub reload: broadcast::Sender<()>,
}

/// A router serving `state.dir` under `base_path` (`/` or `/katalog/`) with live reload.
pub fn router(state: SiteState, base_path: &str) -> Router {
    let not_found = ServeFile::new(state.dir.join("404.html"));
    let files = ServeDir::new(&state.dir).append_index_html_on_directories(true).not_found_service(not_found);
    let reload = format!("{}{LIVE_RELOAD_PATH}", base_path);
    let inner = Router::new().route(&reload, get(live_reload)).with_state(state);
    let app = if base_path == "/" { inner.fallback_service(files) } else { inner.nest_service(base_path.trim_end_matches('/'), files) };
    app.layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
}

async fn live_reload(State(state): State<SiteState>) -> impl IntoResponse {
    let stream = BroadcastStream::new(state.reload.subscribe()).filter_map(|r| r.ok()).map(|()| Ok::<Event, Infallible>(Event::default().data("reload")));
    let stream: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> = Box::pin(stream);
    (StatusCode::OK, Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Serves the site until the listener fails, with the try-it proxy, the sandbox and the metrics
/// mounted beside it (development settings: no rate limits, no audit log); the specs are read
/// again after every rebuild.
pub async fn serve(listener: tokio::net::TcpListener, state: SiteState, base_path: &str) -> std::io::Result<()> {
    let settings = crate::config::Settings { try_rate: OFF, sandbox_rate: OFF, ..Default::default() };
    let dir = state.dir.clone();
    let server = tokio::task::spawn_blocking(move || crate::Server::from_site(&dir, settings, crate::audit::Sink::Off, "/"))
        .await
        .map_err(std::io::Error::other)?
        .map_err(std::io::Error::other)?;
    let mut rebuilt = state.reload.subscribe();
    let reloading = server.clone();
    tokio::spawn(async move {
        while let Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) = rebuilt.recv().await {
            let s = reloading.clone();
            if let Ok(Err(e)) = tokio::task::spawn_blocking(move || s.reload()).await {
                eprintln!("reloading the specs for the sandbox: {e}");
            }
        }
    });
    let _ = base_path; // the dev server's API routes live at the root, like its pages
    let app = crate::router(server).merge(router(state, base_path));
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
}

const OFF: crate::config::Rate = crate::config::Rate { per_second: 0.0, burst: 0.0 };
