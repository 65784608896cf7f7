#!/usr/bin/env bash
# The page benchmark (issue 6): one command, prints `name value unit` lines.
#   bytes transferred (sum of response bodies seen by Chromium, the search index excluded) for
#   the home page, an API page and an operation page of the shipped catalog; target <= 100 KB
#   the largest page built for the biggest spec of the APIs.guru sample: first-contentful-paint,
#   first operation on screen, load event, main thread busy until; median of RUNS, headless
#   Chromium; target <= 1 s to first render
#   side by side, the same spec as Redoc shows it (`redocly build-docs --inlineBundle`),
#   measured the same way (until its first operation is on screen), and the ratios
# Both sites are built with the release binary and served as static files by the same small
# server (bench/pages/measure.mjs). Env: RUNS (default 5), REDOCLY=0 skips the peer,
# CORPUS (default ../shared/corpus/apis-guru-sample).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-$ROOT/../shared/corpus/apis-guru-sample}
OUT=$ROOT/bench/out/pages
mkdir -p "$OUT"
cargo build --release --locked -q
BIN=$ROOT/target/release/katalog
[ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-fund --no-audit --silent)

"$BIN" build --content "$ROOT/content" --out "$OUT/site-content" >/dev/null 2>"$OUT/build-content.log"
ARGS=(--catalog "$OUT/site-content" --runs "$RUNS")

if [ -d "$CORPUS" ]; then
  # The biggest spec of the sample (INDEX.tsv: file, path, version, bytes, notes), alone in a catalog.
  big=$(tail -n +2 "$CORPUS/INDEX.tsv" | sort -t$'\t' -k4 -n | tail -1 | cut -f1)
  rm -rf "$OUT/big-corpus"; mkdir -p "$OUT/big-corpus"; ln -s "$(realpath "$CORPUS/$big")" "$OUT/big-corpus/$big"
  python3 bench/make_corpus_content.py "$OUT/big-corpus" "$OUT/big-content"
  "$BIN" build --content "$OUT/big-content" --out "$OUT/site-big" >/dev/null 2>"$OUT/build-big.log"
  largest=$(find "$OUT/site-big" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
  page=${largest#* }
  echo "pages.biggest_spec.file $big ($(stat -L -c %s "$CORPUS/$big") bytes)"
  echo "pages.biggest_spec.largest_page ${largest% *} bytes (/$page)"
  ARGS+=(--big "$OUT/site-big" --big-path "/${page%index.html}")
  # "Content on screen": the first operation of a reference page, else the page's title.
  case "$page" in */reference/*) ARGS+=(--big-selector '.op-list a') ;; *) ARGS+=(--big-selector 'main h1') ;; esac

  if [ "${REDOCLY:-1}" = 1 ]; then
    PEERS=$ROOT/bench/.peers
    if [ ! -x "$PEERS/node_modules/.bin/redocly" ]; then
      mkdir -p "$PEERS"; cp -r "$ROOT/../shared/bench/peers/." "$PEERS/"; chmod -R u+w "$PEERS"
      # (`npm init -y` refuses the folder name `.peers` as a package name: write one.)
      [ -f "$PEERS/package.json" ] || echo '{"name": "katalog-bench-peers", "private": true}' >"$PEERS/package.json"
      (cd "$PEERS" && npm install --no-fund --no-audit --silent @redocly/cli >/dev/null)
    fi
    export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
    rm -rf "$OUT/redoc"; mkdir -p "$OUT/redoc"
    # --inlineBundle: Redoc's script in the page rather than from its CDN (nothing third-party).
    # build-docs prerenders the HTML; the script then hydrates it in the browser.
    "$PEERS/node_modules/.bin/redocly" build-docs "$CORPUS/$big" --inlineBundle -o "$OUT/redoc/index.html" >"$OUT/redoc.log" 2>&1 \
      || { echo "redocly build-docs failed:" >&2; cat "$OUT/redoc.log" >&2; exit 1; }
    echo "redoc.biggest_spec.page $(stat -c %s "$OUT/redoc/index.html") bytes"
    ARGS+=(--redoc "$OUT/redoc")
  fi
else
  echo "corpus not found at $CORPUS: skipping the first-render figures" >&2
fi

node bench/pages/measure.mjs "${ARGS[@]}"
