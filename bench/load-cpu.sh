#!/usr/bin/env bash
# Where a load's CPU goes: runs `./fleetgen load` of the hourly default (4,204,920 rows) N times against the
# local PostgreSQL 15 service and prints, per run, the wall time, the CPU of fleetgen's process (user + sys),
# the CPU of the server's processes over the run (every postgres process's own and reaped children's time,
# read from /proc, so the server must run on this machine, readable by this user), and the machine's idle and
# I/O-wait core-seconds: on 2 cores, wall x 2 = fleetgen + PostgreSQL + idle + other.
#
# Usage: bench/load-cpu.sh [runs (3)] [extra fleetgen flags]   e.g. bench/load-cpu.sh 3 --no-refresh
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; shift || true
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
. bench/server-cpu.sh
machine() { awk '/^cpu / { print $5, $6 }' /proc/stat; }   # idle, iowait ticks
hz=$(getconf CLK_TCK)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

./fleetgen --version >/dev/null
for run in $(seq 1 "$runs"); do
  psql_ -c "DROP SCHEMA IF EXISTS bench_cpu CASCADE" -c "CHECKPOINT"
  s0=$(server_ticks); read -r i0 w0 < <(machine); t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time" ./fleetgen load --quiet --granularity hourly "$@" \
    --url "jdbc:postgresql://$host:$port/$db" --user "$user" --schema bench_cpu --json-summary "$work/summary.json"
  t1=$(date +%s.%N); read -r i1 w1 < <(machine); s1=$(server_ticks)
  read -r u s m < "$work/time"
  awk -v r="$run" -v wall="$(echo "$t1 - $t0" | bc)" -v java="$(echo "$u + $s" | bc)" -v pg="$(( s1 - s0 ))" \
      -v idle="$(( i1 - i0 ))" -v wait="$(( w1 - w0 ))" -v hz="$hz" -v rss="$(( m / 1024 ))" \
      'BEGIN { printf "run %d: wall %.2f s; fleetgen %.2f CPU-s (peak RSS %d MB); PostgreSQL %.2f CPU-s; idle %.2f, I/O wait %.2f core-s\n",
               r, wall, java, rss, pg / hz, idle / hz, wait / hz }'
  echo "  phases: $(grep -o '"phases":{[^}]*}' "$work/summary.json")"
done
psql_ -c "DROP SCHEMA IF EXISTS bench_cpu CASCADE"
