#!/usr/bin/env bash
# The build benchmark (issue 2): one command, prints `name value unit` lines.
#   cold build time (median of RUNS) and peak RSS, for content/ and for the 60-spec sample
#   warm rebuild time (same content, output already there)
#   largest page
#   side by side in the same run: `redocly build-docs` over the same 60 specs (total), and the ratio
# Env: RUNS (default 5), REDOCLY=0 skips the peer (it takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-$ROOT/../shared/corpus/apis-guru-sample}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
cargo build --release --locked -q
BIN=$ROOT/target/release/katalog

declare -A COLD
median() { python3 -c "import sys,statistics; print('%.3f' % statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# measure NAME CONTENT [SITE]: cold runs (fresh output), then warm runs (output kept)
measure() {
  local name=$1 content=$2 site=${3:-$OUT/site-$1} times=() rss=0
  for _ in $(seq 1 "$RUNS"); do
    rm -rf "$site"
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$BIN" build --timings --content "$content" --out "$site" 2>"$OUT/build-$name.log" >/dev/null
    read -r t m <"$OUT/time.txt"; times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  COLD[$name]=$(median "${times[@]}")
  echo "build.$name.cold.median ${COLD[$name]} s"
  echo "build.$name.cold.peak_rss $((rss / 1024)) MB"
  times=()
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$BIN" build --content "$content" --out "$site" 2>/dev/null >/dev/null
    read -r t m <"$OUT/time.txt"; times+=("$t")
  done
  echo "build.$name.warm.median $(median "${times[@]}") s"
  local largest; largest=$(find "$site" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
  echo "build.$name.largest_page ${largest% *} bytes (${largest#* })"
  echo "build.$name.pages $(find "$site" -name '*.html' | wc -l) pages"
  grep -E "^timings" "$OUT/build-$name.log" | sed "s/^/build.$name./" || true
}

measure content "$ROOT/content"

if [ ! -d "$CORPUS" ]; then
  echo "corpus not found at $CORPUS: skipping the sample and the peer" >&2
  exit 0
fi
python3 bench/make_corpus_content.py "$CORPUS" "$OUT/corpus-content"
measure sample "$OUT/corpus-content"
# The same into memory (tmpfs): what the program costs without this disk. The shared machine's
# ext4 has no journal, and on such a file system creating inodes right after many were deleted
# (the previous output, removed before each cold run or after each warm one) scans for ones not
# recently freed: most of the difference between the two lines is the kernel doing that.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  SHM=$(mktemp -d /dev/shm/katalog-bench.XXXXXX)
  trap 'rm -rf "$SHM"' EXIT
  measure sample_tmpfs "$OUT/corpus-content" "$SHM/site"
  rm -rf "$SHM"
fi

if [ "${REDOCLY:-1}" = 1 ]; then
  PEERS=$ROOT/bench/.peers
  if [ ! -x "$PEERS/node_modules/.bin/redocly" ]; then
    mkdir -p "$PEERS"; cp -r "$ROOT/../shared/bench/peers/." "$PEERS/"; chmod -R u+w "$PEERS"
    (cd "$PEERS" && { [ -f package.json ] || echo '{"name": "katalog-bench-peers", "private": true}' > package.json; } && npm install --no-fund --no-audit --silent @redocly/cli >/dev/null)
  fi
  export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
  mkdir -p "$OUT/redocly"
  t0=$(date +%s.%N); failed=0
  for f in "$CORPUS"/*.yaml; do
    "$PEERS/node_modules/.bin/redocly" build-docs "$f" -o "$OUT/redocly/$(basename "$f" .yaml).html" >/dev/null 2>&1 || failed=$((failed + 1))
  done
  t1=$(date +%s.%N)
  total=$(python3 -c "print('%.1f' % ($t1 - $t0))")
  echo "redocly_build_docs.sample.total $total s ($failed of 60 failed)"
  echo "redocly_build_docs.sample.largest_page $(find "$OUT/redocly" -name '*.html' -printf '%s\n' | sort -n | tail -1) bytes"
  # our single cold build of the same 60 specs, again, for the ratio in this same run
  rm -rf "$OUT/site-sample"
  s0=$(date +%s.%N); "$BIN" build --content "$OUT/corpus-content" --out "$OUT/site-sample" >/dev/null 2>&1; s1=$(date +%s.%N)
  python3 -c "o=$s1-$s0; print('ratio.redocly_over_katalog.sample %.0f x (katalog %.2f s, redocly %.1f s)' % ($total/o, o, $total))"
  if [ -n "${COLD[sample_tmpfs]:-}" ]; then
    python3 -c "o=${COLD[sample_tmpfs]}; print('ratio.redocly_over_katalog.sample_tmpfs %.0f x (katalog cold median %.2f s into tmpfs, redocly %.1f s)' % ($total/o, o, $total))"
  fi
fi
