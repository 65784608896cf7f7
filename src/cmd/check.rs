//! `katalog check`: what every pull request runs. Loads everything, runs the lint rules,
//! optionally compares with a git revision for breaking changes, writes nothing (except the
//! `--summary` file), exits 1 on any error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

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
    /// Also check external links in markdown (HEAD requests through `curl`; slow, needs network).
    #[arg(long)]
    external_links: bool,
    /// Compare every API changed since this git revision (e.g. `origin/main`) and report
    /// breaking changes.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Write a markdown summary (for a pull-request comment) to this file.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// List the rules katalog.toml `[rules]` can configure, with their default severities.
    #[arg(long)]
    list_rules: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.list_rules {
        for r in catalog::lint::RULES {
            let sev = if r.default == catalog::Severity::Error { "error" } else { "warning" };
            let aliases = if r.aliases.is_empty() { String::new() } else { format!(" (also: {})", r.aliases.join(", ")) };
            println!("{:<36} {sev:<8} {}{aliases}", r.name, r.about);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let dir = &args.content.content;
    let options = catalog::lint::Options { external_links: args.external_links };
    let (mut diags, loaded) = match catalog::lint::check(dir, &options) {
        Ok(loaded) => (loaded.diagnostics.clone(), Some(loaded)),
        Err(catalog::LoadError::Config(diags)) => (diags, None),
        Err(e) => return Err(e.into()),
    };
    let mut base_report = None;
    if let (Some(rev), Some(loaded)) = (&args.base, &loaded) {
        let mut report = catalog::diff::base::compare(dir, &loaded.catalog, rev).with_context(|| format!("comparing with {rev}"))?;
        let mut breaking = std::mem::take(&mut report.diagnostics);
        catalog::lint::apply_rules(&mut breaking, &loaded.catalog.site.rules);
        diags.append(&mut breaking);
        diags.sort_by(|a, b| (&a.file, a.pos, a.rule).cmp(&(&b.file, b.pos, b.rule)));
        base_report = Some(report);
    }
    report::print(&diags, dir, args.format);
    if args.format != Format::Json {
        eprintln!("{}", report::counts(&diags));
    }
    if let Some(path) = &args.summary {
        let text = report::summary(&diags, loaded.as_ref().map(|l| &l.catalog), base_report.as_ref());
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(if catalog::diag::has_errors(&diags) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
