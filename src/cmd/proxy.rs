//! `katalog proxy --site DIR`: the production server — try-it proxy, sandbox and metrics over a
//! built site (the static pages go to any static host). Stateless: run as many copies as needed
//! behind a load balancer.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use proxy::audit::Sink;
use proxy::config::{Rate, Settings};

/// Arguments of `katalog proxy`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The built site (what `katalog build` wrote): its specs, endpoint list and server.json.
    #[arg(long)]
    site: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Audit log: a file to append JSON lines to, or `-` for standard output. None by default.
    #[arg(long, value_name = "FILE")]
    audit_log: Option<String>,
    /// Salt for the audit log's client hashes (default: $KATALOG_AUDIT_SALT, else random per process).
    #[arg(long)]
    audit_salt: Option<String>,
    /// Let the proxy reach this private range too (repeatable; added to katalog.toml's `[proxy] allow_private`).
    #[arg(long = "allow-private", value_name = "CIDR")]
    allow_private: Vec<String>,
    /// Path the routes live under (`/try/`, `/sandbox/`, `/metrics` beneath it).
    #[arg(long, default_value = "/")]
    base_path: String,
    /// Requests per second one client may make through /try/ (0: no limit).
    #[arg(long, default_value_t = 5.0)]
    try_rate: f64,
    /// Burst allowed above --try-rate.
    #[arg(long, default_value_t = 20.0)]
    try_burst: f64,
    /// Requests per second one client may make to /sandbox/ (0: no limit).
    #[arg(long, default_value_t = 50.0)]
    sandbox_rate: f64,
    /// Burst allowed above --sandbox-rate.
    #[arg(long, default_value_t = 100.0)]
    sandbox_burst: f64,
    /// Header a trusted load balancer sets with the client address (its last entry is used), e.g. X-Forwarded-For.
    #[arg(long, value_name = "HEADER")]
    client_ip_header: Option<String>,
    /// Proxied calls in flight at once.
    #[arg(long, default_value_t = 256)]
    max_concurrent: usize,
    /// Switch the sandbox off whatever server.json says.
    #[arg(long)]
    no_sandbox: bool,
    /// Worker threads, each accepting and answering on its own (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let addr: SocketAddr = format!("{}:{}", args.host, args.port).parse().context("--host/--port")?;
    let mut settings = Settings {
        try_rate: Rate { per_second: args.try_rate, burst: args.try_burst.max(1.0) },
        sandbox_rate: Rate { per_second: args.sandbox_rate, burst: args.sandbox_burst.max(1.0) },
        client_ip_header: args.client_ip_header,
        max_concurrent_upstream: args.max_concurrent.max(1),
        sandbox_enabled: !args.no_sandbox,
        audit_salt: args.audit_salt.or_else(|| std::env::var("KATALOG_AUDIT_SALT").ok().filter(|s| !s.is_empty())),
        ..Settings::default()
    };
    for c in &args.allow_private {
        settings.allow_private.push(c.parse().with_context(|| format!("--allow-private {c}"))?);
    }
    let sink = match args.audit_log.as_deref() {
        None => Sink::Off,
        Some("-") => Sink::Stdout,
        Some(path) => Sink::File(PathBuf::from(path)),
    };
    if !args.site.join("specs").is_dir() {
        anyhow::bail!("{} has no specs/ folder: point --site at what `katalog build` wrote", args.site.display());
    }
    let server = proxy::Server::from_site(&args.site, settings, sink, &args.base_path).context("starting the server")?;
    let snapshot = server.snapshot();
    for problem in &snapshot.registry.problems {
        eprintln!("warning: {problem}");
    }
    let listener = std::net::TcpListener::bind(addr).with_context(|| format!("listening on {addr}"))?;
    eprintln!(
        "katalog proxy: {} API versions, {} operations from {}; listening on http://{addr}/ (ready in {} ms)",
        snapshot.registry.len(),
        snapshot.registry.operation_count(),
        args.site.display(),
        started.elapsed().as_millis()
    );
    drop(snapshot);
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    proxy::workers::serve_threads(listener, server, threads, shutdown)?;
    Ok(ExitCode::SUCCESS)
}
