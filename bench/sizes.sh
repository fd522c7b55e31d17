#!/usr/bin/env bash
# The per-row sizes behind fleetgen's free-space estimates (README: "Where output goes", "Size"):
# CSV bytes a row for each column layout, plain and gzipped, on the daily default (175,320 rows), a seed
# script's bytes a row (daily and hourly), and
# PostgreSQL bytes a row of server_metrics and its primary key for 20 servers x 4 years hourly (700,820 rows),
# summed over its partitions.
# Usage: bench/sizes.sh [JDBC_URL]   (default: the PostgreSQL 15 service, jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
url="${1:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./fleetgen --version >/dev/null
for layout in "" "--no-metadata" "--no-calendar" "--no-metadata --no-calendar"; do
  # shellcheck disable=SC2086
  ./fleetgen export --quiet $layout --out "$tmp/x.csv"
  # shellcheck disable=SC2086
  ./fleetgen export --quiet $layout --out "$tmp/x.csv.gz"
  awk -v l="${layout:-all columns}" -v a="$(stat -c %s "$tmp/x.csv")" -v g="$(stat -c %s "$tmp/x.csv.gz")" \
    'BEGIN { printf "csv %-28s %6.1f bytes/row, gzip %5.1f bytes/row\n", l, a / 175320, g / 175320 }'
done
# A seed script (export --format sql) a row, daily default and 12 servers x 4 years hourly (420,492 rows).
for shape in "daily 175320" "hourly 420492"; do
  set -- $shape
  extra=""; [ "$1" = hourly ] && extra="--granularity hourly --servers 12"
  # shellcheck disable=SC2086
  ./fleetgen export --quiet --format sql $extra --out "$tmp/x.sql"
  # shellcheck disable=SC2086
  ./fleetgen export --quiet --format sql $extra --out "$tmp/x.sql.gz"
  awk -v l="$1" -v n="$2" -v a="$(stat -c %s "$tmp/x.sql")" -v g="$(stat -c %s "$tmp/x.sql.gz")" \
    'BEGIN { printf "sql seed %-23s %6.1f bytes/row, gzip %5.1f bytes/row\n", l, a / n, g / n }'
done
daily="sizes_daily_$$"
./fleetgen load --quiet --no-refresh --url "$url" --schema "$daily"
psql "$(echo "$url" | sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+)\?user=(.*)$#postgresql://\3@\1/\2#')" -Atc "
  SELECT format('postgres daily default %s rows: rollups (metric_day) %s bytes/row',
         count(*), round(pg_total_relation_size('$daily.metric_day')::numeric / count(*), 1))
  FROM $daily.server_metrics;
  DROP SCHEMA $daily CASCADE;" 2>/dev/null | grep -v '^DROP'
schema="sizes_$$"
./fleetgen load --quiet --no-refresh --url "$url" --schema "$schema" --granularity hourly --servers 20
psql "$(echo "$url" | sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+)\?user=(.*)$#postgresql://\3@\1/\2#')" -Atc "
  SELECT format('postgres server_metrics %s rows: table %s bytes/row, primary key %s bytes/row; rollups (metric_day) %s bytes/row',
         count(*), round((SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree('$schema.server_metrics') WHERE isleaf) / count(*), 1),
         round((SELECT sum(pg_indexes_size(relid)) FROM pg_partition_tree('$schema.server_metrics') WHERE isleaf) / count(*), 1),
         round(pg_total_relation_size('$schema.metric_day')::numeric / count(*), 1))
  FROM $schema.server_metrics;
  DROP SCHEMA $schema CASCADE;" 2>/dev/null | grep -v '^DROP'
