-- Per-archetype aggregates for SQL and BI tools. Each scans the whole fact table, so each is a
-- materialized view: created empty here, filled at the end of every load and by `fleetgen refresh`.

DROP MATERIALIZED VIEW IF EXISTS archetype_summary CASCADE;
-- One plain aggregate per archetype over its own servers (found through the primary key): no GROUP BY,
-- so PostgreSQL never sorts the whole table, and each percentile array is one in-memory sort of doubles.
-- (An unpivot with GROUP BY took 33 s on the hourly default; this takes about 6.)
CREATE MATERIALIZED VIEW archetype_summary AS
SELECT t.server_type,
       v.metric,
       t.servers,
       x.rows,
       v.mean,
       v.stddev,
       v.p[1] AS p05,
       v.p[2] AS p50,
       v.p[3] AS p95,
       v.min,
       v.max,
       v.lo   AS share_at_lower_bound,
       v.hi   AS share_at_upper_bound
FROM (SELECT server_type, count(*) AS servers, array_agg(server_key) AS keys FROM server GROUP BY server_type) t
CROSS JOIN LATERAL (
        SELECT count(*) AS rows,
               avg(m.cpu_p95) AS cpu_p95_mean, stddev_samp(m.cpu_p95) AS cpu_p95_sd,
               percentile_cont(ARRAY[0.05, 0.5, 0.95]) WITHIN GROUP (ORDER BY m.cpu_p95) AS cpu_p95_p,
               min(m.cpu_p95) AS cpu_p95_min, max(m.cpu_p95) AS cpu_p95_max,
               avg(CASE WHEN m.cpu_p95 <= 0 THEN 1.0 ELSE 0.0 END) AS cpu_p95_lo,
               avg(CASE WHEN m.cpu_p95 >= 100 THEN 1.0 ELSE 0.0 END) AS cpu_p95_hi,
               avg(m.mem_p95) AS mem_p95_mean, stddev_samp(m.mem_p95) AS mem_p95_sd,
               percentile_cont(ARRAY[0.05, 0.5, 0.95]) WITHIN GROUP (ORDER BY m.mem_p95) AS mem_p95_p,
               min(m.mem_p95) AS mem_p95_min, max(m.mem_p95) AS mem_p95_max,
               avg(CASE WHEN m.mem_p95 <= 0 THEN 1.0 ELSE 0.0 END) AS mem_p95_lo,
               avg(CASE WHEN m.mem_p95 >= 100 THEN 1.0 ELSE 0.0 END) AS mem_p95_hi,
               avg(m.disk_p95) AS disk_p95_mean, stddev_samp(m.disk_p95) AS disk_p95_sd,
               percentile_cont(ARRAY[0.05, 0.5, 0.95]) WITHIN GROUP (ORDER BY m.disk_p95) AS disk_p95_p,
               min(m.disk_p95) AS disk_p95_min, max(m.disk_p95) AS disk_p95_max,
               avg(CASE WHEN m.disk_p95 <= 0 THEN 1.0 ELSE 0.0 END) AS disk_p95_lo,
               avg(CASE WHEN m.disk_p95 >= 100 THEN 1.0 ELSE 0.0 END) AS disk_p95_hi,
               avg(m.net_in_p95) AS net_in_p95_mean, stddev_samp(m.net_in_p95) AS net_in_p95_sd,
               percentile_cont(ARRAY[0.05, 0.5, 0.95]) WITHIN GROUP (ORDER BY m.net_in_p95) AS net_in_p95_p,
               min(m.net_in_p95) AS net_in_p95_min, max(m.net_in_p95) AS net_in_p95_max,
               avg(CASE WHEN m.net_in_p95 <= 0 THEN 1.0 ELSE 0.0 END) AS net_in_p95_lo,
               avg(CASE WHEN m.net_in_p95 >= 1000 THEN 1.0 ELSE 0.0 END) AS net_in_p95_hi,
               avg(m.net_out_p95) AS net_out_p95_mean, stddev_samp(m.net_out_p95) AS net_out_p95_sd,
               percentile_cont(ARRAY[0.05, 0.5, 0.95]) WITHIN GROUP (ORDER BY m.net_out_p95) AS net_out_p95_p,
               min(m.net_out_p95) AS net_out_p95_min, max(m.net_out_p95) AS net_out_p95_max,
               avg(CASE WHEN m.net_out_p95 <= 0 THEN 1.0 ELSE 0.0 END) AS net_out_p95_lo,
               avg(CASE WHEN m.net_out_p95 >= 600 THEN 1.0 ELSE 0.0 END) AS net_out_p95_hi
        FROM server_metrics m
        WHERE m.server_key = ANY (t.keys)) x
CROSS JOIN LATERAL (VALUES
                           ('cpu_p95', x.cpu_p95_mean, x.cpu_p95_sd, x.cpu_p95_p, x.cpu_p95_min, x.cpu_p95_max, x.cpu_p95_lo, x.cpu_p95_hi),
                           ('mem_p95', x.mem_p95_mean, x.mem_p95_sd, x.mem_p95_p, x.mem_p95_min, x.mem_p95_max, x.mem_p95_lo, x.mem_p95_hi),
                           ('disk_p95', x.disk_p95_mean, x.disk_p95_sd, x.disk_p95_p, x.disk_p95_min, x.disk_p95_max, x.disk_p95_lo, x.disk_p95_hi),
                           ('net_in_p95', x.net_in_p95_mean, x.net_in_p95_sd, x.net_in_p95_p, x.net_in_p95_min, x.net_in_p95_max, x.net_in_p95_lo, x.net_in_p95_hi),
                           ('net_out_p95', x.net_out_p95_mean, x.net_out_p95_sd, x.net_out_p95_p, x.net_out_p95_min, x.net_out_p95_max, x.net_out_p95_lo, x.net_out_p95_hi)) AS v (metric, mean, stddev, p, min, max, lo, hi)
WITH NO DATA;
COMMENT ON MATERIALIZED VIEW archetype_summary IS 'Distribution of each metric per archetype over the whole dataset.';
COMMENT ON COLUMN archetype_summary.server_type IS 'Archetype: web, application, database or batch.';
COMMENT ON COLUMN archetype_summary.metric IS 'cpu_p95, mem_p95, disk_p95, net_in_p95 or net_out_p95.';
COMMENT ON COLUMN archetype_summary.servers IS 'Servers of this archetype.';
COMMENT ON COLUMN archetype_summary.rows IS 'Rows (server x timestamp) of this archetype.';
COMMENT ON COLUMN archetype_summary.mean IS 'Mean of the metric.';
COMMENT ON COLUMN archetype_summary.stddev IS 'Sample standard deviation of the metric.';
COMMENT ON COLUMN archetype_summary.p05 IS '5th percentile (continuous, interpolated).';
COMMENT ON COLUMN archetype_summary.p50 IS 'Median (continuous, interpolated).';
COMMENT ON COLUMN archetype_summary.p95 IS '95th percentile (continuous, interpolated).';
COMMENT ON COLUMN archetype_summary.min IS 'Smallest value.';
COMMENT ON COLUMN archetype_summary.max IS 'Largest value.';
COMMENT ON COLUMN archetype_summary.share_at_lower_bound IS 'Share of rows clipped to the lower bound (0).';
COMMENT ON COLUMN archetype_summary.share_at_upper_bound IS 'Share of rows clipped to the upper bound (100 %, 1000 Mbps in, 600 Mbps out).';

DROP MATERIALIZED VIEW IF EXISTS archetype_correlation CASCADE;
CREATE MATERIALIZED VIEW archetype_correlation AS
WITH c AS (
    SELECT s.server_type,
           count(*)                           AS rows,
           corr(m.cpu_p95, m.mem_p95)         AS cpu_mem,
           corr(m.cpu_p95, m.disk_p95)        AS cpu_disk,
           corr(m.cpu_p95, m.net_in_p95)      AS cpu_net,
           corr(m.mem_p95, m.disk_p95)        AS mem_disk,
           corr(m.mem_p95, m.net_in_p95)      AS mem_net,
           corr(m.disk_p95, m.net_in_p95)     AS disk_net
    FROM server_metrics m
    JOIN server s ON s.server_key = m.server_key
    GROUP BY s.server_type
)
SELECT c.server_type, v.metric_a, v.metric_b, c.rows, v.observed, v.target, v.observed - v.target AS difference
FROM c
JOIN archetype a ON a.server_type = c.server_type
CROSS JOIN LATERAL (VALUES ('cpu_p95', 'mem_p95', c.cpu_mem, a.cpu_mem_correlation),
                           ('cpu_p95', 'disk_p95', c.cpu_disk, a.cpu_disk_correlation),
                           ('cpu_p95', 'net_in_p95', c.cpu_net, a.cpu_net_correlation),
                           ('mem_p95', 'disk_p95', c.mem_disk, a.mem_disk_correlation),
                           ('mem_p95', 'net_in_p95', c.mem_net, a.mem_net_correlation),
                           ('disk_p95', 'net_in_p95', c.disk_net, a.disk_net_correlation)) AS v (metric_a, metric_b, observed, target)
WITH NO DATA;
COMMENT ON MATERIALIZED VIEW archetype_correlation IS 'Observed Pearson correlation of each metric pair per archetype, next to the model''s target.';
COMMENT ON COLUMN archetype_correlation.server_type IS 'Archetype.';
COMMENT ON COLUMN archetype_correlation.metric_a IS 'First metric of the pair.';
COMMENT ON COLUMN archetype_correlation.metric_b IS 'Second metric of the pair.';
COMMENT ON COLUMN archetype_correlation.rows IS 'Rows the correlation is computed over.';
COMMENT ON COLUMN archetype_correlation.observed IS 'Pearson correlation over all rows of the archetype (corr()).';
COMMENT ON COLUMN archetype_correlation.target IS 'The profile''s correlation of the underlying normals (reference model section 7).';
COMMENT ON COLUMN archetype_correlation.difference IS 'observed - target: the shared calendar factor raises cpu/mem/net pairs and lowers pairs with disk, which it does not touch.';

DROP MATERIALIZED VIEW IF EXISTS archetype_calendar_effects CASCADE;
CREATE MATERIALIZED VIEW archetype_calendar_effects AS
WITH d AS (
    SELECT s.server_type, m.cpu_p95, m.mem_p95, m.net_in_p95,
           c.is_weekend, c.in_quarter_end_window, c.is_generator_holiday, c.is_holiday
    FROM server_metrics m
    JOIN server s   ON s.server_key = m.server_key
    JOIN calendar c ON c.day = (m.ts AT TIME ZONE 'UTC')::date
), g AS (
    SELECT d.server_type, e.effect,
           count(*) FILTER (WHERE e.inside)              AS rows_in,
           count(*) FILTER (WHERE NOT e.inside)          AS rows_out,
           avg(d.cpu_p95) FILTER (WHERE e.inside)        AS cpu_in,
           avg(d.cpu_p95) FILTER (WHERE NOT e.inside)    AS cpu_out,
           avg(d.mem_p95) FILTER (WHERE e.inside)        AS mem_in,
           avg(d.mem_p95) FILTER (WHERE NOT e.inside)    AS mem_out,
           avg(d.net_in_p95) FILTER (WHERE e.inside)     AS net_in_in,
           avg(d.net_in_p95) FILTER (WHERE NOT e.inside) AS net_in_out
    FROM d
    CROSS JOIN LATERAL (VALUES ('weekend', d.is_weekend), ('quarter_end', d.in_quarter_end_window),
                               ('generator_holiday', d.is_generator_holiday), ('federal_holiday', d.is_holiday)) AS e (effect, inside)
    GROUP BY d.server_type, e.effect
)
SELECT server_type, effect, rows_in, rows_out,
       cpu_in, cpu_out, cpu_in / NULLIF(cpu_out, 0)          AS cpu_ratio,
       mem_in, mem_out, mem_in / NULLIF(mem_out, 0)          AS mem_ratio,
       net_in_in, net_in_out, net_in_in / NULLIF(net_in_out, 0) AS net_in_ratio
FROM g
WITH NO DATA;
COMMENT ON MATERIALIZED VIEW archetype_calendar_effects IS 'Mean cpu, mem and net_in per archetype inside and outside calendar periods, and their ratio.';
COMMENT ON COLUMN archetype_calendar_effects.server_type IS 'Archetype.';
COMMENT ON COLUMN archetype_calendar_effects.effect IS 'weekend (Sat-Sun vs weekdays); quarter_end (last five days of a quarter vs other days); generator_holiday (the model''s own 17 holiday days vs other days); federal_holiday (US federal holidays and observed days, whole days, vs other days).';
COMMENT ON COLUMN archetype_calendar_effects.rows_in IS 'Rows inside the period.';
COMMENT ON COLUMN archetype_calendar_effects.rows_out IS 'Rows outside it.';
COMMENT ON COLUMN archetype_calendar_effects.cpu_in IS 'Mean cpu_p95 inside.';
COMMENT ON COLUMN archetype_calendar_effects.cpu_out IS 'Mean cpu_p95 outside.';
COMMENT ON COLUMN archetype_calendar_effects.cpu_ratio IS 'cpu_in / cpu_out.';
COMMENT ON COLUMN archetype_calendar_effects.mem_in IS 'Mean mem_p95 inside.';
COMMENT ON COLUMN archetype_calendar_effects.mem_out IS 'Mean mem_p95 outside.';
COMMENT ON COLUMN archetype_calendar_effects.mem_ratio IS 'mem_in / mem_out.';
COMMENT ON COLUMN archetype_calendar_effects.net_in_in IS 'Mean net_in_p95 inside.';
COMMENT ON COLUMN archetype_calendar_effects.net_in_out IS 'Mean net_in_p95 outside.';
COMMENT ON COLUMN archetype_calendar_effects.net_in_ratio IS 'net_in_in / net_in_out.';
