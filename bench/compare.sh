#!/usr/bin/env bash
# Two builds of the gateway side by side, alternating in one run so that both see the same machine:
# start-up (start to the first 200 on /health), and on the Gemini route at concurrency 64 the
# requests per second and the gateway's CPU time per request (read from /proc around each window).
#
#   bench/compare.sh BASELINE_HOME [CANDIDATE_HOME]   each the directory of an installation
#                                                     (dist/target/gemini-balance); the candidate
#                                                     defaults to this checkout's
#   COMPARE_ROUNDS=3 COMPARE_WARMUP_SECONDS=40 COMPARE_SETTINGS="DATABASE_TYPE=none" bench/compare.sh ...
#
# Builds one: git worktree add /tmp/base <commit> && (cd /tmp/base && ./mvnw -B -q -DskipTests package).
# Needs wrk; listens on 127.0.0.1:9100 (the fake upstream) and :9300 only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASELINE=${1:?usage: bench/compare.sh BASELINE_HOME [CANDIDATE_HOME]}
CANDIDATE=${2:-$ROOT/dist/target/gemini-balance}
ROUNDS=${COMPARE_ROUNDS:-3}
# The JIT compiles for half a minute under this load: measured any earlier, compilation takes a
# third of the CPU and its progress, not the builds, decides which one looks faster.
WARMUP=${COMPARE_WARMUP_SECONDS:-40}
read -r -a EXTRA <<<"${COMPARE_SETTINGS:-}"
JAR=$ROOT/bench/target/gemini-balance-bench.jar
OUT=${BENCH_OUT:-$ROOT/bench/target/compare}
URL=http://127.0.0.1:9300/v1beta/models/gemini-2.5-flash:generateContent
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
rm -rf "$OUT" && mkdir -p "$OUT/plugins" "$OUT/baseline" "$OUT/candidate"
java -Xms512m -Xmx2g -XX:+UseParallelGC -jar "$JAR" fake-upstream --port 9100 --events 20 --gap-ms 10 \
  >"$OUT/fake.log" 2>&1 &
PIDS+=($!)
until curl -s -o /dev/null http://127.0.0.1:9100/; do sleep 0.1; done
cat >"$OUT/generate.lua" <<'LUA'
wrk.method = "POST"
wrk.body = [[{"contents":[{"role":"user","parts":[{"text":"Say something about benchmarks."}]}]}]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-goog-api-key"] = "bench-token"
LUA

start() { # which home; sets PID and READY_MS. Each build keeps its own working directory (data/).
  local t0 t1
  t0=$(date +%s%N)
  (cd "$OUT/$1" && exec env API_KEYS='["bench-key-1","bench-key-2","bench-key-3","bench-key-4","bench-key-5"]' \
    ALLOWED_TOKENS='["bench-token"]' AUTH_TOKEN=bench-admin BASE_URL=http://127.0.0.1:9100/v1beta HOST=127.0.0.1 \
    PORT=9300 CHECK_INTERVAL_HOURS=0 PLUGINS_DIR="$OUT/plugins" "${EXTRA[@]}" "$2/bin/gemini-balance" serve \
    >>"$OUT/$1.log" 2>&1) &
  PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9300/health 2>/dev/null)" = 200 ]; do
    kill -0 "$PID" 2>/dev/null || { echo "$1 stopped; see $OUT/$1.log" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(date +%s%N)
  READY_MS=$(((t1 - t0) / 1000000))
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }

load() { # prints "requests/s cpu-µs-per-request" for the running gateway
  local before after out
  wrk -t2 -c64 -d"${WARMUP}s" -s "$OUT/generate.lua" "$URL" >/dev/null
  before=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  out=$(wrk -t2 -c64 -d10s -s "$OUT/generate.lua" "$URL")
  after=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  awk -v rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')" -v n="$(echo "$out" | awk '/requests in/ {print $1}')" \
    -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f %.1f\n", rps, ticks / hz * 1e6 / n}'
}

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# The first start of each writes its class-data-sharing archive when it stops; it is not counted.
for which in baseline candidate; do
  home=$BASELINE; [ $which = candidate ] && home=$CANDIDATE
  start $which "$home"; stop
done
declare -A ready rps cpu
for ((round = 1; round <= ROUNDS; round++)); do
  for which in baseline candidate; do
    home=$BASELINE; [ $which = candidate ] && home=$CANDIDATE
    start $which "$home"
    read -r r c <<<"$(load)"
    stop
    ready[$which]+="$READY_MS "; rps[$which]+="$r "; cpu[$which]+="$c "
    echo "round $round $which: ready ${READY_MS} ms, ${r} requests/s, ${c} µs CPU per request"
  done
done
echo
echo "| | baseline | candidate | candidate / baseline |"
echo "|---|---|---|---|"
row() { # label baseline-values candidate-values
  local b c
  # shellcheck disable=SC2086
  b=$(median $2); c=$(median $3)
  echo "| $1 | $b | $c | $(awk -v b="$b" -v c="$c" 'BEGIN {printf "%.2f", c / b}') |"
}
row "start to the first 200 on /health (ms, median)" "${ready[baseline]}" "${ready[candidate]}"
row "requests/s at concurrency 64 (median)" "${rps[baseline]}" "${rps[candidate]}"
row "gateway CPU time per request (µs, median)" "${cpu[baseline]}" "${cpu[candidate]}"
