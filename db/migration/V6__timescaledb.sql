-- TimescaleDB: how the dataset's server_metrics is stored when it is a hypertable (fleetgen load on a database with
-- the timescaledb extension): the extension's version at the load, the chunk interval and whether the loaded
-- chunks were compressed. One row, or none on plain PostgreSQL (server_metrics partitioned by server_key, V3).
CREATE TABLE dataset_timescaledb (
    id                integer     NOT NULL,
    extension_version text        NOT NULL,
    chunk_interval    text        NOT NULL,  -- 7d, 12h: as --chunk-interval reads it
    compressed        boolean     NOT NULL,
    CONSTRAINT dataset_timescaledb_pk PRIMARY KEY (id),
    CONSTRAINT dataset_timescaledb_single_row CHECK (id = 1)
);
