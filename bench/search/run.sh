#!/usr/bin/env bash
# The search benchmark (issue 3), one command. On content/ plus the 60-spec APIs.guru sample built
# as one site (≈ 10,000 operations, two languages):
#   index build time and size on disk — ours (search crate, from the loaded catalog) and the
#   pagefind CLI over the same built pages;
#   in headless Chromium, the same way for both (measure.mjs): bytes fetched for the first query
#   (engine script included) and for a typical one, query latency median and p95 over the query
#   set (tests/browser/queries.json), recall@3 and MRR.
# Prints `name value unit` lines, then the ratios against the targets.
# Env: RUNS (index builds timed, default 3), PEERS (where pagefind is installed; default
# bench/.peers, which git ignores; `npm install pagefind` there if missing, as
# ../shared/bench/peers/README.md says), PORT (default 18412), KEEP=1 keeps the built content.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-3}
PORT=${PORT:-18412}
PEERS=${PEERS:-$ROOT/bench/.peers}
WORK=${WORK:-$ROOT/bench/out/search}
QUERIES=$ROOT/tests/browser/queries.json
PAGEFIND=$PEERS/node_modules/@pagefind/linux-x64/bin/pagefind_extended
mkdir -p "$WORK"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK/content"; }
trap cleanup EXIT INT TERM

if [ ! -x "$PAGEFIND" ]; then
  mkdir -p "$PEERS"
  [ -f "$PEERS/package.json" ] || echo '{"name":"katalog-bench-peers","private":true}' >"$PEERS/package.json"
  (cd "$PEERS" && npm install --no-fund --no-audit --silent pagefind >/dev/null)
fi
echo "search.pagefind.version $("$PAGEFIND" --version | awk '{print $2}') version"
[ -d "$ROOT/tests/browser/node_modules" ] || (cd "$ROOT/tests/browser" && npm ci --no-fund --no-audit --silent)
cargo build --release --locked -q
cargo build --release --locked -q -p search --example index
BIN=$ROOT/target/release/katalog

median() { python3 -c "import sys,statistics; print('%.3f' % statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
now() { date +%s.%N; }

bash "$ROOT/bench/search/make_content.sh" "$WORK/content"
SITE=$WORK/site
rm -rf "$SITE"
"$BIN" build --content "$WORK/content" --out "$SITE" >"$WORK/build.log" 2>&1 || { tail "$WORK/build.log"; exit 1; }
echo "search.site.pages $(find "$SITE" -name '*.html' | wc -l) pages"
echo "search.site.operations $(grep -o '([0-9]* operations)' "$WORK/build.log" | tr -dc 0-9) operations"

# ---- index build time: ours from the loaded catalog (both languages), pagefind over the pages
times=()
for _ in $(seq 1 "$RUNS"); do
  t=$("$ROOT/target/release/examples/index" "$WORK/content" "$WORK/katalog-index" 2>/dev/null | awk '$1=="index_build_time"{print $2}')
  times+=("$t")
done
K_BUILD=$(median "${times[@]}")
echo "search.katalog.index_build_time $K_BUILD s"
times=()
for _ in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/pagefind-out"
  t0=$(now); "$PAGEFIND" --site "$SITE" --output-path "$WORK/pagefind-out" --silent >/dev/null 2>&1; t1=$(now)
  times+=("$(python3 -c "print($t1-$t0)")")
done
P_BUILD=$(median "${times[@]}")
echo "search.pagefind.index_build_time $P_BUILD s"
rm -rf "$SITE/pagefind"; mv "$WORK/pagefind-out" "$SITE/pagefind"

K_SIZE=$(du -sb "$SITE/search-index" | cut -f1)
P_SIZE=$(du -sb "$SITE/pagefind" | cut -f1)
echo "search.katalog.index_size $K_SIZE bytes ($(find "$SITE/search-index" -type f | wc -l) files)"
echo "search.pagefind.index_size $P_SIZE bytes ($(find "$SITE/pagefind" -type f | wc -l) files)"

# ---- in the browser: a blank page on the site's origin (no CSP: Pagefind's WebAssembly needs
# 'wasm-unsafe-eval', which the portal's pages do not allow)
printf '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>\n' >"$SITE/bench-search.html"
# The site is served by nginx, as a static host would (no compression: every engine's files
# count as stored); without nginx, by serve.mjs.
if command -v nginx >/dev/null; then
  mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
  cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  types { application/wasm wasm; }
  access_log off;
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  server { listen 127.0.0.1:$PORT; root $SITE; }
}
NGINX
  nginx -p "$WORK/nginx/" -c nginx.conf & SERVER=$!
  echo "search.server nginx"
else
  node "$ROOT/bench/search/serve.mjs" "$SITE" "$PORT" & SERVER=$!
  echo "search.server node"
fi
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/bench-search.html" && break; sleep 0.1; done
echo "search.machine.load_average $(cut -d' ' -f1 /proc/loadavg) (1 min, $(nproc) cores)"
OUT=$WORK/measure.txt
node "$ROOT/bench/search/measure.mjs" "http://127.0.0.1:$PORT" "$QUERIES" katalog katalog | tee "$OUT"
node "$ROOT/bench/search/measure.mjs" "http://127.0.0.1:$PORT" "$QUERIES" pagefind pagefind | tee -a "$OUT"

# ---- ratios (ours / pagefind; targets: bytes <= 1, build time <= 1, p95 <= 50 ms)
python3 - "$OUT" "$K_BUILD" "$P_BUILD" "$K_SIZE" "$P_SIZE" <<'EOF'
import sys
vals = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) >= 2:
        vals[parts[0]] = float(parts[1])
kb, pb, ks, ps = map(float, sys.argv[2:6])
def ratio(name, k, p):
    print(f"search.ratio.{name} {k / p:.3f} ours/pagefind")
ratio("index_build_time", kb, pb)
ratio("index_size", ks, ps)
for m in ["first_query_bytes", "typical_query_bytes", "latency_median", "latency_p95"]:
    ratio(m, vals[f"search.katalog.{m}"], vals[f"search.pagefind.{m}"])
p95 = vals["search.katalog.latency_p95"]
print(f"search.machine.load_average_after {open('/proc/loadavg').read().split()[0]}")
print(f"search.target.p95_under_50ms {'yes' if p95 <= 50 else 'no'} ({p95} ms)")
EOF
