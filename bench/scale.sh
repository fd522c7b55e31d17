#!/usr/bin/env bash
# Scale evidence: 10,000 servers x 2024 hourly (87,610,000 rows).
#   1. ./fleetgen export of the whole dataset to /dev/null: wall time, rows/s and peak RSS (memory stays flat).
#   2. ./fleetgen load by 2 shard processes started together (--shard 0/2 and 1/2) into the PostgreSQL 15
#      service: each shard's wall time, rows/s and peak RSS, and the phases from --json-summary (the shard
#      that commits the last partition also computes the views' answers).
# Needs about 13 GB free on the database's disk. The schema is dropped at the end.
#
# Usage: bench/scale.sh [extra fleetgen flags]
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
url="jdbc:postgresql://$host:$port/$db"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
now() { date +%s.%N; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
shape=(--servers 10000 --granularity hourly --start 2024-01-01 --end 2024-12-31)
./fleetgen --version >/dev/null

echo "== export to /dev/null"
t0=$(now)
/usr/bin/time -f "%M" -o "$work/export.rss" ./fleetgen export --quiet "${shape[@]}" "$@" --out /dev/null
t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
rows=$(( 10000 * (365 * 24 + 1) ))
echo "export: $rows rows in $t s ($(awk -v r="$rows" -v t="$t" 'BEGIN { printf "%.2f", r / t / 1e6 }')M rows/s), peak RSS $(( $(cat "$work/export.rss") / 1024 )) MB"

echo "== load by 2 shards at once"
psql_ -c "DROP SCHEMA IF EXISTS bench_scale CASCADE; CHECKPOINT"
t0=$(now)
for i in 0 1; do
  /usr/bin/time -f "%M %e" -o "$work/shard$i.time" ./fleetgen load --quiet "${shape[@]}" "$@" --url "$url" --user "$user" \
    --schema bench_scale --workers 1 --shard "$i/2" --json-summary "$work/shard$i.json" &
done
wait
t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
for i in 0 1; do
  read -r rss wall < <(tail -n 1 "$work/shard$i.time")
  if [ ! -f "$work/shard$i.json" ]; then echo "shard $i/2 FAILED ($(head -n 1 "$work/shard$i.time"))"; continue; fi
  echo "shard $i/2: $(grep -o '"outcome":"[a-z_]*"' "$work/shard$i.json"), $(grep -o '"rows_loaded":[0-9]*' "$work/shard$i.json"), wall $wall s, peak RSS $(( rss / 1024 )) MB"
  echo "  $(grep -o '"rows_per_second":[0-9.]*' "$work/shard$i.json") $(grep -o '"phases":{[^}]*}' "$work/shard$i.json")"
done
loaded=$(psql_ -Atc "SELECT count(*) FROM bench_scale.server_metrics")
echo "both: $loaded rows in $t s ($(awk -v r="$loaded" -v t="$t" 'BEGIN { printf "%.0f", r / t }') rows/s); complete: $(psql_ -Atc "SELECT completed_at IS NOT NULL FROM bench_scale.dataset")"
psql_ -Atc "SELECT 'table and keys: ' || pg_size_pretty(sum(pg_total_relation_size(relid))) FROM pg_partition_tree('bench_scale.server_metrics') WHERE isleaf"
psql_ -c "DROP SCHEMA bench_scale CASCADE"
