#!/usr/bin/env bash
# The rollout under load (docs/PERFORMANCE.md, "Rollout under load"), on the real flights:
#   1. switches: POST /predict-flight at 64 connections for 30 s while the champion is switched
#      ten times between 1.0.0 and the rich 2.0.0 within 15 s; requests/s, errors and timeouts,
#      the collector's full collections and pauses (GC log), the resident size;
#   2. log: POST /predict-flight at 64 connections, the prediction log off, on, and on with the
#      monitor reading it, alternating, RUNS times each (medians): what the log costs.
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
  # Warm for 20 s: after 5 s the JIT compilers still took 5-15 % of the CPU of the measured run,
  # and runs of the same build differed more than the builds compared.
  wrk -t2 -c64 -d20s -s bench/wrk/predict-flight.lua "$URL" > /dev/null
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
java_pid() { pgrep -f "quarkus-run.jar" -P "$PID" 2>/dev/null || echo "$PID"; }
serve_champion() {
  curl -fs -o /dev/null -X PUT "$URL/v1/models/served" -H 'Content-Type: application/json' \
    -d "{\"version\": \"$1\"}"
}

echo "## 1. ten switches between 1.0.0 and 2.0.0 within 15 s, 64 connections on predict-flight"
# The monitor off: what is measured is the switching; part 2 measures what the monitor costs.
start "$WORK/gc-switch.log" LATAM_MONITORING_ENABLED=false
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

echo "## 2. the prediction log's cost: predict-flight at 64 connections, log off, on, monitored"
# off: no log; on: the log alone; monitored: the log and the monitor reading it (every flight of
# the file asked about, so that the monitor keeps a row for each of 68,206 flights).
for run in $(seq "$RUNS"); do
  for log in on off monitored; do
    case "$log" in
      on) settings=(LATAM_PREDICTION_LOG_ENABLED=true LATAM_MONITORING_ENABLED=false) ;;
      off) settings=(LATAM_PREDICTION_LOG_ENABLED=false) ;;
      monitored) settings=(LATAM_PREDICTION_LOG_ENABLED=true LATAM_MONITORING_ENABLED=true) ;;
    esac
    start "$WORK/gc-$log.log" "${settings[@]}"
    # The service's CPU time per request as well as requests/s: on this shared machine it wavers
    # less than throughput does.
    jp=$(java_pid)
    t0=$(cpu_ticks "$jp")
    wrk -t2 -c64 -d"$DURATION" -s bench/wrk/predict-flight.lua "$URL" > "$WORK/wrk-$log.txt"
    t1=$(cpu_ticks "$jp")
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$log.txt")
    requests=$(awk '/requests in/ {print $1}' "$WORK/wrk-$log.txt")
    echo "run $run log=$log $rps req/s," \
      "$(echo "($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l | cut -c1-5) us CPU per request," \
      "full collections $(grep -c 'Pause Full' "$WORK/gc-$log.log" || true)"
    stop
  done
done
