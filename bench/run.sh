#!/usr/bin/env bash
# The benchmark suite (docs/performance.md): one run measures the fake Gemini upstream directly,
# nginx as a plain reverse proxy in front of it (when installed), and the gateway, on this
# machine, and prints every figure with its ratio to those baselines.
#
#   bench/run.sh                      the whole suite (about 15 minutes)
#   BENCH_SECONDS=5 bench/run.sh      shorter measuring windows
#   BENCH_ONLY=throughput bench/run.sh   one part: startup, throughput, streams, open, keys
#
# Needs wrk (apt-get install wrk); nginx is optional (apt-get install nginx-light). Every server
# listens on 127.0.0.1 only, and every load is bounded in time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/target/results}
SECONDS_PER_POINT=${BENCH_SECONDS:-10}
ONLY=${BENCH_ONLY:-all}
MAX_STREAMS=${BENCH_MAX_STREAMS:-9500}
FAKE_PORT=9100
NGINX_PORT=9200
GATEWAY_PORT=9300
TOKEN=bench-token
BENCH_JAR=$ROOT/bench/target/gemini-balance-bench.jar
GATEWAY_HOME=$ROOT/dist/target/gemini-balance
GEMINI_BODY='{"contents":[{"role":"user","parts":[{"text":"Say something about benchmarks."}]}]}'
OPENAI_BODY='{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Say something about benchmarks."}]}'
PIDS=()

for port in $FAKE_PORT $NGINX_PORT $GATEWAY_PORT; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is taken: stop what listens there first" >&2
    exit 1
  fi
done
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/state.db
REPORT=$OUT/results.md
: > "$REPORT"

say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
wants() { [ "$ONLY" = all ] || [ "$ONLY" = "$1" ]; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
HAVE_NGINX=false
if command -v nginx >/dev/null; then HAVE_NGINX=true; else
  echo "nginx not found: the reverse-proxy baseline is left out (apt-get install nginx-light adds it)" >&2
fi
if [ ! -f "$BENCH_JAR" ] || [ ! -x "$GATEWAY_HOME/bin/gemini-balance" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

wait_for() { # url [seconds]
  local deadline=$((SECONDS + ${2:-30}))
  until curl -s -o /dev/null "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "nothing answers at $1" >&2; exit 1; }
    sleep 0.02
  done
}

keys_json() { # count [dead every Nth]
  local n=$1 dead=${2:-0} i sep=""
  printf '['
  for ((i = 1; i <= n; i++)); do
    if [ "$dead" -gt 0 ] && [ $((i % dead)) -eq 0 ]; then printf '%s"dead-key-%04d"' "$sep" "$i"
    else printf '%s"bench-key-%04d"' "$sep" "$i"; fi
    sep=,
  done
  printf ']'
}

gateway_env() { # replaces the calling (background) shell, so that $! is the gateway itself
  exec env API_KEYS="$(keys_json 20)" ALLOWED_TOKENS="[\"$TOKEN\"]" AUTH_TOKEN=bench-admin \
    BASE_URL="http://127.0.0.1:$FAKE_PORT/v1beta" HOST=127.0.0.1 PORT=$GATEWAY_PORT \
    CHECK_INTERVAL_HOURS=0 PLUGINS_DIR="$OUT/no-plugins" SQLITE_DATABASE="$OUT/state.db" "$@"
}

start_gateway() { # sets GATEWAY_PID, and READY_MS: the milliseconds from start to the first 200 on /health
  local start end
  start=$(date +%s%N)
  gateway_env "$GATEWAY_HOME/bin/gemini-balance" serve >>"$OUT/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  PIDS+=("$GATEWAY_PID")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT/health" 2>/dev/null)" = 200 ]; do
    kill -0 "$GATEWAY_PID" 2>/dev/null || { echo "the gateway stopped; see $OUT/gateway.log" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  READY_MS=$(((end - start) / 1000000))
}

stop_gateway() {
  kill "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
}

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# wrk's figures for one target: "requests/s p50_ms p99_ms errors"
measure() { # url lua connections
  local url=$1 lua=$2 c=$3 threads=2 out
  [ "$c" -ge 2 ] || threads=1
  out=$(wrk -t$threads -c"$c" -d"${SECONDS_PER_POINT}s" --latency -s "$lua" "$url")
  echo "$out" >>"$OUT/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    / 50%/ { p50 = ms($2) }
    / 99%/ { p99 = ms($2) }
    /Non-2xx|Socket errors/ { errors = errors $0 }
    END { printf "%.0f %.3f %.3f %s\n", rps, p50, p99, (errors == "" ? "0" : "some") }'
}

lua() { # name body headers...
  local file=$OUT/$1.lua body=$2; shift 2
  {
    echo 'wrk.method = "POST"'
    printf 'wrk.body = [[%s]]\n' "$body"
    echo 'wrk.headers["Content-Type"] = "application/json"'
    for header in "$@"; do printf 'wrk.headers["%s"] = "%s"\n' "${header%%:*}" "${header#*: }"; done
  } >"$file"
  echo "$file"
}

# --- the fake upstream and nginx ---------------------------------------------------------------
java -Xms512m -Xmx2g -XX:+UseParallelGC -jar "$BENCH_JAR" fake-upstream --port $FAKE_PORT --events 20 --gap-ms 10 \
  >"$OUT/fake.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/"
if $HAVE_NGINX; then
  mkdir -p "$OUT/nginx"
  cat >"$OUT/nginx.conf" <<EOF
worker_processes auto;
worker_rlimit_nofile 40000;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx;
  proxy_temp_path $OUT/nginx;
  upstream fake { server 127.0.0.1:$FAKE_PORT; keepalive 512; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
  nginx -c "$OUT/nginx.conf" -p "$OUT/nginx" -g 'daemon off;' 2>>"$OUT/nginx/error.log" &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$NGINX_PORT/"
fi

say "# gemini-balance benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
say ""
say "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r);" \
  "$(java -version 2>&1 | head -1); wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}')" \
  "$($HAVE_NGINX && nginx -v 2>&1 | sed 's/.*version: //')"
say "Each point: ${SECONDS_PER_POINT} s. Load, upstream, proxy and gateway share the same cores."

# --- start-up ----------------------------------------------------------------------------------
mkdir -p "$OUT/no-plugins"
if wants startup; then
  say ""
  say "## serve: start to the first 200 on /health"
  times=()
  for _ in 1 2 3 4 5; do start_gateway; times+=("$READY_MS"); stop_gateway; done
  say "runs (ms): ${times[*]}; median: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms"
fi

start_gateway
say ""
say "Gateway RSS idle: $(rss_mib "$GATEWAY_PID") MiB"

GEMINI_PATH="/v1beta/models/gemini-2.5-flash:generateContent"
DIRECT_LUA=$(lua direct "$GEMINI_BODY" "x-goog-api-key: bench-direct")
GATEWAY_GEMINI_LUA=$(lua gateway-gemini "$GEMINI_BODY" "x-goog-api-key: $TOKEN")
GATEWAY_OPENAI_LUA=$(lua gateway-openai "$OPENAI_BODY" "Authorization: Bearer $TOKEN")

# --- non-streaming throughput and latency --------------------------------------------------------
if wants throughput; then
  say ""
  say "## Non-streaming: requests/s, p50 / p99 latency (ms)"
  # Warm the gateway's JIT on both routes first.
  wrk -t2 -c64 -d20s -s "$GATEWAY_GEMINI_LUA" "http://127.0.0.1:$GATEWAY_PORT$GEMINI_PATH" >/dev/null
  wrk -t2 -c64 -d20s -s "$GATEWAY_OPENAI_LUA" "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" >/dev/null
  say ""
  say "| concurrency | target | requests/s | p50 ms | p99 ms | errors | vs direct | vs nginx |"
  say "|---|---|---|---|---|---|---|---|"
  for c in 1 16 64 256; do
    read -r d_rps d_p50 d_p99 d_err <<<"$(measure "http://127.0.0.1:$FAKE_PORT$GEMINI_PATH" "$DIRECT_LUA" $c)"
    say "| $c | upstream direct | $d_rps | $d_p50 | $d_p99 | $d_err | 1.00 | |"
    n_rps=""
    if $HAVE_NGINX; then
      read -r n_rps n_p50 n_p99 n_err <<<"$(measure "http://127.0.0.1:$NGINX_PORT$GEMINI_PATH" "$DIRECT_LUA" $c)"
      say "| $c | nginx proxy | $n_rps | $n_p50 | $n_p99 | $n_err | $(awk "BEGIN {printf \"%.2f\", $n_rps / $d_rps}") | 1.00 |"
    fi
    if [ "$c" = 256 ]; then RSS_SAMPLING=true; else RSS_SAMPLING=false; fi
    for route in gemini openai; do
      if [ $route = gemini ]; then url="http://127.0.0.1:$GATEWAY_PORT$GEMINI_PATH"; script=$GATEWAY_GEMINI_LUA
      else url="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"; script=$GATEWAY_OPENAI_LUA; fi
      if $RSS_SAMPLING; then (sleep $((SECONDS_PER_POINT / 2)); rss_mib "$GATEWAY_PID" >"$OUT/rss-load-$route") & SAMPLER=$!; fi
      read -r g_rps g_p50 g_p99 g_err <<<"$(measure "$url" "$script" $c)"
      if $RSS_SAMPLING; then wait "$SAMPLER"; fi
      vs_nginx=""
      [ -z "$n_rps" ] || vs_nginx=$(awk "BEGIN {printf \"%.2f\", $g_rps / $n_rps}")
      say "| $c | gateway $route | $g_rps | $g_p50 | $g_p99 | $g_err | $(awk "BEGIN {printf \"%.2f\", $g_rps / $d_rps}") | $vs_nginx |"
      if [ "$c" = 1 ]; then
        say "|   | (added p50 over direct: $(awk "BEGIN {printf \"%.3f\", $g_p50 - $d_p50}") ms) | | | | | | |"
      fi
    done
  done
  say ""
  say "Gateway RSS under load (concurrency 256): gemini route $(cat "$OUT/rss-load-gemini") MiB," \
    "openai route $(cat "$OUT/rss-load-openai") MiB"
fi

streams() { # label url body header clients
  local result
  result=$(java -Xmx1g -jar "$BENCH_JAR" streams --url "$2" --body "$3" --header "$4" --clients "$5" \
    --duration-s "$SECONDS_PER_POINT")
  echo "$1 $result" >>"$OUT/streams.log"
  echo "$result" | tr ' ' '\n' | awk -F= -v label="$1" -v c="$5" '
    { v[$1] = $2 }
    END { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c, label, v["streams_per_s"], v["first_event_p50_ms"],
          v["first_event_p99_ms"], v["total_p50_ms"], v["total_p99_ms"], v["errors"] }'
}

# --- streaming -----------------------------------------------------------------------------------
if wants streams; then
  STREAM_PATH="/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
  STREAM_OPENAI_BODY='{"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"Say something."}]}'
  say ""
  say "## Streaming: 20 events 10 ms apart; streams/s, time to first event and total (ms)"
  say ""
  say "| concurrency | target | streams/s | first event p50 | first event p99 | total p50 | total p99 | errors |"
  say "|---|---|---|---|---|---|---|---|"
  for c in 16 64; do
    say "$(streams "upstream direct" "http://127.0.0.1:$FAKE_PORT$STREAM_PATH" "$GEMINI_BODY" "x-goog-api-key: bench-direct" $c)"
    if $HAVE_NGINX; then
      say "$(streams "nginx proxy" "http://127.0.0.1:$NGINX_PORT$STREAM_PATH" "$GEMINI_BODY" "x-goog-api-key: bench-direct" $c)"
    fi
    say "$(streams "gateway gemini" "http://127.0.0.1:$GATEWAY_PORT$STREAM_PATH" "$GEMINI_BODY" "x-goog-api-key: $TOKEN" $c)"
    say "$(streams "gateway openai" "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" "$STREAM_OPENAI_BODY" \
      "Authorization: Bearer $TOKEN" $c)"
  done
fi

# --- open streams ----------------------------------------------------------------------------------
if wants open; then
  say ""
  say "## Open streams: each 60 events 500 ms apart (30 s), all open at once, through the gateway"
  say ""
  for n in 1000 "$MAX_STREAMS"; do
    result=$(java -Xmx4g -jar "$BENCH_JAR" streams --once --clients "$n" --ramp-s 10 --duration-s 30 \
      --url "http://127.0.0.1:$GATEWAY_PORT/v1beta/models/bench-e60-g500:streamGenerateContent?alt=sse" \
      --body "$GEMINI_BODY" --header "x-goog-api-key: $TOKEN" --sample-pid "$GATEWAY_PID")
    say "- $n streams: $result"
  done
  say "- gateway process limit: $(awk '/Max open files/ {print $4}' "/proc/$GATEWAY_PID/limits") open files"
fi

# --- keys check ------------------------------------------------------------------------------------
if wants keys; then
  say ""
  say "## keys check of 1,000 keys (every 10th invalid), concurrency 64"
  start=$(date +%s%N)
  env API_KEYS="$(keys_json 1000 10)" BASE_URL="http://127.0.0.1:$FAKE_PORT/v1beta" \
    "$GATEWAY_HOME/bin/gemini-balance" keys check --concurrency 64 --format json >"$OUT/keys-check.json" 2>>"$OUT/keys-check.log" || true
  end=$(date +%s%N)
  say "$(( (end - start) / 1000000 )) ms, JVM start included; $(grep -o '"class" *: *"ok"' "$OUT/keys-check.json" | wc -l) ok," \
    "$(grep -o '"class" *: *"invalid"' "$OUT/keys-check.json" | wc -l) invalid"
fi

say ""
say "Logs and raw outputs: $OUT"
