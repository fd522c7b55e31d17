#!/usr/bin/env bash
# fleetgen load with its default flags (generation, binary COPY with the per-day rollups into partitions keyed as they load,
# ANALYZE, the views' answers) versus psql's \copy of the same rows from a ready-made CSV into an
# identical empty table, followed by the same primary key and ANALYZE. Also fleetgen load --no-refresh,
# to show what making the views ready adds. All go to the local PostgreSQL service.
#
# Usage: bench/load-vs-copy.sh [extra fleetgen flags]     (default shape: the hourly default, 4,204,920 rows)
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

./fleetgen --version >/dev/null   # build first, so the build is not timed
psql_ -c "DROP SCHEMA IF EXISTS bench_fleetgen CASCADE; DROP SCHEMA IF EXISTS bench_bare CASCADE; DROP SCHEMA IF EXISTS bench_psql CASCADE;" 2>/dev/null

# Each timed phase starts from a checkpoint, so none pays for another's dirty buffers.
psql_ -c "CHECKPOINT"
echo "== fleetgen load --no-refresh (JVM start, schema, generation, COPY with rollups and keys, ANALYZE; no views)"
b0=$(now)
./fleetgen load --quiet --no-refresh --granularity hourly "$@" \
  --url "jdbc:postgresql://$host:$port/$db" --user "$user" --schema bench_bare
b1=$(now)
bare_s=$(calc "$b1 - $b0")
echo "wall: $(printf %.2f "$bare_s") s"
psql_ -c "DROP SCHEMA bench_bare CASCADE"
psql_ -c "CHECKPOINT"
echo "== fleetgen load, default flags (the same, and the views' answers)"
t0=$(now)
/usr/bin/time -f "%M" -o "$work/rss" ./fleetgen load --quiet --granularity hourly "$@" \
  --url "jdbc:postgresql://$host:$port/$db" --user "$user" --schema bench_fleetgen --json-summary "$work/summary.json"
t1=$(now)
rows=$(psql_ -Atc "SELECT count(*) FROM bench_fleetgen.server_metrics")
fleetgen_s=$(calc "$t1 - $t0")
echo "rows: $rows, wall: $(printf %.2f "$fleetgen_s") s, peak RSS: $(( $(cat "$work/rss") / 1024 )) MB"
echo "phases (from --json-summary): $(grep -o '"phases":{[^}]*}' "$work/summary.json")"
printf "making the views ready adds %.0f %% to the load without them\n" "$(calc "($fleetgen_s / $bare_s - 1) * 100")"

echo "== psql \\copy of the same rows from a ready-made CSV (the file is written first, untimed)"
psql_ -c "\\copy (SELECT ts, server_key, cpu_p95, mem_p95, disk_p95, net_in_p95, net_out_p95 FROM bench_fleetgen.server_metrics ORDER BY server_key, ts) TO '$work/metrics.csv' WITH (FORMAT csv)"
echo "csv: $(du -m "$work/metrics.csv" | cut -f1) MB"
psql_ -c "CREATE SCHEMA bench_psql; CREATE TABLE bench_psql.server_metrics (LIKE bench_fleetgen.server_metrics INCLUDING DEFAULTS);"
sync
psql_ -c "CHECKPOINT"
t2=$(now)
psql_ -c "\\copy bench_psql.server_metrics FROM '$work/metrics.csv' WITH (FORMAT csv)"
psql_ -c "ALTER TABLE bench_psql.server_metrics ADD CONSTRAINT bench_psql_pk PRIMARY KEY (server_key, ts); ANALYZE bench_psql.server_metrics;"
t3=$(now)
psql_s=$(calc "$t3 - $t2")
echo "rows: $(psql_ -Atc "SELECT count(*) FROM bench_psql.server_metrics"), wall: $(printf %.2f "$psql_s") s"

fleetgen_rate=$(calc "$rows / $fleetgen_s")
psql_rate=$(calc "$rows / $psql_s")
echo "== result"
printf "fleetgen load (views included):  %'.0f rows/s\n" "$fleetgen_rate"
printf "psql \\\\copy:    %'.0f rows/s\n" "$psql_rate"
printf "ratio (fleetgen / psql): %.2fx\n" "$(calc "$fleetgen_rate / $psql_rate")"
psql_ -c "DROP SCHEMA bench_fleetgen CASCADE; DROP SCHEMA bench_psql CASCADE;"
