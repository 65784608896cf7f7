//! Times `catalog::history::read` on a repository: `history_bench REPO [CONTENT]`.
//! Prints `name value unit` lines (bench/history/run.sh runs it).

use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let repo = args.next().expect("usage: history_bench REPO [CONTENT]");
    let content = args.next().unwrap_or_else(|| "content".into());
    let mut best = f64::MAX;
    let mut history = None;
    for _ in 0..3 {
        let start = Instant::now();
        let h = catalog::history::read(Path::new(&repo), Path::new(&content)).expect("history");
        best = best.min(start.elapsed().as_secs_f64());
        history = Some(h);
    }
    let h = history.expect("ran");
    let changes: usize = h.apis.values().map(|a| a.changes.len()).sum();
    let kpi: Vec<i64> = h.apis.values().filter_map(|a| a.proposed_to_sandbox_days).collect();
    println!("history_read {best:.3} s");
    println!("history_apis {} folders", h.apis.len());
    println!("history_changes {changes} changes");
    println!("history_apis_with_kpi {} folders", kpi.len());
    println!("history_target_met {} bool", u8::from(best <= 5.0));
}
