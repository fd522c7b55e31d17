#!/usr/bin/env bash
# The analytics layer and verification on a loaded dataset, in the local PostgreSQL service:
# how long `fleetgen refresh` (the views' answers from the rollups) and `refresh --rebuild` (rollups rebuilt
# from the table first) take, how long a full read of each view takes, and how long `fleetgen verify` takes.
#
# Usage: bench/analytics.sh [daily|hourly]      (default hourly: the 4,204,920-row default; daily: 175,320 rows)
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
granularity="${1:-hourly}"
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
url="jdbc:postgresql://$host:$port/$db"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
now() { date +%s.%N; }
secs() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }

./fleetgen --version >/dev/null
psql_ -c "DROP SCHEMA IF EXISTS bench_analytics CASCADE"
echo "== loading the $granularity default (views not computed yet)"
./fleetgen load --quiet --no-refresh --granularity "$granularity" --url "$url" --user "$user" --schema bench_analytics
psql_ -c "CHECKPOINT"

t0=$(now); ./fleetgen refresh --quiet --url "$url" --user "$user" --schema bench_analytics; t1=$(now)
echo "fleetgen refresh (the 7 views' answers, from the rollups): $(secs "$t0" "$t1") s"
t0=$(now); ./fleetgen refresh --rebuild --quiet --url "$url" --user "$user" --schema bench_analytics; t1=$(now)
echo "fleetgen refresh --rebuild (rollups rebuilt from server_metrics, then the answers): $(secs "$t0" "$t1") s"

echo "== full read of each view (psql \\timing, best of 3)"
for view in archetype_summary archetype_correlation archetype_calendar_effects archetype_daily archetype_monthly \
            archetype_hourly_profile server_capacity_risk; do
  best=$(for i in 1 2 3; do
    psql_ -At -c '\timing on' -c "SELECT * FROM bench_analytics.$view" | grep -o 'Time: [0-9.]* ms' | grep -o '[0-9.]*'
  done | sort -n | head -n 1)
  printf "%-28s %8s ms\n" "$view" "$best"
done

t2=$(now); ./fleetgen verify --quiet --url "$url" --user "$user" --schema bench_analytics | tail -n 1; t3=$(now)
echo "fleetgen verify (every row regenerated and compared): $(secs "$t2" "$t3") s"
psql_ -c "DROP SCHEMA bench_analytics CASCADE"
