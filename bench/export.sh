#!/usr/bin/env bash
# Wall time and peak RSS of `./fleetgen export`: the daily default once, then the hourly default
# (4,204,920 rows, 472.5 MB of CSV) three times.
# Usage: bench/export.sh [OUT]   (default OUT: a temporary file, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d)/hourly.csv}"
./fleetgen --version >/dev/null   # build first, so the build is not timed
/usr/bin/time -f "daily default (175,320 rows): wall %e s, peak RSS %M KB" ./fleetgen export --out "$out" --quiet
for run in 1 2 3; do
  /usr/bin/time -f "run $run: wall %e s, peak RSS %M KB" ./fleetgen export --granularity hourly --out "$out" --quiet
done
ls -l "$out" | awk '{print "output bytes:", $5}'
sha256sum "$out"
[ -n "${1:-}" ] || rm -f "$out"
