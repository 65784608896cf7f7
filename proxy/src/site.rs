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
    let stream = BroadcastStream::new(state.reload.subscribe())
        .filter_map(|r| r.ok())
        .map(|()| Ok::<Event, Infallible>(Event::default().data("reload")));
    let stream: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> = Box::pin(stream);
    (StatusCode::OK, Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Serves the site until the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, state: SiteState, base_path: &str) -> std::io::Result<()> {
    axum::serve(listener, router(state, base_path)).await
}
