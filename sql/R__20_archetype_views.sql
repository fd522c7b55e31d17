-- Per-archetype aggregates for SQL and BI tools. Each view reads a table of answers (agg_*, db/migration
-- V2) that fleetgen computes from the per-day rollups (metric_day) when chunks arrive, so reading a view
-- never scans server_metrics.

-- Until rollups, these were materialized views; an upgraded schema still has them.
DO $$
DECLARE v text;
BEGIN
    FOR v IN SELECT matviewname FROM pg_matviews WHERE schemaname = current_schema()
             AND matviewname IN ('archetype_summary', 'archetype_correlation', 'archetype_calendar_effects',
                                 'archetype_daily', 'archetype_monthly', 'archetype_hourly_profile', 'server_capacity_risk')
    LOOP
        EXECUTE format('DROP MATERIALIZED VIEW %I CASCADE', v);
    END LOOP;
END $$;

CREATE OR REPLACE VIEW archetype_summary AS
SELECT server_type, metric, servers, rows, mean, stddev, p05, p50, p95, min, max,
       share_at_lower_bound::numeric AS share_at_lower_bound, share_at_upper_bound::numeric AS share_at_upper_bound
FROM agg_summary;
COMMENT ON VIEW archetype_summary IS 'Distribution of each metric per archetype over the whole dataset.';
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

CREATE OR REPLACE VIEW archetype_correlation AS
SELECT server_type, metric_a, metric_b, rows, observed, target, difference
FROM agg_correlation;
COMMENT ON VIEW archetype_correlation IS 'Observed Pearson correlation of each metric pair per archetype, next to the model''s target.';
COMMENT ON COLUMN archetype_correlation.server_type IS 'Archetype.';
COMMENT ON COLUMN archetype_correlation.metric_a IS 'First metric of the pair.';
COMMENT ON COLUMN archetype_correlation.metric_b IS 'Second metric of the pair.';
COMMENT ON COLUMN archetype_correlation.rows IS 'Rows the correlation is computed over.';
COMMENT ON COLUMN archetype_correlation.observed IS 'Pearson correlation over all rows of the archetype (corr()).';
COMMENT ON COLUMN archetype_correlation.target IS 'The profile''s correlation of the underlying normals (reference model section 7).';
COMMENT ON COLUMN archetype_correlation.difference IS 'observed - target: the shared calendar factor raises cpu/mem/net pairs and lowers pairs with disk, which it does not touch.';

CREATE OR REPLACE VIEW archetype_calendar_effects AS
SELECT server_type, effect, rows_in, rows_out, cpu_in, cpu_out, cpu_ratio, mem_in, mem_out, mem_ratio, net_in_in, net_in_out, net_in_ratio
FROM agg_calendar_effects;
COMMENT ON VIEW archetype_calendar_effects IS 'Mean cpu, mem and net_in per archetype inside and outside calendar periods, and their ratio.';
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
