//! `katalog serve`: build, serve on localhost, watch content/ and the theme, rebuild and tell
//! open pages to reload. The server owns its state explicitly; nothing global.

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
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event {
            if !matches!(e.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(());
            }
        }
    })?;
    for path in &watched {
        watcher.watch(path, RecursiveMode::Recursive).with_context(|| format!("watching {}", path.display()))?;
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
