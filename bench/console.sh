#!/usr/bin/env bash
# The console's budget (docs/PERFORMANCE.md, "The console"): the departures board of 500 flights,
# in headless Chromium, from the moment its data arrives to the moment the page can take input
# again (board.js marks both), median of RUNS page loads after one to warm up.
# Needs Debian's chromium (apt-get install chromium). Settings: RUNS (9).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -x /usr/bin/chromium ] || { echo "bench: needs Debian's chromium (apt-get install chromium)" >&2; exit 2; }
# The launcher finds a JDK of 21 or newer; the benchmark is a tagged test of the service module.
RUNS="${RUNS:-9}" JAVA_HOME="$(./latam java-home)" ./mvnw -q -pl service -am test \
  -Dtest=BoardTimingBench -Dtest.excluded-groups=none -Dsurefire.failIfNoSpecifiedTests=false >&2
cat service/target/console/board-timing.txt
