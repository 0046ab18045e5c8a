#!/usr/bin/env bash
# Re-measures the figures of docs/MODEL.md on the real data (../shared/data): the notebook's two
# models on the seed split (as the notebook made them: uncalibrated, threshold 0.5), the calibrated
# 1.1.0, the rich model with its defaults (2.0.0: calibrated, maximum-F1 threshold) on random and
# time splits, and training time.
# Usage: bench/model-figures.sh [runs-for-timing, default 5]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${LATAM_SHARED_DATA:-$ROOT/../shared/data}"
SEED="$DATA/seed"; RAW="$DATA/raw/dataset_SCL.csv"
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
RUNS="${1:-5}"
latam() { "$ROOT/latam" "$@" 2>/dev/null; }
summary() { python3 -c 'import json,sys; e=json.load(sys.stdin); c=e["classes"]["1"]; print("matrix %s  AUC %.4f  PR-AUC %.4f  class-1 P %.3f R %.3f F1 %.3f  accuracy %.3f  Brier %.4f  ECE %.4f" % (e["confusion_matrix"], e["roc_auc"], e["pr_auc"], c["precision"], c["recall"], c["f1"], e["accuracy"], e["brier"], e["ece"]))'; }
onehot=(--format onehot --data "$SEED/x_train.csv" --labels "$SEED/y_train.csv" --test-data "$SEED/x_test.csv" --test-labels "$SEED/y_test.csv")
notebook=(--calibration none --threshold 0.5)
rich=(--features rich --data "$RAW")

echo "logreg onehot37, seed split (1.0.0):   $(latam train --algorithm logreg --features onehot37 "${onehot[@]}" "${notebook[@]}" --version 1 --out "$OUT" --force --json | summary)"
echo "xgboost onehot37, seed split:  $(latam train --algorithm xgboost --features onehot37 "${onehot[@]}" "${notebook[@]}" --version 2 --out "$OUT" --force --json | summary)"
echo "logreg onehot37 calibrated, seed split (1.1.0): $(latam train --algorithm logreg --features onehot37 "${onehot[@]}" --threshold-for recall=0.64 --version 7 --out "$OUT" --force --json | summary)"
for seed in 42 1 7 2017 99; do
  echo "xgboost rich, random split seed $seed: $(latam train "${rich[@]}" --seed "$seed" --version 3 --out "$OUT" --force --json | summary)"
done
echo "logreg onehot37 calibrated, time split:  $(latam train --algorithm logreg --features onehot37 --format raw --data "$RAW" --split time --threshold-for recall=0.64 --version 4 --out "$OUT" --force --json | summary)"
echo "xgboost rich, time split:     $(latam train "${rich[@]}" --split time --version 5 --out "$OUT" --force --json | summary)"

echo "logreg training time, CLI end to end (JVM start, read, train, export), $RUNS runs:"
times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  latam train --algorithm logreg --features onehot37 "${onehot[@]}" --threshold-for recall=0.64 --version 6 --out "$OUT" --force --json >/dev/null
  times+=("$(echo "$(date +%s.%N) - $start" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "  median %.2f s (min %.2f, max %.2f)\n", a[int((NR+1)/2)], a[1], a[NR]}'
