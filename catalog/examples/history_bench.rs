//! Times `catalog::history::read` on a repository: `history_bench REPO [CONTENT] [RUNS]`.
//! Prints `name value unit` lines (bench/history/run.sh runs it): the median and the fastest of
//! RUNS reads (default 5), and what was read.

use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let repo = args.next().expect("usage: history_bench REPO [CONTENT] [RUNS]");
    let content = args.next().unwrap_or_else(|| "content".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let mut times = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    let mut history = None;
    for _ in 0..runs {
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        let h = catalog::history::read(Path::new(&repo), Path::new(&content)).expect("history");
        times.push(start.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - cpu_start);
        history = Some(h);
    }
    let median = median_of(&mut times);
    let cpu_median = median_of(&mut cpu);
    let h = history.expect("ran");
    let changes: usize = h.apis.values().map(|a| a.changes.len()).sum();
    let versions: usize = h.apis.values().map(|a| a.versions.len()).sum();
    let kpi = h.apis.values().filter(|a| a.proposed_to_sandbox_days.is_some()).count();
    println!("history_read_median {median:.3} s");
    println!("history_read_min {:.3} s", times[0]);
    println!("history_read_cpu_median {cpu_median:.3} s");
    println!("history_read_runs {runs} runs");
    println!("history_apis {} folders", h.apis.len());
    println!("history_changes {changes} changes");
    println!("history_versions {versions} versions");
    println!("history_apis_with_kpi {kpi} folders");
    println!("history_target_met {} bool", u8::from(median <= 5.0));
}

fn median_of(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// CPU time of the process so far (user + system, all threads), from /proc; 0 elsewhere. On a
/// machine shared with other work, wall time depends on the neighbours; this does much less.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, r)| r.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime, in USER_HZ (100 on Linux).
    (ticks(11) + ticks(12)) / 100.0
}
