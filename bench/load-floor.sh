#!/usr/bin/env bash
# The floor: the fastest this machine puts a dataset's rows into PostgreSQL with its primary key and
# ANALYZE, from ready-made binary COPY files (fleetgen's own rows, written beforehand, untimed), by three
# strategies with psql; then `./fleetgen load` of the same dataset with its default flags (views
# included), with its phases from --json-summary; then the ratio fleetgen / best floor.
#   A: one session COPY into an existing table, then ADD PRIMARY KEY, ANALYZE
#   B: two sessions COPY (half the servers each), then ADD PRIMARY KEY, ANALYZE
#   C: two sessions, each CREATE TABLE + COPY FREEZE + ADD PRIMARY KEY in one transaction, then a
#      partitioned table attaches both (ATTACH PARTITION), ANALYZE
# fleetgen is timed twice, before and after the strategies, and both ratios are printed; with each, the least
# time its work allows: the server's CPU during the load and fleetgen's process's own, over every core (what
# fleetgen would take if no core were ever idle), and that bound's ratio to the floor.
#
# Usage: bench/load-floor.sh [extra fleetgen flags]   (default shape: the hourly default, 4,204,920 rows)
#        BENCH_PAIRS=N bench/load-floor.sh   also times N pairs of C and fleetgen back to back (their median ratio)
# Env:   BENCH_PGHOST (127.0.0.1) BENCH_PGPORT (5432) BENCH_PGUSER (postgres) BENCH_PGDATABASE (test)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${BENCH_PAIRS:-0}"
case "$pairs" in ""|*[!0-9]*) echo "BENCH_PAIRS must be a whole number, not '$pairs'" >&2; exit 2 ;; esac
host="${BENCH_PGHOST:-127.0.0.1}"; port="${BENCH_PGPORT:-5432}"; user="${BENCH_PGUSER:-postgres}"; db="${BENCH_PGDATABASE:-test}"
url="jdbc:postgresql://$host:$port/$db"
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" "$@"; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
now() { date +%s.%N; }
# CPU seconds of the server's processes so far (own and reaped children's time of every postgres process, from
# /proc: the server must run on this machine): printed for each run, so the floor's CPU can be set beside
# fleetgen's (bench/load-cpu.sh).
hz=$(getconf CLK_TCK)
cores=$(nproc)
. bench/server-cpu.sh
cpu_since() { calc "($(server_ticks) - $1) / $hz"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

./fleetgen --version >/dev/null
psql_ -c "DROP SCHEMA IF EXISTS floor_src CASCADE; DROP SCHEMA IF EXISTS floor_a CASCADE; DROP SCHEMA IF EXISTS floor_b CASCADE;
          DROP SCHEMA IF EXISTS floor_c CASCADE; DROP SCHEMA IF EXISTS floor_fleetgen CASCADE;"
echo "== writing the binary COPY files (untimed)"
./fleetgen load --quiet --no-refresh --granularity hourly "$@" --url "$url" --user "$user" --schema floor_src
servers=$(psql_ -Atc "SELECT count(*) FROM floor_src.server")
half=$(( servers / 2 ))
cols="ts, server_key, cpu_p95, mem_p95, disk_p95, net_in_p95, net_out_p95"
psql_ -c "\\copy (SELECT $cols FROM floor_src.server_metrics ORDER BY server_key, ts) TO '$work/all.bin' WITH (FORMAT binary)"
psql_ -c "\\copy (SELECT $cols FROM floor_src.server_metrics WHERE server_key < $half ORDER BY server_key, ts) TO '$work/p1.bin' WITH (FORMAT binary)"
psql_ -c "\\copy (SELECT $cols FROM floor_src.server_metrics WHERE server_key >= $half ORDER BY server_key, ts) TO '$work/p2.bin' WITH (FORMAT binary)"
rows=$(psql_ -Atc "SELECT count(*) FROM floor_src.server_metrics")
psql_ -c "DROP SCHEMA floor_src CASCADE"
table="(ts timestamptz NOT NULL, server_key integer NOT NULL, cpu_p95 float8 NOT NULL, mem_p95 float8 NOT NULL,
        disk_p95 float8 NOT NULL, net_in_p95 float8 NOT NULL, net_out_p95 float8 NOT NULL)"
echo "rows: $rows; files: $(du -m "$work/all.bin" | cut -f1) MB"

# fleetgen's run, timed like the strategies: from a CHECKPOINT, process start to exit.
fleetgen_run() {
  psql_ -c "DROP SCHEMA IF EXISTS floor_fleetgen CASCADE"
  psql_ -c "CHECKPOINT"
  local t0 s0; t0=$(now); s0=$(server_ticks)
  /usr/bin/time -f "%M %U %S" -o "$work/time" ./fleetgen load --quiet --granularity hourly "$@" \
    --url "$url" --user "$user" --schema floor_fleetgen --json-summary "$work/summary.json"
  local f pg rss u s own bound; f=$(calc "$(now) - $t0"); pg=$(cpu_since "$s0")
  read -r rss u s < "$work/time"; own=$(calc "$u + $s")
  # The same work with no core ever idle: the server's CPU and fleetgen's own, spread over every core.
  bound=$(calc "($pg + $own) / $cores")
  echo "fleetgen: $(printf %.2f "$f") s, peak RSS $(( rss / 1024 )) MB, PostgreSQL $(printf %.2f "$pg") CPU-s, fleetgen's process" \
       "$(printf %.2f "$own") CPU-s: with no core idle, at least $(printf %.2f "$bound") s on $cores cores" >&2
  echo "phases (from --json-summary): $(grep -o '"phases":{[^}]*}' "$work/summary.json")" >&2
  psql_ -c "DROP SCHEMA floor_fleetgen CASCADE"
  echo "$f $bound"
}

# fleetgen runs once before the strategies and once after them: the machine's speed drifts within minutes,
# and a single run on one side of the strategies would carry that drift into the ratio.
echo "== fleetgen load, default flags (views included), before the strategies"
read -r f1 bound1 < <(fleetgen_run "$@")

psql_ -c "CHECKPOINT"
t0=$(now); s0=$(server_ticks)
psql_ -c "CREATE SCHEMA floor_a; CREATE TABLE floor_a.m $table;"
psql_ -c "\\copy floor_a.m FROM '$work/all.bin' WITH (FORMAT binary)"
psql_ -c "ALTER TABLE floor_a.m ADD PRIMARY KEY (server_key, ts); ANALYZE floor_a.m;"
a=$(calc "$(now) - $t0"); echo "A (1 session): $(printf %.2f "$a") s, PostgreSQL $(printf %.2f "$(cpu_since "$s0")") CPU-s"
psql_ -c "DROP SCHEMA floor_a CASCADE"

psql_ -c "CHECKPOINT"
t0=$(now); s0=$(server_ticks)
psql_ -c "CREATE SCHEMA floor_b; CREATE TABLE floor_b.m $table;"
psql_ -c "\\copy floor_b.m FROM '$work/p1.bin' WITH (FORMAT binary)" &
psql_ -c "\\copy floor_b.m FROM '$work/p2.bin' WITH (FORMAT binary)" &
wait
psql_ -c "ALTER TABLE floor_b.m ADD PRIMARY KEY (server_key, ts); ANALYZE floor_b.m;"
b=$(calc "$(now) - $t0"); echo "B (2 sessions, then the key): $(printf %.2f "$b") s, PostgreSQL $(printf %.2f "$(cpu_since "$s0")") CPU-s"
psql_ -c "DROP SCHEMA floor_b CASCADE"

# C, timed from a CHECKPOINT; prints its line on stderr and its seconds on stdout.
strategy_c() {
  psql_ -c "CHECKPOINT"
  local t0 s0 c; t0=$(now); s0=$(server_ticks)
  psql_ -c "CREATE SCHEMA floor_c;"
  for p in 1 2; do
    psql_ <<SQL &
BEGIN;
CREATE TABLE floor_c.m$p $table;
\\copy floor_c.m$p FROM '$work/p$p.bin' WITH (FORMAT binary, FREEZE)
ALTER TABLE floor_c.m$p ADD PRIMARY KEY (server_key, ts);
COMMIT;
SQL
  done
  wait
  psql_ <<SQL
CREATE TABLE floor_c.m $table PARTITION BY RANGE (server_key);
ALTER TABLE floor_c.m ATTACH PARTITION floor_c.m1 FOR VALUES FROM (MINVALUE) TO ($half);
ALTER TABLE floor_c.m ATTACH PARTITION floor_c.m2 FOR VALUES FROM ($half) TO (MAXVALUE);
ANALYZE floor_c.m;
SQL
  c=$(calc "$(now) - $t0"); echo "C (2 sessions, each its partition with its key): $(printf %.2f "$c") s, PostgreSQL $(printf %.2f "$(cpu_since "$s0")") CPU-s" >&2
  psql_ -c "DROP SCHEMA floor_c CASCADE"
  echo "$c"
}
c=$(strategy_c)

floor=$(awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { m = a; if (b < m) m = b; if (c < m) m = c; printf "%.6f", m }')
echo "== fleetgen load, default flags (views included), after the strategies"
read -r f2 bound2 < <(fleetgen_run "$@")
echo "== result"
printf "floor (best of A, B, C): %.2f s\n" "$floor"
printf "fleetgen / floor: %.2fx (run before the strategies), %.2fx (run after them)\n" "$(calc "$f1 / $floor")" "$(calc "$f2 / $floor")"
printf "fleetgen's work with no core idle / floor: %.2fx, %.2fx (the least its CPU and the server's allow)\n" \
  "$(calc "$bound1 / $floor")" "$(calc "$bound2 / $floor")"

# BENCH_PAIRS=N: then N pairs of C and fleetgen back to back, in alternating order (C first, then fleetgen
# first), each pair's ratio taken within seconds: the machine's drift between minutes stays out of it.
if [ "$pairs" -gt 0 ]; then
  echo "== $pairs pairs of C and fleetgen back to back"
  ratios=()
  for i in $(seq 1 "$pairs"); do
    if [ $(( i % 2 )) -eq 1 ]; then
      pc=$(strategy_c); read -r pf _ < <(fleetgen_run "$@")
    else
      read -r pf _ < <(fleetgen_run "$@"); pc=$(strategy_c)
    fi
    ratios+=("$(calc "$pf / $pc")")
    printf "pair %d: fleetgen / C %.2fx\n" "$i" "${ratios[-1]}"
  done
  printf "pairs: median fleetgen / C %.2fx (of %s)\n" "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')" \
    "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ printf "%s%.2fx", (NR > 1 ? ", " : ""), $1 }')"
fi
