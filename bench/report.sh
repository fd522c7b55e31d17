#!/usr/bin/env bash
# fleetgen report after a load, in the local PostgreSQL service: wall time of `./fleetgen report` (process
# start to exit, 5 runs) and the size of the HTML file, for the hourly default (4,204,920 rows) or the
# daily default (175,320 rows). The report reads the views and the server table only, so its time should not
# grow with the rows.
#
# Usage: bench/report.sh [hourly|daily]      (default hourly)
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
granularity="${1:-hourly}"
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
url="jdbc:postgresql://$host:$port/$db"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
now() { date +%s.%N; }
secs() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

./fleetgen --version >/dev/null
psql_ -c "DROP SCHEMA IF EXISTS bench_report CASCADE"
echo "== loading the $granularity default"
./fleetgen load --quiet --granularity "$granularity" --url "$url" --user "$user" --schema bench_report

echo "== fleetgen report, 5 runs (process start to exit)"
for i in 1 2 3 4 5; do
  t0=$(now)
  ./fleetgen report --quiet --url "$url" --user "$user" --schema bench_report --out "$out/report.html"
  t1=$(now)
  echo "run $i: $(secs "$t0" "$t1") s"
done
bytes=$(stat -c %s "$out/report.html")
echo "report file: $bytes bytes ($(awk "BEGIN { printf \"%.2f\", $bytes / 1048576 }") MiB), $(grep -o 'class="chart"' "$out/report.html" | wc -l) charts"
psql_ -c "DROP SCHEMA bench_report CASCADE"
