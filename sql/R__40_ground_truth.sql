-- Ground truth per server (V4): the expected values of the model behind the rows, for scoring a forecast or an
-- anomaly detector with SQL. Empty for a reference dataset, whose model has none.
CREATE OR REPLACE VIEW metric_expected AS
SELECT s.server_key,
       s.server_id,
       e.ts,
       e.cpu_p95,
       e.mem_p95,
       e.disk_p95,
       e.net_in_p95,
       e.net_out_p95
FROM server s
JOIN expected_level e ON e.server_type = s.server_type AND e.region = s.region AND NOT e.in_horizon;

COMMENT ON VIEW metric_expected IS 'Per server and stamp of server_metrics (join on server_key, ts): the noise-free expected value of each metric (no noise, no event, no clipping). Realistic model only.';
COMMENT ON COLUMN metric_expected.ts IS 'The stamp, as server_metrics.ts.';
COMMENT ON COLUMN metric_expected.cpu_p95 IS 'Expected cpu_p95: level x compounding growth x local-time factor (daily data: the 95th percentile of the day''s 24 expected hours).';
COMMENT ON COLUMN metric_expected.disk_p95 IS 'Expected disk_p95: level x compounding growth (disk follows no clock).';
COMMENT ON COLUMN metric_expected.net_out_p95 IS 'Expected net_out_p95: expected net_in_p95 x the archetype''s out share.';

CREATE OR REPLACE VIEW forecast_oracle AS
SELECT s.server_key,
       s.server_id,
       e.ts,
       e.cpu_p95,
       e.mem_p95,
       e.disk_p95,
       e.net_in_p95,
       e.net_out_p95
FROM server s
JOIN expected_level e ON e.server_type = s.server_type AND e.region = s.region AND e.in_horizon;

COMMENT ON VIEW forecast_oracle IS 'Per server, the expected values at the stamps of the forecast horizon (--horizon-days) past the last observed stamp: what a perfect forecast of the noise-free process would say. Realistic model only.';
COMMENT ON COLUMN forecast_oracle.ts IS 'A stamp after the dataset''s last one, up to end + horizon days.';

CREATE OR REPLACE VIEW server_events AS
SELECT s.server_key,
       s.server_id,
       e.start_ts,
       e.end_ts,
       extract(epoch FROM e.end_ts - e.start_ts)::integer / 3600 AS hours,
       e.kind,
       e.magnitude,
       e.metrics
FROM metric_event e
JOIN server s ON s.server_key = e.server_key;

COMMENT ON VIEW server_events IS 'The events behind the rows (metric_event, with server ids), for scoring an anomaly detector: rows with start_ts <= ts < end_ts of the server are scaled. Realistic model only.';
COMMENT ON COLUMN server_events.start_ts IS 'First hour the event runs.';
COMMENT ON COLUMN server_events.end_ts IS 'The hour after its last (exclusive).';
COMMENT ON COLUMN server_events.magnitude IS 'The factor on the metrics named in metrics while it runs (then clipped at their bounds).';
