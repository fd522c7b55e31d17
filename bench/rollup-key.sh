#!/usr/bin/env bash
# What the rollup rows' key costs the server during a load: loads the hourly default (--no-refresh) once, takes
# its metric_day rows in the order a load writes them (partition by partition, each server's days in turn) as
# binary COPY files, one per partition, then times three ways of putting them back, each from a CHECKPOINT, with
# the server's CPU:
#   keyed:      into a table with metric_day's key (day, server_key, chunk_no), as a load does today
#   no key:     into a table without it (what the rows alone cost)
#   per part:   each partition's rows into a table of its own, keyed by a sort after its COPY (as the load builds
#               server_metrics' partitions' keys): what a partitioned metric_day would cost
# Usage: bench/rollup-key.sh [runs (2)] [extra fleetgen flags]   e.g. 1 --servers 1000 --start 2024-01-01 --end 2025-12-31
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-2}"; shift || true
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
now() { date +%s.%N; }
hz=$(getconf CLK_TCK)
. bench/server-cpu.sh
work="$(mktemp -d)"; trap 'rm -rf "$work"; psql_ -c "DROP SCHEMA IF EXISTS bench_rollup_key CASCADE; DROP SCHEMA IF EXISTS bench_rollup_copy CASCADE" || true' EXIT

./fleetgen --version >/dev/null
psql_ -c "DROP SCHEMA IF EXISTS bench_rollup_key CASCADE; DROP SCHEMA IF EXISTS bench_rollup_copy CASCADE"
./fleetgen load --quiet --no-refresh --granularity hourly "$@" --url "jdbc:postgresql://$host:$port/$db" --user "$user" --schema bench_rollup_key
# The partitions' server ranges, from the partition tables' CHECK constraints (server_key >= A AND server_key < B).
ranges=$(psql_ -Atc "SELECT substring(pg_get_constraintdef(oid) from '>= ([0-9]+)') || ' ' || substring(pg_get_constraintdef(oid) from '< ([0-9]+)')
                     FROM pg_constraint WHERE connamespace = 'bench_rollup_key'::regnamespace AND conname LIKE 'server_metrics_p%_servers' ORDER BY 1::int")
parts=0
while read -r lo hi; do
  psql_ -c "\\copy (SELECT * FROM bench_rollup_key.metric_day WHERE server_key >= $lo AND server_key < $hi ORDER BY server_key, day, chunk_no) TO '$work/p$parts.bin' WITH (FORMAT binary)"
  parts=$(( parts + 1 ))
done <<< "$(echo "$ranges" | sort -n)"
echo "rollup rows: $(psql_ -Atc "SELECT count(*) FROM bench_rollup_key.metric_day") in $parts partitions, $(du -cm "$work"/p*.bin | tail -1 | cut -f1) MB"

# Runs the partitions' COPYs on two sessions (as the load's two workers do), the files dealt alternately.
copy_all() {  # $1: table for all partitions, or "" for a table per partition
  for w in 0 1; do
    (for ((i = w; i < parts; i += 2)); do
       if [ -n "$1" ]; then
         psql_ -c "\\copy $1 FROM '$work/p$i.bin' WITH (FORMAT binary)"
       else
         psql_ <<SQL
BEGIN;
CREATE TABLE bench_rollup_copy.md_p$i (LIKE bench_rollup_key.metric_day);
\\copy bench_rollup_copy.md_p$i FROM '$work/p$i.bin' WITH (FORMAT binary, FREEZE)
ALTER TABLE bench_rollup_copy.md_p$i ADD PRIMARY KEY (day, server_key, chunk_no);
COMMIT;
SQL
       fi
     done) &
  done
  wait
}
for run in $(seq 1 "$runs"); do
  for way in keyed "no key" "per part"; do
    psql_ -c "DROP SCHEMA IF EXISTS bench_rollup_copy CASCADE; CREATE SCHEMA bench_rollup_copy"
    case "$way" in
      keyed) psql_ -c "CREATE TABLE bench_rollup_copy.md (LIKE bench_rollup_key.metric_day INCLUDING ALL)" ;;
      "no key") psql_ -c "CREATE TABLE bench_rollup_copy.md (LIKE bench_rollup_key.metric_day)" ;;
    esac
    psql_ -c "CHECKPOINT"
    s0=$(server_ticks); t0=$(now)
    if [ "$way" = "per part" ]; then copy_all ""; else copy_all bench_rollup_copy.md; fi
    echo "run $run, $way: $(calc "$(now) - $t0") s, PostgreSQL $(calc "($(server_ticks) - $s0) / $hz") CPU-s"
  done
done
