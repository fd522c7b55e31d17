-- The analytics views' answers computed from server_metrics by full scans, for a seed script (fleetgen
-- export --format sql), which has no fleetgen process to compute them from the rollups. These were the
-- views' definitions before rollups; they remain the test oracle of fleetgen's computation (ViewOracle).

INSERT INTO agg_summary
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
                           ('net_out_p95', x.net_out_p95_mean, x.net_out_p95_sd, x.net_out_p95_p, x.net_out_p95_min, x.net_out_p95_max, x.net_out_p95_lo, x.net_out_p95_hi)) AS v (metric, mean, stddev, p, min, max, lo, hi);

INSERT INTO agg_correlation
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
                           ('disk_p95', 'net_in_p95', c.disk_net, a.disk_net_correlation)) AS v (metric_a, metric_b, observed, target);

INSERT INTO agg_calendar_effects
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
FROM g;

INSERT INTO agg_daily
SELECT (m.ts AT TIME ZONE 'UTC')::date AS day,
       s.server_type,
       count(DISTINCT m.server_key) AS servers,
       count(*) AS rows,
       avg(m.cpu_p95) AS avg_cpu,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.cpu_p95) AS p95_cpu,
       max(m.cpu_p95) AS max_cpu,
       avg(m.mem_p95) AS avg_mem,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.mem_p95) AS p95_mem,
       max(m.mem_p95) AS max_mem,
       avg(m.disk_p95) AS avg_disk,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.disk_p95) AS p95_disk,
       max(m.disk_p95) AS max_disk,
       avg(m.net_in_p95) AS avg_net_in,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.net_in_p95) AS p95_net_in,
       max(m.net_in_p95) AS max_net_in,
       avg(m.net_out_p95) AS avg_net_out,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.net_out_p95) AS p95_net_out,
       max(m.net_out_p95) AS max_net_out
FROM server_metrics m
JOIN server s ON s.server_key = m.server_key
GROUP BY 1, 2;

INSERT INTO agg_monthly
SELECT date_trunc('month', m.ts AT TIME ZONE 'UTC')::date AS month,
       s.server_type,
       count(DISTINCT m.server_key) AS servers,
       count(*) AS rows,
       avg(m.cpu_p95) AS avg_cpu,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.cpu_p95) AS p95_cpu,
       max(m.cpu_p95) AS max_cpu,
       avg(m.mem_p95) AS avg_mem,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.mem_p95) AS p95_mem,
       max(m.mem_p95) AS max_mem,
       avg(m.disk_p95) AS avg_disk,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.disk_p95) AS p95_disk,
       max(m.disk_p95) AS max_disk,
       avg(m.net_in_p95) AS avg_net_in,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.net_in_p95) AS p95_net_in,
       max(m.net_in_p95) AS max_net_in,
       avg(m.net_out_p95) AS avg_net_out,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.net_out_p95) AS p95_net_out,
       max(m.net_out_p95) AS max_net_out
FROM server_metrics m
JOIN server s ON s.server_key = m.server_key
GROUP BY 1, 2;

INSERT INTO agg_hourly_profile
SELECT s.server_type,
       extract(hour FROM m.ts AT TIME ZONE 'UTC')::int AS hour,
       CASE WHEN extract(isodow FROM m.ts AT TIME ZONE 'UTC') >= 6 THEN 'weekend' ELSE 'weekday' END AS day_kind,
       count(*) AS rows,
       avg(m.cpu_p95) AS avg_cpu,
       avg(m.mem_p95) AS avg_mem,
       avg(m.disk_p95) AS avg_disk,
       avg(m.net_in_p95) AS avg_net_in,
       avg(m.net_out_p95) AS avg_net_out
FROM server_metrics m
JOIN server s ON s.server_key = m.server_key
GROUP BY 1, 2, 3;

INSERT INTO agg_server_window
WITH settings AS (
    SELECT r.window_days, d.end_date - (r.window_days - 1) AS window_start, d.end_date AS window_end
    FROM risk_settings r CROSS JOIN dataset d
)
SELECT m.server_key, st.window_days, st.window_start, st.window_end,
       count(*) AS rows,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.cpu_p95)  AS cpu_p95,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.mem_p95)  AS mem_p95,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY m.disk_p95) AS disk_p95,
       avg(m.cpu_p95) AS avg_cpu
FROM server_metrics m CROSS JOIN settings st
WHERE m.ts >= (st.window_start::timestamp AT TIME ZONE 'UTC')
GROUP BY m.server_key, st.window_days, st.window_start, st.window_end;
