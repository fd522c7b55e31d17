-- Rollups: what the analytics views are computed from, so that no view scans server_metrics.
--
-- metric_day holds every value of a server's day (hourly data) or month (daily data) in a compact form,
-- written by the sink in the same transaction as the rows and the chunk's ledger row; a chunk boundary
-- inside a day or month splits its row in two. The agg_* tables hold the views' answers; fleetgen computes them
-- from metric_day at the end of each load and on `fleetgen refresh`, for the days and servers the new
-- chunks touched. The views of sql/ read the agg_* tables only.

CREATE TABLE metric_day (
    server_key integer NOT NULL,
    day        date    NOT NULL,  -- the row's first day
    chunk_no   integer NOT NULL,  -- the chunk the day's rows came in with
    stamps     integer NOT NULL,  -- rows of the server that day
    encoded    bytea   NOT NULL,  -- the day's hours and values of the five metrics (DayValues in the code)
    -- Day first: the answers are computed in day order, which this index gives without a sort.
    CONSTRAINT metric_day_pk PRIMARY KEY (day, server_key, chunk_no)
);

-- What the agg_* tables were last computed from: the number of metric_day rows and of their stamps.
CREATE TABLE rollup_state (
    id          integer NOT NULL,
    days        bigint  NOT NULL,
    stamps      bigint  NOT NULL,
    CONSTRAINT rollup_state_pk PRIMARY KEY (id),
    CONSTRAINT rollup_state_single_row CHECK (id = 1)
);

CREATE TABLE agg_summary (
    server_type          text             NOT NULL,
    metric               text             NOT NULL,
    servers              bigint,
    rows                 bigint,
    mean                 double precision,
    stddev               double precision,
    p05                  double precision,
    p50                  double precision,
    p95                  double precision,
    min                  double precision,
    max                  double precision,
    share_at_lower_bound double precision,
    share_at_upper_bound double precision
);

CREATE TABLE agg_correlation (
    server_type text             NOT NULL,
    metric_a    text             NOT NULL,
    metric_b    text             NOT NULL,
    rows        bigint,
    observed    double precision,
    target      double precision,
    difference  double precision
);

CREATE TABLE agg_calendar_effects (
    server_type  text             NOT NULL,
    effect       text             NOT NULL,
    rows_in      bigint,
    rows_out     bigint,
    cpu_in       double precision,
    cpu_out      double precision,
    cpu_ratio    double precision,
    mem_in       double precision,
    mem_out      double precision,
    mem_ratio    double precision,
    net_in_in    double precision,
    net_in_out   double precision,
    net_in_ratio double precision
);

CREATE TABLE agg_daily (
    day         date             NOT NULL,
    server_type text             NOT NULL,
    servers     bigint,
    rows        bigint,
    avg_cpu     double precision,
    p95_cpu     double precision,
    max_cpu     double precision,
    avg_mem     double precision,
    p95_mem     double precision,
    max_mem     double precision,
    avg_disk    double precision,
    p95_disk    double precision,
    max_disk    double precision,
    avg_net_in  double precision,
    p95_net_in  double precision,
    max_net_in  double precision,
    avg_net_out double precision,
    p95_net_out double precision,
    max_net_out double precision
);

CREATE TABLE agg_monthly (
    month       date             NOT NULL,
    server_type text             NOT NULL,
    servers     bigint,
    rows        bigint,
    avg_cpu     double precision,
    p95_cpu     double precision,
    max_cpu     double precision,
    avg_mem     double precision,
    p95_mem     double precision,
    max_mem     double precision,
    avg_disk    double precision,
    p95_disk    double precision,
    max_disk    double precision,
    avg_net_in  double precision,
    p95_net_in  double precision,
    max_net_in  double precision,
    avg_net_out double precision,
    p95_net_out double precision,
    max_net_out double precision
);

CREATE TABLE agg_hourly_profile (
    server_type text             NOT NULL,
    hour        integer          NOT NULL,
    day_kind    text             NOT NULL,
    rows        bigint,
    avg_cpu     double precision,
    avg_mem     double precision,
    avg_disk    double precision,
    avg_net_in  double precision,
    avg_net_out double precision
);

-- Per server over the risk window: the thresholds are applied by the view, so new thresholds need no
-- recomputation; a new window length does (fleetgen refresh).
CREATE TABLE agg_server_window (
    server_key   integer          NOT NULL,
    window_days  integer          NOT NULL,
    window_start date             NOT NULL,
    window_end   date             NOT NULL,
    rows         bigint,
    cpu_p95      double precision,
    mem_p95      double precision,
    disk_p95     double precision,
    avg_cpu      double precision,
    CONSTRAINT agg_server_window_pk PRIMARY KEY (server_key)
);
