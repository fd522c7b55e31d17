-- The reference's 19 columns, with the reference's values: ordered by server_id and "timestamp",
-- its rows are the lines of `fleetgen export`. It reads server_metrics, the parent of the partitions (V3).
CREATE OR REPLACE VIEW server_metrics_wide AS
SELECT (m.ts AT TIME ZONE 'UTC')                         AS "timestamp",
       s.server_id,
       m.cpu_p95,
       m.mem_p95,
       m.disk_p95,
       m.net_in_p95,
       m.net_out_p95,
       s.app_name,
       s.business_unit,
       s.criticality,
       s.region,
       s.server_type,
       c.year,
       c.month,
       c.quarter,
       c.dayofweek,
       c.is_weekend::int                                 AS is_weekend,
       c.is_eoq::int                                     AS is_eoq,
       -- The reference matches holidays against midnight only, so in hourly data only the 00:00 row is flagged.
       (c.is_holiday AND (m.ts AT TIME ZONE 'UTC')::time = '00:00')::int AS is_holiday
FROM server_metrics m
JOIN server s   ON s.server_key = m.server_key
JOIN calendar c ON c.day = (m.ts AT TIME ZONE 'UTC')::date;

COMMENT ON VIEW server_metrics_wide IS 'The reference dataset''s 19 CSV columns: one row per server and timestamp.';
COMMENT ON COLUMN server_metrics_wide."timestamp" IS 'Naive timestamp of the reference (the stored UTC instant without zone).';
COMMENT ON COLUMN server_metrics_wide.server_id IS 'Server id, server_000 ...';
COMMENT ON COLUMN server_metrics_wide.cpu_p95 IS 'CPU utilisation p95, percent, 0-100, two decimals.';
COMMENT ON COLUMN server_metrics_wide.mem_p95 IS 'Memory utilisation p95, percent, 0-100, two decimals.';
COMMENT ON COLUMN server_metrics_wide.disk_p95 IS 'Disk utilisation p95, percent, 0-100, two decimals.';
COMMENT ON COLUMN server_metrics_wide.net_in_p95 IS 'Network in p95, Mbps, 0-1000, two decimals.';
COMMENT ON COLUMN server_metrics_wide.net_out_p95 IS 'Network out p95, Mbps, 0-600: 0.6 x the unclipped network value.';
COMMENT ON COLUMN server_metrics_wide.app_name IS 'Application, app_000 ...';
COMMENT ON COLUMN server_metrics_wide.business_unit IS 'Trading, Retail, Compliance or IT.';
COMMENT ON COLUMN server_metrics_wide.criticality IS 'High, Medium or Low.';
COMMENT ON COLUMN server_metrics_wide.region IS 'US-East, US-West, EU or Asia.';
COMMENT ON COLUMN server_metrics_wide.server_type IS 'Archetype: web, application, database or batch.';
COMMENT ON COLUMN server_metrics_wide.year IS 'Calendar year of the timestamp.';
COMMENT ON COLUMN server_metrics_wide.month IS 'Month, 1-12.';
COMMENT ON COLUMN server_metrics_wide.quarter IS 'Quarter, 1-4.';
COMMENT ON COLUMN server_metrics_wide.dayofweek IS 'Day of week, Monday = 0 ... Sunday = 6.';
COMMENT ON COLUMN server_metrics_wide.is_weekend IS '1 on Saturday and Sunday.';
COMMENT ON COLUMN server_metrics_wide.is_eoq IS '1 on the last day of a quarter (all hours).';
COMMENT ON COLUMN server_metrics_wide.is_holiday IS '1 at 00:00 of a US federal holiday or observed day (the reference flags midnight only).';
