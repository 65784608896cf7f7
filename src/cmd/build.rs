//! `katalog build`: content/ → site/.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use crate::report::{self, Format};
use crate::ContentArg;

/// Arguments of `katalog build`.
#[derive(clap::Args, Clone)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) content: ContentArg,
    /// Where the site is written (replaced atomically).
    #[arg(long, default_value = "site")]
    pub(crate) out: PathBuf,
    /// Overrides base_url from katalog.toml (e.g. for a preview deployment).
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// A theme folder whose files override the default theme, file by file.
    #[arg(long)]
    pub(crate) theme: Option<PathBuf>,
    /// Exit non-zero when the content has any error (an API with errors is otherwise left out).
    #[arg(long)]
    pub(crate) strict: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    /// Print how long each phase took (`timings.<phase> <ms> ms` lines on stderr).
    #[arg(long)]
    pub(crate) timings: bool,
}

pub(crate) fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let ok = build(&args, false)?;
    Ok(if ok || !args.strict { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Builds once; `Ok(false)` when the content had errors (the site was still written).
pub(crate) fn build(args: &BuildArgs, live_reload: bool) -> anyhow::Result<bool> {
    let started = Instant::now();
    // With git history when content/ is in a repository (changelogs, the Atom feed of changes,
    // the proposed-to-sandbox KPI); without one the site builds all the same.
    let loaded = match catalog::load_with_history(&args.content.content) {
        Ok(l) => l,
        Err(catalog::LoadError::Config(diags)) => {
            report::print(&diags, &args.content.content, args.format);
            anyhow::bail!("katalog.toml has errors; nothing was built");
        }
        Err(e) => return Err(e.into()),
    };
    report::print(&loaded.diagnostics, &args.content.content, args.format);
    let loaded_in = started.elapsed();
    let options = generator::Options { base_url: args.base_url.clone(), theme_dir: args.theme.clone(), live_reload };
    let written = generator::build(&loaded.catalog, &args.out, &options).with_context(|| format!("writing {}", args.out.display()))?;
    let total = started.elapsed();
    let c = &loaded.catalog;
    eprintln!(
        "built {} APIs ({} operations) into {} in {:.2} s (load {:.2} s): {} pages, {} files ({} unchanged), {:.1} MB{}",
        c.apis.len(),
        c.apis.iter().map(|a| a.versions.iter().map(|v| v.spec.operations.len()).sum::<usize>()).sum::<usize>(),
        display(&args.out),
        total.as_secs_f64(),
        loaded_in.as_secs_f64(),
        written.pages,
        written.files,
        written.unchanged,
        written.bytes as f64 / 1e6,
        written.largest_page.as_ref().map(|(p, b)| format!("; largest page {p} ({} KB)", b / 1024)).unwrap_or_default(),
    );
    if args.timings {
        print_timings(loaded_in, &written.timings);
    }
    if !loaded.failed.is_empty() {
        eprintln!("left out because of errors: {}", loaded.failed.join(", "));
    }
    if !loaded.diagnostics.is_empty() {
        eprintln!("{}", report::counts(&loaded.diagnostics));
    }
    Ok(!catalog::diag::has_errors(&loaded.diagnostics))
}

/// The phases of a build, and the share of the exports (published specs, feeds, sitemap) in the
/// whole: the open-data exports must stay a small part of a build.
fn print_timings(load: std::time::Duration, phases: &[(&'static str, std::time::Duration)]) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    eprintln!("timings.load {:.1} ms", ms(load));
    for (name, took) in phases {
        eprintln!("timings.{} {:.1} ms", name.replace(' ', "_"), ms(*took));
    }
    let of = |n: &str| phases.iter().find(|(p, _)| *p == n).map_or(0.0, |(_, d)| ms(*d));
    let exports = of("specs") + of("feeds") + of("sitemap");
    let total = ms(load) + of("total");
    if total > 0.0 {
        eprintln!("timings.exports_share {:.1} % ({exports:.1} ms of {total:.1} ms)", 100.0 * exports / total);
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
