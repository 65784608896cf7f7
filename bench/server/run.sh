#!/usr/bin/env bash
# The server's benchmark, one command: our sandbox and try-it proxy side by side with the peers
# a user would pick instead (Prism's mock, nginx as a reverse proxy), in the same run, on loopback.
#
#   bench/server/run.sh            # DUR=10 (wrk seconds, capped at 12), QUICK=1 skips Prism's 5,000-op run,
#                                  # ROUNDS=3 interleaved rounds of the proxy comparison
#
# Installs what it lacks: Prism from npm into bench/server/.peers (a copy of shared/bench/peers),
# nginx and wrk from Debian. Prints `name value unit` lines, then the ratios against the targets.
# Ports: 4010 (Prism), 18080 (nginx as the upstream), 18081-18082 (nginx as the proxy, without and
# with an access log), 4020-4022 (ours), all on 127.0.0.1; everything started is stopped on exit,
# by PID. Raw wrk output goes to bench/server/.peers/logs/.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
PEERS=$HERE/.peers
DUR=${DUR:-10}; [ "$DUR" -gt 12 ] && DUR=12
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  for n in nginx-upstream nginx-proxy nginx-proxy-logged; do
    [ -f "$PEERS/$n/logs/nginx.pid" ] && kill -QUIT "$(cat "$PEERS/$n/logs/nginx.pid")" 2>/dev/null
  done
  rm -f "$PEERS/logs/audit-"*.jsonl
}
trap cleanup EXIT INT TERM

# ---- set-up
[ -d "$PEERS" ] || cp -r "$SHARED/bench/peers" "$PEERS" || { echo "no $SHARED/bench/peers" >&2; exit 1; }
mkdir -p "$PEERS/logs" "$PEERS/run" "$PEERS"/nginx-{upstream,proxy}/{logs,tmp} "$PEERS/nginx-upstream/www"
cp "$PEERS/nginx/www/order.json" "$PEERS/nginx-upstream/www/" || exit 1
cd "$PEERS"
[ -f package.json ] || echo '{"name": "katalog-bench-peers", "private": true}' > package.json
[ -x node_modules/.bin/prism ] || npm install --no-fund --no-audit @stoplight/prism-cli >logs/npm.log 2>&1 || { echo "npm install failed (logs/npm.log)" >&2; exit 1; }
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk) >logs/apt.log 2>&1 || { echo "apt-get failed (logs/apt.log)" >&2; exit 1; }
fi
[ -f specs/synthetic-1000.json ] || python3 gen_spec.py 1000 specs/synthetic-1000.json >/dev/null
(cd "$ROOT" && cargo build --release --quiet --bin katalog) || exit 1
KATALOG=$ROOT/target/release/katalog

# Sites our server reads (it reads built sites only): the two benchmark specs, and one proxying
# Petstore's /store/order/{orderId} to the nginx upstream.
SITE=$PEERS/run/site
rm -rf "$SITE" && mkdir -p "$SITE/specs/petstore/1" "$SITE/specs/upstream/1" "$PEERS/run/site5000/specs/synthetic/1"
cp specs/petstore3.yaml "$SITE/specs/petstore/1/openapi.yaml"
sed 's#- url: https://petstore3.swagger.io/api/v3#- url: http://127.0.0.1:18080#' specs/petstore3.yaml >"$SITE/specs/upstream/1/openapi.yaml"
cp specs/synthetic-1000.json "$PEERS/run/site5000/specs/synthetic/1/openapi.json"

median() { python3 -c "import statistics,sys; print('%.3f' % statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
to_ms() { python3 -c "import sys,re; v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s|m)',v); n,u=float(m[1]),m[2]; print('%.3f'%(n*{'us':1e-3,'ms':1,'s':1e3,'m':6e4}[u]))" "$1"; }
port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
wait_http() { for _ in $(seq 1 3000); do curl -s -o /dev/null "$1" && return 0; sleep 0.01; done; echo "not up: $1" >&2; return 1; }
declare -A R
warm() { wrk -t2 -c32 -d2s "$1" >/dev/null 2>&1; } # url: keep-alive pools filled, caches warm
measure() { # name url connections -> R[name.rps], R[name.p50], R[name.p99]; raw output in logs/
  local name=$1 url=$2 conns=$3 f=logs/wrk-$1.txt
  wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d"${DUR}s" --latency "$url" >"$f" 2>&1
  R[$name.rps]=$(awk '/Requests\/sec/{print $2}' "$f")
  R[$name.p50]=$(to_ms "$(awk '$1=="50%"{print $2}' "$f")")
  R[$name.p99]=$(to_ms "$(awk '$1=="99%"{print $2}' "$f")")
  local bad; bad=$(grep -E 'Non-2xx|Socket errors' "$f" | tr -s ' ' | tr '\n' ';')
  [ -n "$bad" ] && echo "$name.errors \"$bad\"" || true
}
load() { # name url -> prints req/s, p50, p99 at 32 connections
  warm "$2"
  measure "$1" "$2" 32
  echo "$1.req_per_s ${R[$1.rps]} req/s"
  echo "$1.p50 ${R[$1.p50]} ms"
  echo "$1.p99 ${R[$1.p99]} ms"
}
start_ours() { # port site -> sets OURS (pid) and STARTUP (seconds from launch to answering)
  local port=$1 site=$2 t0 t1
  port_free "$port" || { echo "port $port busy" >&2; exit 1; }
  t0=$(date +%s.%N)
  "$KATALOG" proxy --site "$site" --port "$port" --try-rate 0 --sandbox-rate 0 --allow-private 127.0.0.1/32 \
    --audit-log "logs/audit-$port.jsonl" >"logs/ours-$port.log" 2>&1 &
  OURS=$!; PIDS+=("$OURS")
  # Poll in-process: spawning curl every few ms on a busy machine measured curl, not us.
  python3 -c "
import socket, sys, time
for _ in range(6000):
    try:
        s = socket.create_connection(('127.0.0.1', $port), timeout=0.5); s.sendall(b'GET /healthz HTTP/1.0\\r\\n\\r\\n')
        if b' 200 ' in s.recv(64): sys.exit(0)
    except OSError: time.sleep(0.002)
sys.exit(1)" || { echo "not up: $port" >&2; exit 1; }
  t1=$(date +%s.%N)
  STARTUP=$(python3 -c "print('%.3f'%($t1-$t0))")
}
rss_mib() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

# ---- 1. sandbox vs prism mock, Petstore (GET /store/order/1: the spec's example in both)
port_free 4010 || { echo "port 4010 busy" >&2; exit 1; }
node_modules/.bin/prism mock -h 127.0.0.1 -p 4010 -v silent specs/petstore3.yaml >logs/prism-petstore.log 2>&1 &
pid=$!; PIDS+=("$pid")
wait_http http://127.0.0.1:4010/store/order/1 || exit 1
load prism_petstore http://127.0.0.1:4010/store/order/1
kill "$pid"; wait "$pid" 2>/dev/null

start_ours 4020 "$SITE"; SITE_PID=$OURS; echo "ours_site.startup $STARTUP s"
load ours_sandbox_petstore http://127.0.0.1:4020/sandbox/petstore/1/store/order/1

# ---- 2. sandbox vs prism mock, 5,000 operations: start-up and throughput
if [ "${QUICK:-0}" != 1 ]; then
  port_free 4010 || { echo "port 4010 busy" >&2; exit 1; }
  t0=$(date +%s.%N)
  node_modules/.bin/prism mock -h 127.0.0.1 -p 4010 -v silent specs/synthetic-1000.json >logs/prism-5000.log 2>&1 &
  pid=$!; PIDS+=("$pid")
  for _ in $(seq 1 1200); do curl -s -o /dev/null http://127.0.0.1:4010/r0500/1 && break; sleep 0.05; done
  t1=$(date +%s.%N)
  R[prism_5000.startup]=$(python3 -c "print('%.2f'%($t1-$t0))")
  echo "prism_5000ops.startup ${R[prism_5000.startup]} s"
  load prism_5000ops http://127.0.0.1:4010/r0500/1
  echo "prism_5000ops.rss $(rss_mib "$pid") MiB"
  kill "$pid"; wait "$pid" 2>/dev/null
fi
starts=()
for i in 1 2 3; do
  start_ours 4021 "$PEERS/run/site5000"; starts+=("$STARTUP")
  [ "$i" -lt 3 ] && { kill "$OURS"; wait "$OURS" 2>/dev/null; }
done
R[ours_5000.startup]=$(median "${starts[@]}")
echo "ours_5000ops.startup ${R[ours_5000.startup]} s"
load ours_sandbox_5000ops http://127.0.0.1:4021/sandbox/synthetic/1/r0500/1
echo "ours_5000ops.rss $(rss_mib "$OURS") MiB"
kill "$OURS"; wait "$OURS" 2>/dev/null

# ---- 3. proxy vs nginx reverse proxy with keep-alive, in front of the same upstream: a second
# nginx, in processes of its own (with one nginx in both roles, how its workers split them moved
# nginx's own figure). The target is judged against it as configured, with no access log; a
# third nginx, the same but writing nginx's default access log through a 32 KB buffer flushed
# every 100 ms, is the like-for-like figure: ours writes an audit line per call, in batches
# handed over at 32 KB or every 100 ms. ROUNDS interleaved rounds (default 3) of the targets, at
# 32 connections (throughput, loaded latency) and at one connection (latency with nothing
# queued); medians are printed.
for p in 18080 18081 18082; do port_free $p || { echo "port $p busy" >&2; exit 1; }; done
mkdir -p nginx-proxy-logged/{logs,tmp}
sed -e 's#access_log off;#access_log logs/access.log combined buffer=32k flush=100ms;#' -e 's#listen 127.0.0.1:18081;#listen 127.0.0.1:18082;#' \
  "$HERE/nginx-proxy.conf" >nginx-proxy-logged/nginx.conf
for n in upstream proxy proxy-logged; do
  rm -f "nginx-$n/logs/nginx.pid" "nginx-$n/logs/access.log"
  conf=$HERE/nginx-$n.conf; [ "$n" = proxy-logged ] && conf=$PEERS/nginx-proxy-logged/nginx.conf
  nginx -p "$PEERS/nginx-$n/" -c "$conf" || exit 1
done
wait_http http://127.0.0.1:18081/store/order/1 || exit 1
wait_http http://127.0.0.1:18082/store/order/1 || exit 1
declare -A M
TARGETS=(nginx_upstream_direct=http://127.0.0.1:18080/store/order/1
         nginx_proxy_keepalive=http://127.0.0.1:18081/store/order/1
         nginx_proxy_logged=http://127.0.0.1:18082/store/order/1
         ours_proxy=http://127.0.0.1:4020/try/upstream/1/0/store/order/1)
for _ in $(seq 1 "${ROUNDS:-3}"); do
  for t in "${TARGETS[@]}"; do
    name=${t%%=*} url=${t#*=}
    warm "$url"
    measure "$name" "$url" 32
    for k in rps p50 p99; do M[$name.$k]+=" ${R[$name.$k]}"; done
    measure "$name.c1" "$url" 1
    M[$name.c1_p50]+=" ${R[$name.c1.p50]}"
  done
done
for t in "${TARGETS[@]}"; do
  name=${t%%=*}
  for k in rps p50 p99 c1_p50; do R[$name.$k]=$(median ${M[$name.$k]}); done
  echo "$name.req_per_s ${R[$name.rps]} req/s   (median of ${ROUNDS:-3}:${M[$name.rps]})"
  echo "$name.p50 ${R[$name.p50]} ms"
  echo "$name.p99 ${R[$name.p99]} ms"
  echo "$name.one_connection_p50 ${R[$name.c1_p50]} ms   (median of ${ROUNDS:-3}:${M[$name.c1_p50]})"
done
for n in upstream proxy proxy-logged; do kill -QUIT "$(cat "nginx-$n/logs/nginx.pid")"; done; sleep 0.3
rm -f nginx-proxy-logged/logs/access.log
echo "ours_site.rss_after $(rss_mib "$SITE_PID") MiB"
kill "$SITE_PID"; wait "$SITE_PID" 2>/dev/null

# ---- 4. memory with the whole sample catalog loaded: content/ built, plus the 60 APIs.guru specs
BIG=$PEERS/run/site-all
rm -rf "$BIG"
"$KATALOG" build --content "$ROOT/content" --out "$BIG" >logs/build-content.log 2>&1 || { echo "katalog build failed" >&2; exit 1; }
n=0
for f in "$SHARED"/corpus/apis-guru-sample/*.yaml "$SHARED"/corpus/apis-guru-sample/*.json; do
  [ -f "$f" ] || continue
  id=sample-$(basename "${f%.*}" | tr -c 'A-Za-z0-9_.\n-' '-'); mkdir -p "$BIG/specs/$id/1"
  cp "$f" "$BIG/specs/$id/1/openapi.${f##*.}"; n=$((n+1))
done
start_ours 4022 "$BIG"; echo "ours_all.startup $STARTUP s"
echo "ours_all.api_versions $(grep -o '[0-9]* API versions' "logs/ours-4022.log" | cut -d' ' -f1) versions"
for i in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:4022/sandbox/petstore/1/store/order/$i"; done
curl -s -o /dev/null -H 'prefer: dynamic=true' "http://127.0.0.1:4022/sandbox/sample-github.com__api.github.com__1.1.4/1/repos/o/r/code-scanning/analyses"
R[ours_all.rss]=$(rss_mib "$OURS")
echo "ours_all.rss ${R[ours_all.rss]} MiB"
kill "$OURS"; wait "$OURS" 2>/dev/null

# ---- ratios against the targets
python3 - "$(declare -p R)" <<'EOF'
import sys, re
R = dict(re.findall(r'\[([^\]]+)\]="([^"]*)"', sys.argv[1]))
f = lambda k: float(R[k]) if k in R and R[k] else float('nan')
def line(name, value, unit, target, ok):
    print(f"{name} {value:.2f} {unit}   target {target}: {'met' if ok else 'MISSED'}")
r = f('ours_sandbox_petstore.rps') / f('prism_petstore.rps'); line('ratio.sandbox_vs_prism_petstore', r, 'x', '>= 20x', r >= 20)
if 'prism_5000ops.rps' in R:
    r = f('ours_sandbox_5000ops.rps') / f('prism_5000ops.rps'); line('ratio.sandbox_vs_prism_5000ops', r, 'x', '>= 200x', r >= 200)
    print(f"ratio.startup_prism_over_ours {f('prism_5000.startup') / f('ours_5000.startup'):.1f} x")
s = f('ours_5000.startup'); line('ours_5000ops.startup', s, 's', '<= 0.5 s', s <= 0.5)
r = f('ours_proxy.rps') / f('nginx_proxy_keepalive.rps'); line('ratio.proxy_vs_nginx_rps', r, 'x', '>= 0.8x', r >= 0.8)
d = f('nginx_upstream_direct.p50')
ours, ng = f('ours_proxy.p50') - d, f('nginx_proxy_keepalive.p50') - d
print(f"ours_proxy.added_p50 {ours:.3f} ms\nnginx_proxy_keepalive.added_p50 {ng:.3f} ms")
r = ours / ng if ng > 0 else float('inf'); line('ratio.added_p50_ours_over_nginx', r, 'x', '<= 1.5x', r <= 1.5)
# Like for like: nginx writing an access log line per call, as ours writes an audit line.
print(f"ratio.proxy_vs_nginx_logged_rps {f('ours_proxy.rps') / f('nginx_proxy_logged.rps'):.2f} x")
ng = f('nginx_proxy_logged.p50') - d
print(f"nginx_proxy_logged.added_p50 {ng:.3f} ms")
print(f"ratio.added_p50_ours_over_nginx_logged {ours / ng if ng > 0 else float('inf'):.2f} x")
d = f('nginx_upstream_direct.c1_p50')
ours, ng = f('ours_proxy.c1_p50') - d, f('nginx_proxy_keepalive.c1_p50') - d
print(f"ours_proxy.one_connection_added_p50 {ours*1000:.0f} us\nnginx_proxy_keepalive.one_connection_added_p50 {ng*1000:.0f} us")
print(f"ratio.one_connection_added_p50_ours_over_nginx {ours / ng if ng > 0 else float('inf'):.2f} x")
m = f('ours_all.rss'); line('ours_all.rss', m, 'MiB', '<= 300 MiB', m <= 300)
EOF
