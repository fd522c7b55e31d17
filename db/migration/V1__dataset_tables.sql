-- fleetgen dataset schema. Flyway runs this in the schema named by --schema (default fleet) and sets
-- search_path to it, so names stay unqualified here. jOOQ generates its classes from this file.

-- One row per server of the plan.
CREATE TABLE server (
    server_key    integer          NOT NULL,  -- 0-based position in the fleet
    server_id     varchar(64)      NOT NULL,  -- server_000, server_001, ... (varchar: H2 behind jOOQ codegen cannot index text)
    server_type   text             NOT NULL,  -- archetype: web, application, database, batch
    app_name      text             NOT NULL,
    business_unit text             NOT NULL,
    criticality   text             NOT NULL,
    region        text             NOT NULL,
    rng_seed      bigint           NOT NULL,  -- MT19937 seed of the server's stream
    CONSTRAINT server_pk PRIMARY KEY (server_key),
    CONSTRAINT server_id_uq UNIQUE (server_id)
);

-- One row per day of the dataset: the calendar columns and the generator's own day factors.
CREATE TABLE calendar (
    day            date             NOT NULL,
    year           integer          NOT NULL,
    month          integer          NOT NULL,
    quarter        integer          NOT NULL,
    dayofweek      integer          NOT NULL,  -- Monday = 0 ... Sunday = 6
    is_weekend     boolean          NOT NULL,
    is_eoq         boolean          NOT NULL,  -- last day of a quarter
    is_holiday     boolean          NOT NULL,  -- US federal holiday or observed day
    holiday_name   text,
    in_quarter_end_window boolean   NOT NULL,  -- one of the last five days of a quarter (the model's ramp)
    is_generator_holiday  boolean   NOT NULL,  -- one of the model's own 17 holiday days a year
    quarter_factor double precision NOT NULL,  -- the model's quarter-end multiplier (1.0 outside the ramp or when off)
    holiday_factor double precision NOT NULL,  -- the model's holiday multiplier (1.0 on ordinary days or when off)
    CONSTRAINT calendar_pk PRIMARY KEY (day)
);

-- The archetype profiles the dataset was generated with (the reference's, or overridden).
CREATE TABLE archetype (
    server_type           varchar(32)      NOT NULL,  -- varchar: H2 behind jOOQ codegen cannot index text
    display_name          text             NOT NULL,
    base_cpu              double precision NOT NULL,
    base_memory           double precision NOT NULL,
    base_disk             double precision NOT NULL,
    base_network          double precision NOT NULL,
    cpu_sd                double precision NOT NULL,
    memory_sd             double precision NOT NULL,
    disk_sd               double precision NOT NULL,
    network_sd            double precision NOT NULL,
    cpu_mem_correlation   double precision NOT NULL,
    cpu_disk_correlation  double precision NOT NULL,
    cpu_net_correlation   double precision NOT NULL,
    mem_disk_correlation  double precision NOT NULL,
    mem_net_correlation   double precision NOT NULL,
    disk_net_correlation  double precision NOT NULL,
    business_hours_factor double precision NOT NULL,
    weekend_factor        double precision NOT NULL,
    spike_probability     double precision NOT NULL,
    spike_magnitude       double precision NOT NULL,
    monthly_growth_rate   double precision NOT NULL,
    CONSTRAINT archetype_pk PRIMARY KEY (server_type)
);

-- The metrics. The primary key (server_key, ts) is added after the bulk load: building it once is
-- several times faster than maintaining it during COPY. Every unique constraint includes ts, so the
-- table can become a TimescaleDB hypertable.
CREATE TABLE server_metrics (
    ts          timestamptz      NOT NULL,  -- the reference's naive timestamp, read as UTC
    server_key  integer          NOT NULL,
    cpu_p95     double precision NOT NULL,
    mem_p95     double precision NOT NULL,
    disk_p95    double precision NOT NULL,
    net_in_p95  double precision NOT NULL,
    net_out_p95 double precision NOT NULL
);

-- What the schema holds: one row, written before the first chunk is loaded.
CREATE TABLE dataset (
    id               integer      NOT NULL,
    model            text         NOT NULL,  -- reference
    fleetgen_version text         NOT NULL,
    parameters       text         NOT NULL,  -- canonical text of every generation parameter
    seed             bigint       NOT NULL,
    servers          integer      NOT NULL,
    start_date       date         NOT NULL,
    end_date         date         NOT NULL,
    granularity      text         NOT NULL,
    expected_rows    bigint       NOT NULL,
    chunk_count      integer      NOT NULL,
    created_at       timestamptz  NOT NULL,
    completed_at     timestamptz,              -- set when every chunk is in and the indexes are built
    CONSTRAINT dataset_pk PRIMARY KEY (id),
    CONSTRAINT dataset_single_row CHECK (id = 1)
);

-- Thresholds of the server_capacity_risk view (upstream risk_analysis keys); rewritten by every load
-- and refresh, since they do not change the data.
CREATE TABLE risk_settings (
    id                       integer          NOT NULL,
    window_days              integer          NOT NULL,
    high_risk_threshold      double precision NOT NULL,
    very_high_risk_threshold double precision NOT NULL,
    underutilized_threshold  double precision NOT NULL,
    CONSTRAINT risk_settings_pk PRIMARY KEY (id),
    CONSTRAINT risk_settings_single_row CHECK (id = 1)
);

-- One row per committed chunk, written in the same transaction as the chunk's rows.
CREATE TABLE load_ledger (
    chunk_no    integer      NOT NULL,
    server_key  integer      NOT NULL,
    from_stamp  integer      NOT NULL,  -- grid index of the chunk's first row
    to_stamp    integer      NOT NULL,  -- grid index after its last row
    row_count   integer      NOT NULL,
    method      text         NOT NULL,  -- copy or jooq
    loaded_at   timestamptz  NOT NULL,
    CONSTRAINT load_ledger_pk PRIMARY KEY (chunk_no)
);
