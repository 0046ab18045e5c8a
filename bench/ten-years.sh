#!/usr/bin/env bash
# Writes the real year of flights ten times over, each copy's dates shifted by whole years
# (2017 .. 2026): 682,060 flights, for measuring how the import and the service scale.
#   bench/ten-years.sh [out.csv]     # default: $TMPDIR/dataset_SCL_x10.csv; prints the path
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOURCE="${LATAM_SHARED_DATA:-$ROOT/../shared/data}/raw/dataset_SCL.csv"
OUT="${1:-${TMPDIR:-/tmp}/dataset_SCL_x10.csv}"
[ -r "$SOURCE" ] || { echo "ten-years: $SOURCE is absent: it needs the real flights" >&2; exit 2; }
# Fecha-I (1) and Fecha-O (6) start with their year; AÑO (13) is the year. Weekday names (DIANOM)
# are left as they were: nothing reads them.
awk -F, -v OFS=, 'NR == 1 { print; next }
  { rows[NR] = $0 }
  END {
    for (k = 0; k < 10; k++) {
      for (i = 2; i <= NR; i++) {
        n = split(rows[i], f, ",")
        f[1] = (substr(f[1], 1, 4) + k) substr(f[1], 5)
        f[6] = (substr(f[6], 1, 4) + k) substr(f[6], 5)
        f[13] = f[13] + k
        line = f[1]
        for (j = 2; j <= n; j++) line = line OFS f[j]
        print line
      }
    }
  }' "$SOURCE" > "$OUT"
echo "$OUT"
