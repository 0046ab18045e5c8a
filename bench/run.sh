#!/usr/bin/env bash
# The benchmark suite: builds, imports the real flights into a scratch store, starts the service
# and the reference server (Quarkus REST answering the same JSON with no work) side by side, warms
# both, runs every wrk script RUNS times against each, alternating (medians reported), then JMH;
# writes the table to bench/results/<date>.md (<date>-<HHMM>.md if that one exists). Needs wrk
# (Debian: apt-get install wrk) and ../shared/data.
#
#   bench/run.sh                      # RUNS=3, DURATION=10s, WARM_UP=10s, FRESH_WARM_UP=20s,
#                                     # BIG_DURATION=40s, BIG_CONNECTIONS=5000
#   RUNS=1 DURATION=5s BIG_DURATION=10s JMH=0 bench/run.sh   # a quick look
#   SERVICE_PORT=9000 REFERENCE_PORT=9001 bench/run.sh        # other ports
#
# Settings (environment): RUNS, DURATION, WARM_UP (each 64-connection route's, on both servers,
# before its runs; 0 skips it), FRESH_WARM_UP (predict-flight on both fresh servers before any
# route, 20s; 0 skips it), BIG_DURATION, BIG_CONNECTIONS, JMH (1; 0 skips JMH),
# SCRIPTS (the routes run against both servers at 64 connections: all six by default),
# EXTRAS (1; 0 skips the 5,000-connection runs, the board and ingest),
# AUTH (1: the service requires an API key, which every wrk script sends; 0: open, as ./latam serve),
# LATAM_VERSION_FILE (the service serves the model version.txt names, 2.0.0 since 2026-12-02; a file
# naming 1.1.0 measures the model the results before then served),
# TEN_YEARS (1: also the service on the ten-year set of bench/ten-years.sh: predict-flight and
# check-flight over every id, predict-flight over the latest year's ids; its predict-flight runs
# alternate with a fresh year's service on REFERENCE_PORT's; 0 skips it), TEN_YEAR_WARM_UP (30s:
# each of those two fresh services' predict-flight before its runs), TEN_YEAR_HEAP (614m: the
# ten-year service's LATAM_HEAP, the heap the image gives in its 1 GiB container),
# JVM_OPTS (the reference server's JVM flags), LATAM_SHARED_DATA (../shared/data),
# SERVICE_PORT (8000: the service, on 127.0.0.1) and REFERENCE_PORT (8001: the reference server);
# both ports must be free, and must differ.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}"
DURATION="${DURATION:-10s}"
WARM_UP="${WARM_UP:-10s}"
FRESH_WARM_UP="${FRESH_WARM_UP:-20s}"
BIG_DURATION="${BIG_DURATION:-40s}"
BIG_CONNECTIONS="${BIG_CONNECTIONS:-5000}"
TEN_YEAR_WARM_UP="${TEN_YEAR_WARM_UP:-30s}"
TEN_YEAR_HEAP="${TEN_YEAR_HEAP:-614m}"
SCRIPTS="${SCRIPTS:-predict-flight check-flight v1-one v1-hundred v2-hundred challenge}"
EXTRAS="${EXTRAS:-1}"
SERVICE_PORT="${SERVICE_PORT:-8000}"
REFERENCE_PORT="${REFERENCE_PORT:-8001}"
for port in "$SERVICE_PORT" "$REFERENCE_PORT"; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] \
    || { echo "bench: SERVICE_PORT and REFERENCE_PORT must be ports (1-65535), got '$port'" >&2; exit 2; }
done
[ "$SERVICE_PORT" != "$REFERENCE_PORT" ] \
  || { echo "bench: SERVICE_PORT and REFERENCE_PORT must differ (both $SERVICE_PORT)" >&2; exit 2; }
DATA="${LATAM_SHARED_DATA:-$ROOT/../shared/data}/raw/dataset_SCL.csv"
[ -r "$DATA" ] || { echo "bench: $DATA is absent: the benchmark needs the real flights" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: needs wrk (Debian: apt-get install wrk)" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# The wrk scripts' ids: the year's flights unless the ten-year runs below say otherwise.
unset FLIGHTS FIRST_ID
YEAR_FLIGHTS=68206
TEN_YEAR_FLIGHTS=$((10 * YEAR_FLIGHTS))

# Authentication as production has it: an API key required of every caller (the wrk scripts send
# $AUTHORIZATION; the reference server receives the header too and ignores it).
AUTH="${AUTH:-1}"
AUTH_ENV=()
if [ "$AUTH" = 1 ]; then
  KEY="lmk_bench_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  AUTH_ENV=(LATAM_AUTH_MODE=required
    LATAM_AUTH_API_KEYS_BENCH_SHA256="$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)"
    LATAM_AUTH_API_KEYS_BENCH_ROLES=invoker,admin)
  export AUTHORIZATION="Bearer $KEY"
fi

JAVA_HOME="$(./latam java-home)"; export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# The reference server gets the launcher's flags (./latam serve): a sized heap and serial GC.
JVM_OPTS="${JVM_OPTS:--Xms32m -Xmx112m -Xmn24m -XX:SurvivorRatio=2 -XX:+UseSerialGC}"
WORK="$(mktemp -d)"
SERVER_PID=""
SERVICE_PID=""
REF_PID=""
YEAR_PID=""
cleanup() { for pid in $SERVICE_PID $REF_PID $YEAR_PID; do kill "$pid" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p bench/results
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
: > "$WORK/log.tsv"

echo "bench: building (service, reference server, JMH)" >&2
./mvnw -B -q -f pom.xml install -Pbench -DskipTests -Dspotless.check.skip=true >&2

# A scratch store, opened as the default one is (application.properties); a copy of it as imported
# starts each ingest run.
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$WORK/flights;AUTO_SERVER=TRUE;CACHE_SIZE=4096;WRITE_DELAY=0"
./latam import-flights "$DATA" >&2 2>/dev/null
cp "$WORK/flights.mv.db" "$WORK/imported.mv.db"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# Starts a server (the service through ./latam serve, as users start it, or a jar) on a port;
# READY_MS is the milliseconds until it answered $3.
start() {
  local what="$1" port="$2" probe="$3" begin
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "bench: port $port is in use: stop what listens there first" >&2
    exit 2
  fi
  if [ "$what" = service ]; then
    # A start-up cache is made once per build, before the timed start (./latam does it).
    LATAM_AOT_ONLY=1 ./latam serve >/dev/null 2>&1 || true
  fi
  begin=$(date +%s%N)
  if [ "$what" = service ]; then
    env "${AUTH_ENV[@]}" PORT="$port" LATAM_MAX_IN_FLIGHT=100000 ./latam serve \
      > "$WORK/server-$port.log" 2>&1 &
  else
    "$JAVA" --enable-native-access=ALL-UNNAMED $JVM_OPTS -Dquarkus.http.port="$port" \
      -jar "$what" > "$WORK/server-$port.log" 2>&1 &
  fi
  SERVER_PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port$probe"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-$port.log" >&2; exit 1; }
    sleep 0.02
  done
  READY_MS=$(( ($(date +%s%N) - begin) / 1000000 ))
}

stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

# log_counts LABEL PORT: the prediction log's counts on a running service (written, dropped for want
# of room, failed in the store, waiting), one line of $WORK/log.tsv: a log that drops would not
# show in the routes' figures, and its share of them is a budget of its own.
log_counts() {
  local metrics
  metrics=$(curl -sf -m 10 ${AUTHORIZATION:+-H "Authorization: $AUTHORIZATION"} "http://127.0.0.1:$2/metrics") \
    || { echo "bench: the service on port $2 gave no metrics; its log's counts are left out" >&2; return 0; }
  echo "$metrics" | awk -v label="$1" '
        /^latam_prediction_log_entries_total\{/ { match($0, /outcome="[a-z]+"/); n[substr($0, RSTART + 9, RLENGTH - 10)] = $NF; seen++ }
        /^latam_prediction_log_waiting / { waiting = $NF }
        END {
          if (!seen) { print "bench: no prediction log counters in the metrics; its counts are left out" > "/dev/stderr"; exit }
          printf "%s\t%d\t%d\t%d\t%d\n", label, n["written"], n["dropped"], n["failed"], waiting
        }' \
    >> "$WORK/log.tsv"
}

# run SERVER SCRIPT CONNECTIONS DURATION PORT: one wrk run, one line of results.
run() {
  local server="$1" script="$2" connections="$3" duration="$4" port="$5" before after out seconds
  case "$server" in
    service-year*) SERVER_PID=$YEAR_PID ;;
    service*) SERVER_PID=$SERVICE_PID ;;
    *) SERVER_PID=$REF_PID ;;
  esac
  cat "bench/wrk/$script.lua" bench/wrk/report.lua > "$WORK/$script.lua"
  # A server gone (out of memory, or ./latam serve rebuilding because a source changed under the
  # suite) is said with its log's end, rather than ended on by set -e without a word.
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "bench: the $server on port $port is gone before $script; the end of its log:" >&2
    tail -n 40 "$WORK/server-$port.log" >&2
    exit 1
  fi
  before=$(ticks "$SERVER_PID")
  local begin; begin=$(date +%s%N)
  out=$(wrk -t"$(( connections < 2 ? connections : 2 ))" -c"$connections" -d"$duration" --timeout 10s -s "$WORK/$script.lua" "http://127.0.0.1:$port" | grep '^RESULT')
  seconds=$(echo "($(date +%s%N) - $begin) / 1000000000" | bc -l)
  after=$(ticks "$SERVER_PID")
  printf '%s\t%s\t%s\t%s\tcpu_pct=%.0f rss_mb=%s\n' "$server" "$script" "$connections" "$out" \
    "$(echo "($after - $before) / $(getconf CLK_TCK) / $seconds * 100" | bc -l)" "$(rss_mb "$SERVER_PID")" >> "$RESULTS"
  echo "  $server $script c=$connections: $out" >&2
}

# Both servers run side by side (the idle one takes no CPU) and every run of the service is
# followed by the same run of the reference, so that a ratio compares runs minutes, not a quarter
# of an hour, apart: this machine's speed drifts by a fifth over that.
# warm SERVER SCRIPT CONNECTIONS DURATION PORT: a run whose line is left out of the results.
warm() {
  run "$@" > /dev/null
  sed -i '$d' "$RESULTS"
}

both() {
  local script="$1" connections="$2" duration="$3"
  run service "$script" "$connections" "$duration" "$SERVICE_PORT"
  run reference "$script" "$connections" "$duration" "$REFERENCE_PORT"
}

# Time to ready: RUNS starts, each stopped but the last, which serves the benchmark.
echo "bench: service ($RUNS starts)" >&2
SERVICE_READY_MS=""
for i in $(seq "$RUNS"); do
  start service "$SERVICE_PORT" /q/health/ready
  SERVICE_READY_MS="$SERVICE_READY_MS${SERVICE_READY_MS:+,}$READY_MS"
  if [ "$i" -lt "$RUNS" ]; then stop "$SERVER_PID"; fi
done
SERVICE_PID=$SERVER_PID
sleep 2
IDLE_RSS=$(rss_mb "$SERVICE_PID")

echo "bench: reference server" >&2
start bench/reference/target/quarkus-app/quarkus-run.jar "$REFERENCE_PORT" /ready
REF_PID=$SERVER_PID
REF_READY_MS=$READY_MS

echo "bench: both, alternating" >&2
# Each route is warmed on both servers before its runs (WARM_UP, not reported): a route's first
# seconds are its compilation, far longer for the service's code than for the reference's, and on
# 2026-12-07 the service's check-flight ran 75,657, 91,303, 104,374, 98,683, 101,299 requests/s in
# five 10 s runs after predict-flight's warm-up alone (the reference 95,432, then 100,612-122,855).
# A fresh server is warmed longer first (FRESH_WARM_UP of predict-flight, as the ten-year server
# below): from a fresh start, its 10 s windows of predict-flight ran 43,097, 65,073, 75,296, then
# 81,375-82,840 requests/s.
warm_up() {
  [ "$2" = 0 ] && return 0
  warm service "$1" 64 "$2" "$SERVICE_PORT"
  warm reference "$1" 64 "$2" "$REFERENCE_PORT"
}
warm_up predict-flight "$FRESH_WARM_UP"
# The log's counts so far after each route's runs: a drop is then placed within a route.
for script in $SCRIPTS; do
  warm_up "$script" "$WARM_UP"
  for _ in $(seq "$RUNS"); do both "$script" 64 "$DURATION"; done
  log_counts "the year's service, after $script" "$SERVICE_PORT"
done
if [ "$EXTRAS" = 1 ]; then
  for _ in $(seq "$RUNS"); do both predict-flight "$BIG_CONNECTIONS" "$BIG_DURATION"; done
  log_counts "the year's service, after $BIG_CONNECTIONS connections" "$SERVICE_PORT"
  # The service's own routes, which the reference server has no counterpart of: the departures
  # board (three hours of a busy afternoon, 64 screens).
  # Warmed first, as predict-flight is: the route's first requests are its compilation, and the
  # 5,000-connection runs just before leave the old generation full of what they held.
  warm service board 64 10s "$SERVICE_PORT"
  for _ in $(seq "$RUNS"); do run service board 64 "$DURATION" "$SERVICE_PORT"; done
fi
log_counts "the year's service, after every run" "$SERVICE_PORT"
stop "$SERVICE_PID"
stop "$REF_PID"
SERVICE_PID=""
REF_PID=""

# Ingest: schedules of 1,000 new flights per request, one writer (writes are serialised by the
# store's clock row), each run on a fresh copy of the imported store.
echo "bench: ingest" >&2
for _ in $(seq "$([ "$EXTRAS" = 1 ] && echo "$RUNS" || echo 0)"); do
  cp "$WORK/imported.mv.db" "$WORK/flights.mv.db"
  start service "$SERVICE_PORT" /q/health/ready
  SERVICE_PID=$SERVER_PID
  run service ingest 1 "$DURATION" "$SERVICE_PORT"
  stop "$SERVICE_PID"
  SERVICE_PID=""
done

# The same service on ten times the flights (dates shifted by whole years): how it scales. Each of
# its predict-flight runs (over every id, then over the latest year's) is followed by one of a fresh
# year's service started beside it on the reference's port (rows service-year and
# service-year-latest), so that each ratio compares the same minutes: the year's runs at the
# suite's start came a quarter of an hour earlier, and the machine's speed drifts by a fifth over
# that (docs/PERFORMANCE.md, 2026-12-07).
if [ "${TEN_YEARS:-1}" = 1 ]; then
  echo "bench: the ten-year set" >&2
  bench/ten-years.sh "$WORK/x10.csv" >/dev/null
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$WORK/flights10;AUTO_SERVER=TRUE;CACHE_SIZE=4096;WRITE_DELAY=0" \
    ./latam import-flights "$WORK/x10.csv" >&2 2>/dev/null
  # Ten years run with the heap the image gives (MaxRAMPercentage=60 of Cloud Run's 1 GiB), as
  # docs/OPERATIONS.md ("How it scales") tells operators to give a larger store: at the launcher's
  # 112 MB a tenth of the heap keeps the predictions of about 123,000 of the 682,060 flights.
  LATAM_HEAP="$TEN_YEAR_HEAP" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$WORK/flights10;AUTO_SERVER=TRUE;CACHE_SIZE=4096;WRITE_DELAY=0" \
    start service "$SERVICE_PORT" /q/health/ready
  SERVICE_PID=$SERVER_PID
  cp "$WORK/imported.mv.db" "$WORK/flights.mv.db"
  start service "$REFERENCE_PORT" /q/health/ready
  YEAR_PID=$SERVER_PID
  # Fresh servers: 30 s of warm-up each, where 10 s left each measured run faster than the one
  # before (14,735, 14,937, 22,509 requests/s on 2026-12-04).
  export FLIGHTS=$TEN_YEAR_FLIGHTS
  warm service-10y predict-flight 64 "$TEN_YEAR_WARM_UP" "$SERVICE_PORT"
  unset FLIGHTS
  warm service-year predict-flight 64 "$TEN_YEAR_WARM_UP" "$REFERENCE_PORT"
  for _ in $(seq "$RUNS"); do
    FLIGHTS=$TEN_YEAR_FLIGHTS run service-10y predict-flight 64 "$DURATION" "$SERVICE_PORT"
    run service-year predict-flight 64 "$DURATION" "$REFERENCE_PORT"
  done
  export FLIGHTS=$TEN_YEAR_FLIGHTS
  for _ in $(seq "$RUNS"); do run service-10y check-flight 64 "$DURATION" "$SERVICE_PORT"; done
  # The service keeps predictions for the latest flights (today's and the coming days', what
  # callers ask about) as far as a tenth of its heap holds them, 90 bytes a flight: at
  # TEN_YEAR_HEAP's default, every one of the ten years' (docs/PERFORMANCE.md, "Kept predictions in
  # columns"); at the launcher's 112 MB about a fifth, and every id evenly, as above, is then
  # mostly predictions made anew. The same route over the latest year's ids (the 2026 copy,
  # written last), as many as the year's, measures what callers ask apart. The issue's line is
  # judged over every id.
  export FLIGHTS=$YEAR_FLIGHTS FIRST_ID=$((TEN_YEAR_FLIGHTS - YEAR_FLIGHTS + 1))
  [ "$WARM_UP" = 0 ] || warm service-10y-latest predict-flight 64 "$WARM_UP" "$SERVICE_PORT"
  for _ in $(seq "$RUNS"); do
    run service-10y-latest predict-flight 64 "$DURATION" "$SERVICE_PORT"
    FIRST_ID=1 run service-year-latest predict-flight 64 "$DURATION" "$REFERENCE_PORT"
  done
  unset FLIGHTS FIRST_ID
  log_counts "the year's service beside ten years, after its runs" "$REFERENCE_PORT"
  stop "$YEAR_PID"
  YEAR_PID=""
  log_counts "the ten-year service, after its runs" "$SERVICE_PORT"
  stop "$SERVICE_PID"
  SERVICE_PID=""
fi

if [ "${JMH:-1}" = 1 ]; then
  echo "bench: JMH" >&2
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar bench/jmh/target/benchmarks.jar \
    -jvmArgsAppend "-Dlatam.home=$ROOT" -rf text -rff "$WORK/jmh.txt" >&2
else
  echo "(JMH skipped)" > "$WORK/jmh.txt"
fi

# A second suite the same day keeps the first: it is written beside it, named by the hour.
OUT="bench/results/$(date +%F).md"
[ -e "$OUT" ] && OUT="bench/results/$(date +%F-%H%M).md"
python3 - "$RESULTS" "$WORK/jmh.txt" "$SERVICE_READY_MS" "$REF_READY_MS" "$IDLE_RSS" "$AUTH" "$WORK/log.tsv" "$WARM_UP" "$FRESH_WARM_UP" "$RUNS" "$TEN_YEAR_FLIGHTS" <<'PY' | tee "$OUT"
import re, statistics, sys, collections, platform, os, subprocess
results, jmh, ready, ref_ready, idle, auth, log, warm_up, fresh_warm_up, runs_each, ten_year_flights = sys.argv[1:]
rows = collections.defaultdict(list)
for line in open(results):
    server, script, conns, result, extra = line.rstrip("\n").split("\t")
    fields = dict(kv.split("=") for kv in (result.replace("RESULT ", "") + " " + extra).split())
    rows[(script, conns, server)].append({k: float(v) for k, v in fields.items()})
def med(runs, key): return statistics.median(r[key] for r in runs)
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"# Benchmark results\n\nMachine: {os.cpu_count()} cores ({cpu}), {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
      f"Linux {platform.release()}; wrk and the server share the cores. Medians of {runs_each} runs, each 64-connection route warmed {warm_up} on both servers first "
      f"(and predict-flight {fresh_warm_up} before them, the servers fresh). "
      f"Authentication: {'an API key required of every request' if auth == '1' else 'open (AUTH=0)'}; request log and metrics on.\n")
print("| route | connections | server | req/s | p50 ms | p99 ms | p99.9 ms | socket errors | non-2xx | server CPU % | server RSS MB | of reference |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for (script, conns, server), runs in sorted(rows.items(), key=lambda kv: (kv[0][0], int(kv[0][1]), kv[0][2] != "service")):
    ref = rows.get((script, conns, "reference"))
    ratio = f"{med(runs, 'rps') / med(ref, 'rps') * 100:.0f} %" if ref and server == "service" else ""
    print(f"| {script} | {conns} | {server} | {med(runs, 'rps'):,.0f} | {med(runs, 'p50_ms'):.2f} | {med(runs, 'p99_ms'):.2f} | "
          f"{med(runs, 'p999_ms'):.2f} | {med(runs, 'socket_errors'):.0f} | {med(runs, 'non2xx'):.0f} | {med(runs, 'cpu_pct'):.0f} | "
          f"{max(r['rss_mb'] for r in runs):.0f} | {ratio} |")
batches = [(script, rows.get((script, "64", "service"))) for script in ("v1-hundred", "v2-hundred")]
batches = [f"{script} {med(runs, 'rps') * 100:,.0f}" for script, runs in batches if runs]
if batches:
    print(f"\nBatches of 100 flights, flights/s (requests/s times 100): {'; '.join(batches)}.")
# Each ten-year measure against the year's service run beside it in the same minutes, where the suite
# ran one, else against the year's runs at the suite's start.
def baseline(beside):
    runs = rows.get(("predict-flight", "64", beside))
    return (runs, ", run beside it") if runs else (rows.get(("predict-flight", "64", "service")), "")
tens = [(label, rows.get(("predict-flight", "64", server)), *baseline(beside))
        for label, server, beside in (("every id evenly (the line's measure)", "service-10y", "service-year"),
                                      ("the latest year's ids", "service-10y-latest", "service-year-latest"))]
tens = [f"{label} {med(runs, 'rps'):,.0f} req/s"
        + (f" ({med(runs, 'rps') / med(year, 'rps') * 100:.0f} % of the year's{same})" if year else "")
        + f", p99 {med(runs, 'p99_ms'):.2f} ms"
        for label, runs, year, same in tens if runs]
if tens:
    print(f"\nTen years ({int(ten_year_flights):,} flights), predict-flight at 64 connections: {'; '.join(tens)}.")
ingest = rows.get(("ingest", "1", "service"))
if ingest:
    print(f"\nIngest: {med(ingest, 'rps') * 1000:,.0f} flights/s (requests/s times 1,000 flights, one writer, "
          f"each run from the imported year).")
logged = [line.rstrip("\n").split("\t") for line in open(log) if line.strip()]
if logged:
    print("\nPrediction log (every prediction the service answered is logged; dropped: no room, failed: the store refused; counts so far at each point):\n")
    print("| service | written | dropped | failed | waiting |")
    print("| --- | --- | --- | --- | --- |")
    for label, *counts in logged:
        print(f"| {label} | " + " | ".join(f"{int(c):,}" for c in counts) + " |")
readies = [int(r) for r in ready.split(",")]
print(f"\nTime to ready (`./latam serve` to /q/health/ready answering 200): service {statistics.median(readies):.0f} ms "
      f"(median of {len(readies)} starts: {', '.join(map(str, readies))} ms), reference {ref_ready} ms. "
      f"Service RSS at idle, flights loaded: {idle} MB.\n\nJMH (average time per operation):\n\n```")
print(open(jmh).read().strip())
print("```")
PY
