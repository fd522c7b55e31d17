#!/usr/bin/env bash
# What @FleetgenDataset costs a test class once its template exists: CREATE DATABASE ... TEMPLATE of a
# database holding the daily default dataset (175,320 rows, views and rollups included), in the local
# PostgreSQL service, 5 times; then the same for the hourly default (4,204,920 rows).
#
# Usage: bench/reseed.sh
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" "$@"; }

./fleetgen --version >/dev/null
for granularity in daily hourly; do
  tpl="bench_reseed_tpl_$granularity"
  psql_ -d "$db" -c "DROP DATABASE IF EXISTS $tpl"
  psql_ -d "$db" -c "CREATE DATABASE $tpl"
  ./fleetgen load --quiet --granularity "$granularity" --url "jdbc:postgresql://$host:$port/$tpl" --user "$user" --schema fleet
  size=$(psql_ -d "$db" -At -c "SELECT pg_size_pretty(pg_database_size('$tpl'))")
  echo "== CREATE DATABASE ... TEMPLATE of the $granularity default ($size), 5 runs"
  for i in 1 2 3 4 5; do
    ms=$(psql_ -d "$db" -At -c '\timing on' -c "CREATE DATABASE bench_reseed_copy TEMPLATE $tpl" | grep -o 'Time: [0-9.]* ms' | grep -o '[0-9.]*')
    psql_ -d "$db" -c "DROP DATABASE bench_reseed_copy"
    echo "run $i: $ms ms"
  done
  psql_ -d "$db" -c "DROP DATABASE $tpl"
done
