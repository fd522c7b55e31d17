#!/usr/bin/env bash
# What a step of `fleetgen load --follow` costs: a realistic hourly dataset of the default fleet (120 servers,
# 2022-01-01 .. 2025-12-30, 4.2M rows) extended by one day, then by a week, each end to end (process start to exit),
# with the phases of --json-summary. Against that, the first load of the whole range.
#
# Usage: bench/extend.sh
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" "$@"; }
out=$(mktemp -d)
trap 'rm -rf "$out"; psql_ -d "$db" -c "DROP SCHEMA IF EXISTS bench_extend CASCADE"' EXIT

./fleetgen --version >/dev/null
psql_ -d "$db" -c "DROP SCHEMA IF EXISTS bench_extend CASCADE"
load() {
  local end=$1 label=$2
  local t0 t1
  t0=$(date +%s.%N)
  ./fleetgen load --quiet --model realistic --granularity hourly --end "$end" --url "jdbc:postgresql://$host:$port/$db" --user "$user" \
    --schema bench_extend --json-summary "$out/s.json"
  t1=$(date +%s.%N)
  printf '%-34s %6.2f s end to end; %s\n' "$label" "$(echo "$t1 - $t0" | bc)" \
    "$(grep -o '"rows_loaded":[0-9]*\|"phases":{[^}]*}' "$out/s.json" | tr '\n' ' ')"
}
load 2025-12-30 "first load, to 2025-12-30"
load 2025-12-31 "extended by a day"
load 2026-01-07 "extended by a week"
