//! `katalog check`: what every pull request runs. Loads everything, writes nothing, exits 1 on
//! any error.

use std::process::ExitCode;

use crate::report::{self, Format};
use crate::ContentArg;

/// Arguments of `katalog check`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    content: ContentArg,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = &args.content.content;
    let diags = match catalog::load(dir) {
        Ok(loaded) => loaded.diagnostics,
        Err(catalog::LoadError::Config(diags)) => diags,
        Err(e) => return Err(e.into()),
    };
    report::print(&diags, dir, args.format);
    if args.format != Format::Json {
        eprintln!("{}", report::counts(&diags));
    }
    Ok(if catalog::diag::has_errors(&diags) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
