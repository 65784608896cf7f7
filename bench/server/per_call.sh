#!/usr/bin/env bash
# What one proxied call costs, ours against nginx's, in front of the same upstream (an nginx of
# its own), one command:
#  1. user-space instructions per call, counted by callgrind, one worker each, start-up left out
#     (the counters are zeroed after a warm-up and dumped after the load). Every call must have
#     answered 200, or no figure is printed: a refused or failed call costs a different amount,
#     and an upstream that is not up makes every call one.
#  2. when perf can read scheduler tracepoints here: context switches per call on the whole
#     machine (wrk, the upstream and the proxy share its cores), and those of the proxy's own
#     threads by kind (slept: it ran out of work; preempted: another task took the core), at 32
#     connections, the proxies run as run.sh runs them (one worker per core).
#
#   bench/server/per_call.sh        # DUR=6 seconds of load for each
#
# Run bench/server/run.sh once first: it sets up .peers (nginx configs, the site with the
# upstream spec). Installs valgrind from Debian if missing. Ports 18080 (upstream), 18081 and
# 18091 (nginx), 4031 (ours). Prints `name value unit` lines, then the ratios.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEERS=$HERE/.peers
DUR=${DUR:-6}
[ -d "$PEERS/run/site" ] || { echo "run bench/server/run.sh first (it sets up $PEERS)" >&2; exit 1; }
command -v valgrind >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind) >/dev/null 2>&1 \
  || { echo "apt-get install valgrind failed" >&2; exit 1; }
(cd "$ROOT" && cargo build --release --quiet --bin katalog) || exit 1
KATALOG=$ROOT/target/release/katalog
WORK=$(mktemp -d)
VG= OURS=
cleanup() {
  [ -n "$VG" ] && kill -INT "$VG" 2>/dev/null
  [ -n "$OURS" ] && kill "$OURS" 2>/dev/null
  for n in upstream proxy; do kill -QUIT "$(cat "$PEERS/nginx-$n/logs/nginx.pid" 2>/dev/null)" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
cd "$PEERS" || exit 1
for p in 18080 18081 18091 4031; do
  (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && { echo "port $p busy" >&2; exit 1; }
done
rm -f nginx-upstream/logs/nginx.pid
nginx -p "$PEERS/nginx-upstream/" -c "$HERE/nginx-upstream.conf" || exit 1

up() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1" >&2; return 1; }
declare -A V

# ---- 1. instructions per call
# nginx as the proxy, one process in the foreground so that callgrind follows it.
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
sed -e 's#worker_processes auto;#worker_processes 1; daemon off; master_process off;#' -e 's#127.0.0.1:18081#127.0.0.1:18091#' \
  "$HERE/nginx-proxy.conf" >"$WORK/nginx/nginx.conf"
instructions() { # name url command... (run under callgrind) -> V[name.ipc]
  local name=$1 url=$2; shift 2
  valgrind --tool=callgrind --callgrind-out-file="$WORK/$name.%p.out" "$@" >"$WORK/$name.log" 2>&1 &
  VG=$!
  up "$url" || return 1
  wrk -t1 -c4 -d2s "$url" >/dev/null 2>&1
  callgrind_control -z "$VG" >/dev/null 2>&1
  wrk -t1 -c4 -d"${DUR}s" "$url" >"$WORK/$name.wrk" 2>&1
  callgrind_control -d "$VG" >/dev/null 2>&1
  kill -INT "$VG"; wait "$VG" 2>/dev/null; VG=
  if grep -qE 'Non-2xx|Socket errors' "$WORK/$name.wrk"; then
    echo "$name: not every call answered 200, no figure: $(grep -E 'Non-2xx|Socket errors' "$WORK/$name.wrk" | tr -s ' ')" >&2
    return 1
  fi
  local calls ir
  calls=$(awk '/requests in/{print $1}' "$WORK/$name.wrk")
  # The dump taken after the load holds what was counted since the counters were zeroed.
  ir=$(for f in "$WORK/$name".*.out.*; do callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/{gsub(",","",$1); print $1}'; done | sort -n | tail -1)
  V[$name.ipc]=$((ir / calls))
  echo "$name.instructions_per_call ${V[$name.ipc]} instructions   ($calls calls)"
}
instructions nginx_proxy http://127.0.0.1:18091/store/order/1 nginx -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf"
instructions ours_proxy http://127.0.0.1:4031/try/upstream/1/0/store/order/1 \
  "$KATALOG" proxy --site run/site --port 4031 --threads 1 --try-rate 0 --sandbox-rate 0 --allow-private 127.0.0.1/32 \
  --audit-log "$WORK/audit.jsonl"
if [ -n "${V[nginx_proxy.ipc]:-}" ] && [ -n "${V[ours_proxy.ipc]:-}" ]; then
  python3 -c "import sys; print('ratio.instructions_ours_over_nginx %.2f x' % (int(sys.argv[1]) / int(sys.argv[2])))" "${V[ours_proxy.ipc]}" "${V[nginx_proxy.ipc]}"
fi

# ---- 2. context switches per call
perf stat -a -e sched:sched_switch true >/dev/null 2>&1 || { echo "perf cannot read scheduler tracepoints here: no switch counts" >&2; exit 0; }
rm -f nginx-proxy/logs/nginx.pid
nginx -p "$PEERS/nginx-proxy/" -c "$HERE/nginx-proxy.conf" || exit 1
"$KATALOG" proxy --site run/site --port 4031 --try-rate 0 --sandbox-rate 0 --allow-private 127.0.0.1/32 \
  --audit-log "$WORK/audit2.jsonl" >"$WORK/ours2.log" 2>&1 &
OURS=$!
up http://127.0.0.1:18081/store/order/1 && up http://127.0.0.1:4031/healthz || exit 1
switches() { # name url pids -> V[name.spc]
  local name=$1 url=$2 pids=$3 secs=$((DUR - 1)) w rps
  wrk -t2 -c32 -d2s "$url" >/dev/null 2>&1
  wrk -t2 -c32 -d"$((DUR + 1))s" "$url" >"$WORK/$name.sw" 2>&1 &
  w=$!
  sleep 1
  perf record -q -o "$WORK/$name.perf" -e sched:sched_switch -a sleep "$secs" >/dev/null 2>&1
  wait "$w"
  rps=$(awk '/Requests\/sec/{print $2}' "$WORK/$name.sw")
  perf script -i "$WORK/$name.perf" -F trace 2>/dev/null | python3 -c "
import re, sys
name, calls, pids = sys.argv[1], float(sys.argv[2]) * float(sys.argv[3]), set(sys.argv[4].split())
total = slept = preempted = 0
for l in sys.stdin:
    m = re.search(r'prev_pid=(\d+) .*prev_state=(\S+)', l)
    if not m: continue
    total += 1
    if m[1] in pids:
        slept += m[2] == 'S'
        preempted += m[2] != 'S'
print(f'{name}.switches_per_call {total / calls:.2f} switches   (whole machine, at {sys.argv[2]} req/s)')
print(f'{name}.own_sleeps_per_call {slept / calls:.2f} switches')
print(f'{name}.own_preemptions_per_call {preempted / calls:.2f} switches')
" "$name" "$rps" "$secs" "$pids" | tee "$WORK/$name.spc"
  V[$name.spc]=$(awk '/switches_per_call/{print $2}' "$WORK/$name.spc")
}
switches nginx_proxy http://127.0.0.1:18081/store/order/1 "$(pgrep -P "$(cat nginx-proxy/logs/nginx.pid)" | tr '\n' ' ')"
switches ours_proxy http://127.0.0.1:4031/try/upstream/1/0/store/order/1 "$(ls /proc/$OURS/task | tr '\n' ' ')"
python3 -c "import sys; print('ratio.switches_per_call_ours_over_nginx %.2f x' % (float(sys.argv[1]) / float(sys.argv[2])))" "${V[ours_proxy.spc]}" "${V[nginx_proxy.spc]}"
