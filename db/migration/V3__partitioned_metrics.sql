-- server_metrics becomes a table partitioned by ranges of server_key. A load writes each partition (whole
-- servers, ChunkPlan.partitions in the code) in one transaction: it creates the partition's table, fills it
-- with COPY FREEZE, builds its primary key on rows that arrive sorted and attaches it here, so there is no
-- separate index phase after the load and a kill leaves whole, keyed partitions only. Users query
-- server_metrics as before; its columns and its key are unchanged.
--
-- A dataset loaded before this version keeps its rows: the old table becomes the default partition.
-- jOOQ's generated classes describe the parent's columns, which V1 declares; the DDL parser skips this part.
/* [jooq ignore start] */
DROP VIEW IF EXISTS server_metrics_wide;  -- re-created on the new table by sql/R__10_server_metrics_wide.sql
ALTER TABLE server_metrics RENAME TO server_metrics_unpartitioned;

CREATE TABLE server_metrics (
    ts          timestamptz      NOT NULL,
    server_key  integer          NOT NULL,
    cpu_p95     double precision NOT NULL,
    mem_p95     double precision NOT NULL,
    disk_p95    double precision NOT NULL,
    net_in_p95  double precision NOT NULL,
    net_out_p95 double precision NOT NULL
) PARTITION BY RANGE (server_key);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'server_metrics_pk'
               AND conrelid = 'server_metrics_unpartitioned'::regclass) THEN
        ALTER TABLE server_metrics_unpartitioned RENAME CONSTRAINT server_metrics_pk TO server_metrics_unpartitioned_pk;
    END IF;
END $$;

ALTER TABLE server_metrics ADD CONSTRAINT server_metrics_pk PRIMARY KEY (server_key, ts);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM server_metrics_unpartitioned) THEN
        ALTER TABLE server_metrics ATTACH PARTITION server_metrics_unpartitioned DEFAULT;
    ELSE
        DROP TABLE server_metrics_unpartitioned;
    END IF;
END $$;
/* [jooq ignore stop] */
