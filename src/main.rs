//! `katalog`: the command line. Thin by design; every stage lives in its own crate.

mod cmd;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A build allocates and frees millions of small strings on every thread; mimalloc spends a
/// fraction of glibc's time on that (glibc's malloc was ~15% of a big build's CPU).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Katalog API: the catalog of Polish public-administration APIs, from git to a static portal.
#[derive(Parser)]
#[command(name = "katalog", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the static site, the feeds and the exports.
    Build(cmd::build::BuildArgs),
    /// Checks content/ and reports every problem with file:line:col; writes nothing.
    Check(cmd::check::Args),
    /// Creates a new folder from a template.
    New {
        #[command(subcommand)]
        what: cmd::new::What,
    },
    /// Builds, serves the site on localhost and rebuilds on every change (live reload).
    Serve(cmd::serve::Args),
    /// Serves the try-it proxy, the sandbox and metrics over a built site (production).
    Proxy(cmd::proxy::Args),
}

/// Options every command that reads content/ takes.
#[derive(clap::Args, Clone)]
struct ContentArg {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New { what } => cmd::new::run(what),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Proxy(args) => cmd::proxy::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
