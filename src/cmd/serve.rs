//! `katalog serve`: build, serve on localhost, watch content/ and the theme, rebuild and tell
//! open pages to reload. When content/ is in git, a commit or checkout rebuilds too: the
//! changelogs and dates come from history, which a commit changes without touching a file of
//! content/. The server owns its state explicitly; nothing global.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{RecursiveMode, Watcher};

use super::build;

/// Arguments of `katalog serve`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    build: build::BuildArgs,
    /// Address to listen on (localhost only by default).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Don't watch for changes.
    #[arg(long)]
    no_watch: bool,
}

pub(crate) fn run(mut args: Args) -> anyhow::Result<ExitCode> {
    let addr: SocketAddr = format!("{}:{}", args.host, args.port).parse().context("--host/--port")?;
    if args.build.base_url.is_none() {
        args.build.base_url = Some(format!("http://{addr}"));
    }
    build::build(&args.build, true)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let state = proxy::site::SiteState { dir: args.build.out.clone(), reload: reload.clone() };
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).with_context(|| format!("listening on {addr}"))?;
    eprintln!("serving {} on http://{addr}/ (Ctrl+C to stop)", args.build.out.display());
    runtime.spawn(async move {
        if let Err(e) = proxy::site::serve(listener, state, "/").await {
            eprintln!("server stopped: {e}");
        }
    });
    if args.no_watch {
        runtime.block_on(tokio::signal::ctrl_c())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut watched: Vec<PathBuf> = vec![args.build.content.content.clone()];
    watched.extend(args.build.theme.clone());
    let git = catalog::history::git_dir(&args.build.content.content);
    let (tx, rx) = mpsc::channel();
    let in_git = git.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(e) = event else { return };
        if matches!(e.kind, notify::EventKind::Access(_)) {
            return;
        }
        // Inside the git directory only a moved branch or HEAD counts, not the index or objects.
        let counts = |p: &std::path::PathBuf| match &in_git {
            Some(g) if p.starts_with(g) => catalog::history::moves_head(g, p),
            _ => true,
        };
        if e.paths.is_empty() || e.paths.iter().any(counts) {
            let _ = tx.send(());
        }
    })?;
    for path in &watched {
        // Absolute, so that events name paths the git directory's test can compare.
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        watcher.watch(&path, RecursiveMode::Recursive).with_context(|| format!("watching {}", path.display()))?;
    }
    if let Some(g) = &git {
        watcher.watch(g, RecursiveMode::NonRecursive).with_context(|| format!("watching {}", g.display()))?;
        let heads = g.join("refs/heads");
        if heads.is_dir() {
            watcher.watch(&heads, RecursiveMode::Recursive).with_context(|| format!("watching {}", heads.display()))?;
        }
    }
    loop {
        if rx.recv().is_err() {
            break;
        }
        // Editors write in bursts: wait for a quiet moment, then rebuild once.
        while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
        match build::build(&args.build, true) {
            Ok(_) => {
                let _ = reload.send(());
            }
            Err(e) => eprintln!("rebuild failed: {e:#}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
