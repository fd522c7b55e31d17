-- Time-series and risk aggregates (see R__20_archetype_views.sql).

CREATE OR REPLACE VIEW archetype_daily AS
SELECT day, server_type, servers, rows, avg_cpu, p95_cpu, max_cpu, avg_mem, p95_mem, max_mem, avg_disk, p95_disk, max_disk, avg_net_in, p95_net_in, max_net_in, avg_net_out, p95_net_out, max_net_out
FROM agg_daily;
COMMENT ON VIEW archetype_daily IS 'Per day and archetype: servers and avg / p95 / max of each metric, for time-series charts.';
COMMENT ON COLUMN archetype_daily.day IS 'The day (from the naive timestamp).';
COMMENT ON COLUMN archetype_daily.server_type IS 'Archetype.';
COMMENT ON COLUMN archetype_daily.servers IS 'Servers with rows in the day.';
COMMENT ON COLUMN archetype_daily.rows IS 'Rows in the day.';
COMMENT ON COLUMN archetype_daily.avg_cpu IS 'Mean CPU p95 (%) over the day and archetype.';
COMMENT ON COLUMN archetype_daily.p95_cpu IS '95th percentile (continuous) of CPU p95 (%).';
COMMENT ON COLUMN archetype_daily.max_cpu IS 'Largest CPU p95 (%).';
COMMENT ON COLUMN archetype_daily.avg_mem IS 'Mean memory p95 (%) over the day and archetype.';
COMMENT ON COLUMN archetype_daily.p95_mem IS '95th percentile (continuous) of memory p95 (%).';
COMMENT ON COLUMN archetype_daily.max_mem IS 'Largest memory p95 (%).';
COMMENT ON COLUMN archetype_daily.avg_disk IS 'Mean disk p95 (%) over the day and archetype.';
COMMENT ON COLUMN archetype_daily.p95_disk IS '95th percentile (continuous) of disk p95 (%).';
COMMENT ON COLUMN archetype_daily.max_disk IS 'Largest disk p95 (%).';
COMMENT ON COLUMN archetype_daily.avg_net_in IS 'Mean network in p95 (Mbps) over the day and archetype.';
COMMENT ON COLUMN archetype_daily.p95_net_in IS '95th percentile (continuous) of network in p95 (Mbps).';
COMMENT ON COLUMN archetype_daily.max_net_in IS 'Largest network in p95 (Mbps).';
COMMENT ON COLUMN archetype_daily.avg_net_out IS 'Mean network out p95 (Mbps) over the day and archetype.';
COMMENT ON COLUMN archetype_daily.p95_net_out IS '95th percentile (continuous) of network out p95 (Mbps).';
COMMENT ON COLUMN archetype_daily.max_net_out IS 'Largest network out p95 (Mbps).';

CREATE OR REPLACE VIEW archetype_monthly AS
SELECT month, server_type, servers, rows, avg_cpu, p95_cpu, max_cpu, avg_mem, p95_mem, max_mem, avg_disk, p95_disk, max_disk, avg_net_in, p95_net_in, max_net_in, avg_net_out, p95_net_out, max_net_out
FROM agg_monthly;
COMMENT ON VIEW archetype_monthly IS 'Per month and archetype: servers and avg / p95 / max of each metric, for time-series charts.';
COMMENT ON COLUMN archetype_monthly.month IS 'The month (from the naive timestamp).';
COMMENT ON COLUMN archetype_monthly.server_type IS 'Archetype.';
COMMENT ON COLUMN archetype_monthly.servers IS 'Servers with rows in the month.';
COMMENT ON COLUMN archetype_monthly.rows IS 'Rows in the month.';
COMMENT ON COLUMN archetype_monthly.avg_cpu IS 'Mean CPU p95 (%) over the month and archetype.';
COMMENT ON COLUMN archetype_monthly.p95_cpu IS '95th percentile (continuous) of CPU p95 (%).';
COMMENT ON COLUMN archetype_monthly.max_cpu IS 'Largest CPU p95 (%).';
COMMENT ON COLUMN archetype_monthly.avg_mem IS 'Mean memory p95 (%) over the month and archetype.';
COMMENT ON COLUMN archetype_monthly.p95_mem IS '95th percentile (continuous) of memory p95 (%).';
COMMENT ON COLUMN archetype_monthly.max_mem IS 'Largest memory p95 (%).';
COMMENT ON COLUMN archetype_monthly.avg_disk IS 'Mean disk p95 (%) over the month and archetype.';
COMMENT ON COLUMN archetype_monthly.p95_disk IS '95th percentile (continuous) of disk p95 (%).';
COMMENT ON COLUMN archetype_monthly.max_disk IS 'Largest disk p95 (%).';
COMMENT ON COLUMN archetype_monthly.avg_net_in IS 'Mean network in p95 (Mbps) over the month and archetype.';
COMMENT ON COLUMN archetype_monthly.p95_net_in IS '95th percentile (continuous) of network in p95 (Mbps).';
COMMENT ON COLUMN archetype_monthly.max_net_in IS 'Largest network in p95 (Mbps).';
COMMENT ON COLUMN archetype_monthly.avg_net_out IS 'Mean network out p95 (Mbps) over the month and archetype.';
COMMENT ON COLUMN archetype_monthly.p95_net_out IS '95th percentile (continuous) of network out p95 (Mbps).';
COMMENT ON COLUMN archetype_monthly.max_net_out IS 'Largest network out p95 (Mbps).';

CREATE OR REPLACE VIEW archetype_hourly_profile AS
SELECT server_type, hour, day_kind, rows, avg_cpu, avg_mem, avg_disk, avg_net_in, avg_net_out
FROM agg_hourly_profile;
COMMENT ON VIEW archetype_hourly_profile IS 'Mean of each metric per archetype, hour of day and weekday/weekend; meaningful for hourly datasets (daily ones have only hour 0).';
COMMENT ON COLUMN archetype_hourly_profile.server_type IS 'Archetype.';
COMMENT ON COLUMN archetype_hourly_profile.hour IS 'Hour of day, 0-23.';
COMMENT ON COLUMN archetype_hourly_profile.day_kind IS 'weekday (Mon-Fri) or weekend (Sat-Sun).';
COMMENT ON COLUMN archetype_hourly_profile.rows IS 'Rows in the group.';
COMMENT ON COLUMN archetype_hourly_profile.avg_cpu IS 'Mean CPU p95 (%).';
COMMENT ON COLUMN archetype_hourly_profile.avg_mem IS 'Mean memory p95 (%).';
COMMENT ON COLUMN archetype_hourly_profile.avg_disk IS 'Mean disk p95 (%).';
COMMENT ON COLUMN archetype_hourly_profile.avg_net_in IS 'Mean network in p95 (Mbps).';
COMMENT ON COLUMN archetype_hourly_profile.avg_net_out IS 'Mean network out p95 (Mbps).';

CREATE OR REPLACE VIEW server_capacity_risk AS
SELECT s.server_id, s.server_type, s.app_name, s.business_unit, s.criticality, s.region,
       w.window_start, w.window_end, w.rows,
       w.cpu_p95, w.mem_p95, w.disk_p95, w.avg_cpu,
       greatest(w.cpu_p95, w.mem_p95, w.disk_p95) AS max_p95,
       CASE WHEN greatest(w.cpu_p95, w.mem_p95, w.disk_p95) >= r.very_high_risk_threshold THEN 'very_high'
            WHEN greatest(w.cpu_p95, w.mem_p95, w.disk_p95) >= r.high_risk_threshold THEN 'high'
            ELSE 'normal' END AS risk_level,
       w.avg_cpu < r.underutilized_threshold AS underutilized
FROM agg_server_window w
JOIN server s ON s.server_key = w.server_key
CROSS JOIN risk_settings r
-- A window computed for another length is stale until the next refresh: show nothing rather than it.
WHERE w.window_days = r.window_days;
COMMENT ON VIEW server_capacity_risk IS 'Per server over the last window_days of the dataset: p95 of cpu, mem and disk against the risk thresholds of risk_settings.';
COMMENT ON COLUMN server_capacity_risk.server_id IS 'Server id.';
COMMENT ON COLUMN server_capacity_risk.server_type IS 'Archetype.';
COMMENT ON COLUMN server_capacity_risk.app_name IS 'Application.';
COMMENT ON COLUMN server_capacity_risk.business_unit IS 'Business unit.';
COMMENT ON COLUMN server_capacity_risk.criticality IS 'High, Medium or Low.';
COMMENT ON COLUMN server_capacity_risk.region IS 'Region.';
COMMENT ON COLUMN server_capacity_risk.window_start IS 'First day of the window (end_date - window_days + 1).';
COMMENT ON COLUMN server_capacity_risk.window_end IS 'Last day of the window (the dataset''s end_date).';
COMMENT ON COLUMN server_capacity_risk.rows IS 'Rows of the server in the window.';
COMMENT ON COLUMN server_capacity_risk.cpu_p95 IS '95th percentile (continuous) of cpu_p95 in the window.';
COMMENT ON COLUMN server_capacity_risk.mem_p95 IS '95th percentile of mem_p95 in the window.';
COMMENT ON COLUMN server_capacity_risk.disk_p95 IS '95th percentile of disk_p95 in the window.';
COMMENT ON COLUMN server_capacity_risk.avg_cpu IS 'Mean cpu_p95 in the window.';
COMMENT ON COLUMN server_capacity_risk.max_p95 IS 'The largest of the three p95s.';
COMMENT ON COLUMN server_capacity_risk.risk_level IS 'very_high when max_p95 >= very_high_risk_threshold (default 90), high when >= high_risk_threshold (default 80), else normal.';
COMMENT ON COLUMN server_capacity_risk.underutilized IS 'True when avg_cpu < underutilized_threshold (default 40).';
