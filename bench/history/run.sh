#!/usr/bin/env bash
# History benchmark: a generated repository of 1,000 API folders over 50,000 commits (git
# fast-import, a few seconds), then `catalog::history::read` over it, timed. Target: ≤ 5 s.
# Prints `name value unit` lines (the read: median of RUNS reads, default 5). The repository
# lives in bench/out/ (never committed) and is reused when it exists; delete
# bench/out/history-repo-* to make it again.
# Usage: [RUNS=5] bench/history/run.sh [APIS] [COMMITS]
set -euo pipefail
cd "$(dirname "$0")/../.."
apis=${1:-1000}
commits=${2:-50000}
repo=bench/out/history-repo-$apis-$commits
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo"
  mkdir -p "$repo"
  git -C "$repo" init -q -b main
  start=$(date +%s.%N)
  python3 bench/history/make_repo.py "$apis" "$commits" | git -C "$repo" fast-import --quiet
  git -C "$repo" checkout -q main
  # What a clone from a server looks like: one pack, deltas within a window.
  git -C "$repo" repack -adq
  end=$(date +%s.%N)
  python3 -c "print(f'history_repo_generate {$end - $start:.2f} s')"
fi
echo "history_repo_commits $(git -C "$repo" rev-list --count HEAD) commits"
echo "history_repo_apis $(ls "$repo/content/apis" | wc -l) folders"
cargo build -q --release --locked -p catalog --example history_bench
target/release/examples/history_bench "$repo" content "${RUNS:-5}"
