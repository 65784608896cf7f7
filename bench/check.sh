#!/usr/bin/env bash
# The check benchmark (issue 5): `katalog check` over the shipped content/ catalog and the
# 60-spec sample of ../shared/corpus (35 MB of YAML) wrapped as one content folder — every lint
# rule, the official-schema validation included. Target: ≤ 5 s. Prints `name value unit` lines.
# Env: RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
CORPUS=${CORPUS:-$ROOT/../shared/corpus/apis-guru-sample}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
cargo build --release --locked -q
BIN=$ROOT/target/release/katalog
median() { python3 -c "import sys,statistics; print('%.3f' % statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# One content folder: content/ plus every sample spec as an API folder of its own.
ALL=$OUT/check-content
rm -rf "$ALL"
cp -r content "$ALL"
if [ -d "$CORPUS" ]; then
  python3 bench/make_corpus_content.py "$CORPUS" "$OUT/check-corpus" >/dev/null
  cp "$OUT/check-corpus/institutions/"*.md "$ALL/institutions/"
  first_category=$(sed -n 's/^id = "\(.*\)"/\1/p' content/katalog.toml | head -1)
  for d in "$OUT/check-corpus/apis/"*/; do
    name=$(basename "$d")
    cp -r "$d" "$ALL/apis/$name"
    sed -i "s/^categories: \[inne\]/categories: [$first_category]/" "$ALL/apis/$name/index.md"
  done
else
  echo "check.note ../shared/corpus is absent: content/ only" >&2
fi
echo "check.apis $(ls "$ALL/apis" | wc -l) folders"
echo "check.yaml_bytes $(du -cb "$ALL"/apis/*/openapi.* "$ALL"/apis/*/swagger.* 2>/dev/null | tail -1 | cut -f1) bytes"

measure() {
  local name=$1 content=$2 times=() rss=0 t m
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$BIN" check --content "$content" --format json >"$OUT/check-$name.json" 2>/dev/null || true
    read -r t m < <(tail -1 "$OUT/time.txt"); times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "check.$name.median $(median "${times[@]}") s"
  echo "check.$name.peak_rss $((rss / 1024)) MB"
  python3 - "$OUT/check-$name.json" "$name" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
c = collections.Counter(x["rule"] for x in d)
print(f"check.{sys.argv[2]}.diagnostics {len(d)} diagnostics")
for rule, n in sorted(c.items()):
    print(f"check.{sys.argv[2]}.rule.{rule} {n} diagnostics")
PY
}
measure content content
measure content_and_sample "$ALL"
