#!/usr/bin/env bash
# The rollout under load (docs/PERFORMANCE.md, "Rollout under load"), on the real flights:
#   1. switches: POST /predict-flight at 64 connections for 30 s while the champion is switched
#      ten times between 1.0.0 and the rich 2.0.0 within 15 s; requests/s, errors and timeouts,
#      the collector's full collections and pauses (GC log), the resident size;
#   2. log: POST /predict-flight at 64 connections, the prediction log on and off, alternating,
#      RUNS times each (medians): what the log costs.
# Needs wrk and ../shared/data. Settings: RUNS (3), DURATION (10s), PORT (8000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-8000}"
DATA="${LATAM_SHARED_DATA:-$ROOT/../shared/data}/raw/dataset_SCL.csv"
[ -r "$DATA" ] || { echo "bench: $DATA is absent: the benchmark needs the real flights" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: needs wrk (Debian: apt-get install wrk)" >&2; exit 2; }
WORK="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
URL="http://127.0.0.1:$PORT"

export QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$WORK/flights;AUTO_SERVER=TRUE;CACHE_SIZE=4096;WRITE_DELAY=0"
./latam import-flights "$DATA" >&2 2>/dev/null
cp "$WORK/flights.mv.db" "$WORK/imported.mv.db"

start() { # $1: GC log file; the rest: extra environment
  local gclog="$1"; shift
  cp "$WORK/imported.mv.db" "$WORK/flights.mv.db"
  env "$@" PORT="$PORT" LATAM_AOT=0 JAVA_TOOL_OPTIONS="-Xlog:gc:file=$gclog" ./latam serve \
    > "$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 600); do
    curl -fs -o /dev/null "$URL/q/health/ready" && break
    sleep 0.1
  done
  wrk -t2 -c64 -d5s -s bench/wrk/predict-flight.lua "$URL" > /dev/null
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
java_pid() { pgrep -f "quarkus-run.jar" -P "$PID" 2>/dev/null || echo "$PID"; }
serve_champion() {
  curl -fs -o /dev/null -X PUT "$URL/v1/models/served" -H 'Content-Type: application/json' \
    -d "{\"version\": \"$1\"}"
}

echo "## 1. ten switches between 1.0.0 and 2.0.0 within 15 s, 64 connections on predict-flight"
start "$WORK/gc-switch.log"
wrk -t2 -c64 -d30s --timeout 2s -s bench/wrk/predict-flight.lua "$URL" > "$WORK/wrk-switch.txt" &
WRK=$!
sleep 5
for i in $(seq 10); do
  if [ $((i % 2)) -eq 1 ]; then serve_champion 2.0.0; else serve_champion 1.0.0; fi
  sleep 1.5
done
wait "$WRK"
echo "rss_peak_mb $(rss_mb "$(java_pid)")"
stop
grep -E "Requests/sec|Socket errors|Non-2xx|Latency " "$WORK/wrk-switch.txt"
echo "full collections: $(grep -c 'Pause Full' "$WORK/gc-switch.log" || true)," \
  "young: $(grep -c 'Pause Young' "$WORK/gc-switch.log" || true)," \
  "pauses total ms: $(grep -oE '[0-9.]+ms$' "$WORK/gc-switch.log" | tr -d 'ms' | paste -sd+ | bc)"

echo "## 2. the prediction log's cost: predict-flight at 64 connections, log on and off"
for run in $(seq "$RUNS"); do
  for log in true false; do
    start "$WORK/gc-$log.log" LATAM_PREDICTION_LOG_ENABLED="$log"
    rps=$(wrk -t2 -c64 -d"$DURATION" -s bench/wrk/predict-flight.lua "$URL" | awk '/Requests\/sec/ {print $2}')
    echo "run $run log=$log $rps req/s"
    stop
  done
done
