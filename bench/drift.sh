#!/usr/bin/env bash
# Drift on real flights: the alert's condition (an input's 24-hour stability index above 0.2 and
# above chance) read at every replayed hour, on an undistorted feed and on a distorted one.
#
#   bench/drift.sh rename   # 1.1.0 served; October 2017 to 14 November replayed with the
#                           # predictions an operations tool asks (replay --predict); from
#                           # 8 November 10:00, Grupo LATAM's flights come named otherwise
#   bench/drift.sh shift    # 2.0.0 served (fallback 1.1.0); the same days, each day's board read
#                           # the next day (as live-parity does); from 8 November 10:00, every
#                           # time comes six hours late (a feed in the wrong time zone)
#
# SERVICE_PORT (8000). Prints, per model version, the hours whose condition held before and after
# the distortion, and the first hour it held after it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KIND="${1:-rename}"
PORT="${SERVICE_PORT:-8000}"
DATA="${LATAM_SHARED_DATA:-$ROOT/../shared/data}/raw/dataset_SCL.csv"
[ -r "$DATA" ] || { echo "drift: $DATA is absent: it needs the real flights" >&2; exit 2; }
case "$KIND" in rename | shift) ;; *) echo "drift: rename or shift, not $KIND" >&2; exit 2 ;; esac
FROM=2017-10-01
TO=2017-11-15
DISTORTED=2017-11-08T10:00
WORK="$(mktemp -d)"
PID=""
# KEEP=1 leaves the service running on its store for a closer look.
cleanup() { [ -z "${KEEP:-}" ] && [ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$DATA" "$WORK/feed.csv" "$KIND" "$FROM" "$TO" "$DISTORTED" <<'PY'
import csv, sys
from datetime import datetime, timedelta
source, out, kind, start, end, distorted = sys.argv[1:]
start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
distorted = datetime.fromisoformat(distorted)
fmt = "%Y-%m-%d %H:%M:%S"
with open(source, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as g:
    rows = csv.reader(f)
    w = csv.writer(g, lineterminator="\n")
    w.writerow(next(rows))
    for row in rows:
        scheduled = datetime.strptime(row[0], fmt)
        if not start <= scheduled < end:
            continue
        if scheduled >= distorted:
            if kind == "rename" and row[15] == "Grupo LATAM":
                row[15] = "LATAM Airlines Group"
            if kind == "shift":
                row[0] = (scheduled + timedelta(hours=6)).strftime(fmt)
                if row[5]:
                    row[5] = (datetime.strptime(row[5], fmt) + timedelta(hours=6)).strftime(fmt)
        w.writerow(row)
PY

echo "${KIND/rename/1.1.0}" | sed 's/shift/2.0.0/' > "$WORK/version.txt"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$WORK/flights;WRITE_DELAY=0" \
  LATAM_VERSION_FILE="$WORK/version.txt" LATAM_MONITORING_INTERVAL=1s LATAM_MONITORING_CPU_SHARE=1 \
  FLIGHTS_CSV= PORT="$PORT" LATAM_REQUEST_LOG=false ./latam serve > "$WORK/serve.log" 2>&1 &
PID=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.2
done
URL="http://127.0.0.1:$PORT"
if [ "$KIND" = rename ]; then
  ./latam replay "$WORK/feed.csv" --url "$URL" --speed max --predict
else
  ./latam replay "$WORK/feed.csv" --url "$URL" --speed max
  day="$FROM"
  while [[ "$day" < "$(date -d "$TO + 1 day" +%F)" ]]; do
    next="$(date -d "$day + 1 day" +%F)"
    curl -sf -o /dev/null "$URL/v1/board?from=${day}T00:00&hours=24&as_of=${next}T12:00"
    day="$next"
  done
fi
# The monitor has read everything once two turns in a row add nothing.
last=-1
while true; do
  sleep 3
  read_now="$(curl -sf "$URL/metrics" | awk '/^latam_monitor_predictions_read_total/ {print $2}')"
  [ "$read_now" = "$last" ] && break
  last="$read_now"
done
echo "monitor read $last logged predictions"
python3 - "$URL" "$FROM" "$TO" "$DISTORTED" <<'PY'
import json, sys, urllib.request
from datetime import datetime, timedelta
url, start, end, distorted = sys.argv[1:]
start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
distorted = datetime.fromisoformat(distorted)
versions = json.load(urllib.request.urlopen(url + "/v1/models"))["versions"]
for version in versions:
    hours, raised_before, raised_after, first, worst = 0, [], [], None, {}
    t = start + timedelta(days=1)
    while t <= end:
        q = f"{url}/v1/models/{version}/drift?from={(t - timedelta(hours=24)).isoformat()}&to={t.isoformat()}"
        try:
            d = json.load(urllib.request.urlopen(q))
        except urllib.error.HTTPError:
            break
        if d["flights"] == 0:
            t += timedelta(hours=1)
            continue
        hours += 1
        for i in d["inputs"]:
            if i.get("psi") is not None and t <= distorted:
                worst[i["input"]] = max(worst.get(i["input"], 0), i["psi"])
        if d["drifted"]:
            (raised_before if t <= distorted else raised_after).append((t, d["drifted"]))
            if t > distorted and first is None:
                first = t
        t += timedelta(hours=1)
    if hours == 0:
        continue
    print(f"{version}: {hours} hourly 24-h windows; before the distortion, the condition held at "
          f"{len(raised_before)} hours {[(str(a), b) for a, b in raised_before[:5]]}; largest index before: "
          + ", ".join(f"{k} {v:.3f}" for k, v in sorted(worst.items(), key=lambda kv: -kv[1])))
    print(f"  after {distorted}: held at {len(raised_after)} hours, first at {first} "
          f"({raised_after[0][1] if raised_after else '-'})")
PY
