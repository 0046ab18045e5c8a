#!/usr/bin/env bash
# Live parity on a real day: replays one day of ../shared/data's flights into an empty store served
# by the rich model (2.0.0, fallback 1.1.0), reads the board with as_of after the day, and compares
# every flight's probability with ./latam predict on a file of the same flights.
#
#   bench/live-parity.sh [DAY]     # DAY: 2017-07-14 by default; SERVICE_PORT (8000)
#   bench/live-parity.sh year      # the whole file replayed, every day's board compared
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DAY="${1:-2017-07-14}"
PORT="${SERVICE_PORT:-8000}"
DATA="${LATAM_SHARED_DATA:-$ROOT/../shared/data}/raw/dataset_SCL.csv"
[ -r "$DATA" ] || { echo "live-parity: $DATA is absent: it needs the real flights" >&2; exit 2; }
WORK="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

if [ "$DAY" = year ]; then
  cp "$DATA" "$WORK/day.csv"
else
  head -n 1 "$DATA" > "$WORK/day.csv"
  grep "^$DAY " "$DATA" >> "$WORK/day.csv" || { echo "live-parity: no flight on $DAY" >&2; exit 2; }
fi
echo "2.0.0" > "$WORK/version.txt"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$WORK/flights;WRITE_DELAY=0" LATAM_VERSION_FILE="$WORK/version.txt" \
  FLIGHTS_CSV= PORT="$PORT" LATAM_REQUEST_LOG=false ./latam serve > "$WORK/serve.log" 2>&1 &
PID=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.2
done
./latam replay "$WORK/day.csv" --url "http://127.0.0.1:$PORT" --speed max
./latam predict --model Models/Latam_flight_model.2.0.0.json \
  --fallback Models/Latam_flight_model.1.1.0.json --data "$WORK/day.csv" --out "$WORK/offline.csv"
DAYS="$DAY"
[ "$DAY" = year ] && DAYS="$(tail -n +2 "$DATA" | cut -c1-10 | sort -u)"
echo "[" > "$WORK/board.json"
for day in $DAYS; do
  next="$(date -d "$day + 1 day" +%F)"
  curl -sf "http://127.0.0.1:$PORT/v1/board?from=${day}T00:00&hours=24&as_of=${next}T12:00" >> "$WORK/board.json"
  echo "," >> "$WORK/board.json"
done
echo "null]" >> "$WORK/board.json"
python3 - "$WORK/board.json" "$WORK/offline.csv" "$DAY" <<'PY'
import csv, json, sys
board = [line for day in json.load(open(sys.argv[1])) if day for line in day["flights"]]
offline = {(r["airline_code"], r["flight_number"], r["scheduled_departure"]): r for r in csv.DictReader(open(sys.argv[2]))}
worst, versions, labels, apart = 0.0, 0, 0, []
for line in board:
    f, p = line["flight"], line["prediction"]
    row = offline[(f["airline_code"], f["flight_number"], f["scheduled_departure"])]
    gap = abs(p["probability"] - float(row["probability"]))
    worst = max(worst, gap)
    if gap > 1e-6:
        apart.append(f["scheduled_departure"])
    versions += p["model_version"] == row["model_version"]
    labels += p["label"] == row["label"]
rich = sum(1 for line in board if line["prediction"]["model_version"] == "2.0.0")
print(f"{sys.argv[3]}: {len(board)} flights on the board ({len(offline)} offline), {rich} by 2.0.0; "
      f"largest |board - offline| = {worst:.2e}; same model {versions}/{len(board)}, same label {labels}/{len(board)}")
if apart:
    print(f"{len(apart)} flights apart by more than 1e-6, scheduled {min(apart)} to {max(apart)}")
PY
