-- Ground truth: what a model knows that its rows only sample, so that an anomaly detector or a forecast can be
-- scored against it. Written with the dataset's manifest (and again for the new days when a dataset is extended),
-- by models that have it (realistic); a reference dataset leaves both tables empty.

-- The events that shaped the rows: one per spike, with the hours it ran.
CREATE TABLE metric_event (
    server_key integer          NOT NULL,
    start_ts   timestamptz      NOT NULL,  -- first hour the event runs
    end_ts     timestamptz      NOT NULL,  -- the hour after its last (exclusive)
    kind       varchar(32)      NOT NULL,  -- spike
    magnitude  double precision NOT NULL,  -- the factor on the metrics named below while it runs
    metrics    text             NOT NULL,  -- the columns it scales, comma-separated
    CONSTRAINT metric_event_pk PRIMARY KEY (server_key, start_ts)
);

-- The noise-free expected value of every metric at every stamp of the dataset and of its forecast horizon: no
-- noise, no event, no clipping. A model's expected values depend on a server's archetype and region only, so
-- they are stored once per pair; the views metric_expected and forecast_oracle give them per server.
CREATE TABLE expected_level (
    server_type varchar(32)      NOT NULL,
    region      varchar(32)      NOT NULL,
    ts          timestamptz      NOT NULL,
    in_horizon  boolean          NOT NULL,  -- past the dataset's last stamp: no observed row
    cpu_p95     double precision NOT NULL,
    mem_p95     double precision NOT NULL,
    disk_p95    double precision NOT NULL,
    net_in_p95  double precision NOT NULL,
    net_out_p95 double precision NOT NULL,
    CONSTRAINT expected_level_pk PRIMARY KEY (server_type, region, ts)
);

-- Days of the forecast horizon (--horizon-days) are calendar rows too, marked here; no metric row falls on them.
ALTER TABLE calendar ADD COLUMN in_horizon boolean NOT NULL DEFAULT false;
