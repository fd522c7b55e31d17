package org.fleetgen.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Timescale;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A dataset on TimescaleDB: {@code server_metrics} is a hypertable on {@code ts} instead of the table partitioned by
 * server_key (V3), rows go into it by COPY with the same ledger, its primary key is built once the last partition is
 * in, and the time-bucketed views read continuous aggregates (real-time: rows not materialized yet are read from the
 * hypertable) that the load refreshes at its end; the loaded chunks are compressed on request.
 *
 * <p>The extension's functions are called qualified by the schema it is installed in: every connection fleetgen opens
 * has its search path pinned to the dataset's schema, where they are not.
 *
 * <p>The continuous aggregates: {@value #DAILY} and {@value #MONTHLY} (per UTC day or month and archetype: servers,
 * rows, avg, exact p95 and max of each metric, as the views' full-scan definitions) and {@value #HOURLY} (per hour and
 * archetype: rows and sums, which archetype_hourly_profile folds into hour of day and weekday or weekend). The views
 * archetype_daily, archetype_monthly and archetype_hourly_profile keep their names and columns and read them.
 */
public final class Hypertable {
    public static final String DAILY = "archetype_daily_cagg";
    public static final String MONTHLY = "archetype_monthly_cagg";
    public static final String HOURLY = "archetype_hourly_cagg";
    public static final List<String> AGGREGATES = List.of(DAILY, MONTHLY, HOURLY);
    private static final String[] METRICS = {"cpu", "mem", "disk", "net_in", "net_out"};

    /** The extension as installed in the target database: the schema of its functions and its version. */
    public record Extension(String schema, String version) {
        String fn(String name) {
            return DSL.using(org.jooq.SQLDialect.POSTGRES).render(DSL.name(schema)) + "." + name;
        }
    }

    private Hypertable() {
    }

    /** The timescaledb extension installed in the database, or null. */
    public static Extension installed(DSLContext dsl) {
        org.jooq.Record r = dsl.resultQuery("SELECT n.nspname, e.extversion FROM pg_catalog.pg_extension e "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'timescaledb'").fetchOne();
        return r == null ? null : new Extension(r.get(0, String.class), r.get(1, String.class));
    }

    /**
     * What the load is to use, before anything is written: the installed extension (AUTO, ON), none (OFF, or AUTO
     * without it), or the extension created now (ON, available but not installed: in schema public, its usual home).
     * ON without it available, or compression or a chunk interval without TimescaleDB, is bad input.
     */
    public static Extension resolve(DSLContext dsl, Timescale options) throws DatabaseException {
        if (options.use() == Timescale.Use.OFF) {
            return null;
        }
        try {
            Extension installed = installed(dsl);
            if (installed != null) {
                return installed;
            }
            boolean available = dsl.fetchExists(DSL.selectOne().from("pg_catalog.pg_available_extensions").where("name = 'timescaledb'"));
            if (options.use() == Timescale.Use.AUTO) {
                if (options.compress()) {
                    throw new ConfigException(Timescale.COMPRESS_FIELD, true, "compresses a TimescaleDB hypertable, and the target database has "
                            + "no timescaledb extension" + (available ? " (it is available: add --timescaledb to create it)" : ""));
                }
                if (options.chunkInterval() != null) {
                    throw new ConfigException(Timescale.INTERVAL_FIELD, Timescale.text(options.chunkInterval()), "sets a TimescaleDB hypertable's "
                            + "chunks, and the target database has no timescaledb extension" + (available ? " (it is available: add --timescaledb)" : ""));
                }
                return null;
            }
            if (!available) {
                throw new ConfigException(Timescale.FIELD, true, "needs the timescaledb extension, which the target server does not have "
                        + "(install TimescaleDB, or leave out --timescaledb)");
            }
            dsl.execute("CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public");
            return installed(dsl);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new DatabaseException("cannot set up the timescaledb extension: " + ConnectionPool.rootMessage(e), e);
        }
    }

    /** True when the schema's server_metrics is a hypertable. */
    public static boolean is(DSLContext dsl) {
        return Boolean.TRUE.equals(dsl.resultQuery("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                + "ON n.oid = c.relnamespace JOIN pg_catalog.pg_extension e ON e.extname = 'timescaledb' "
                + "WHERE n.nspname = current_schema() AND c.relname = 'server_metrics' "
                + "AND EXISTS (SELECT 1 FROM _timescaledb_catalog.hypertable h WHERE h.schema_name = n.nspname AND h.table_name = c.relname))")
                .fetchOne(0, Boolean.class));
    }

    /** Like {@link #is} on a server that may lack the extension (its catalogue then does not exist). */
    public static boolean isHypertable(DSLContext dsl) {
        return installed(dsl) != null && is(dsl);
    }

    /**
     * Turns a new dataset's empty, partitioned server_metrics into a hypertable, in the caller's transaction: the
     * wide view that reads it is dropped and re-created (sql/R__10), the table is re-created with the same columns
     * and made a hypertable with no key yet ({@link #finishLoad} builds it), then the continuous aggregates are
     * defined and the time-bucketed views pointed at them. A user's object that depends on server_metrics makes the
     * DROP fail, and the transaction with it: nothing of theirs is dropped.
     */
    public static void create(DSLContext tx, Extension ext, java.time.Duration chunkInterval) {
        List<String> wideGrants = grants(tx, "server_metrics_wide");
        tx.execute("DROP VIEW server_metrics_wide");
        tx.execute("CREATE TABLE server_metrics_hypertable (LIKE server_metrics INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS)");
        tx.execute("DROP TABLE server_metrics");
        tx.execute("ALTER TABLE server_metrics_hypertable RENAME TO server_metrics");
        tx.resultQuery("SELECT " + ext.fn("create_hypertable") + "(format('%I.server_metrics', current_schema())::regclass, 'ts', "
                + "chunk_time_interval => interval '" + chunkInterval.toHours() + " hours')").fetch();
        tx.execute(SchemaMigrator.script("sql/R__10_server_metrics_wide.sql"));
        wideGrants.forEach(tx::execute);
        for (String sql : aggregates(ext)) {
            tx.execute(sql);
        }
        for (String sql : views()) {
            tx.execute(sql);
        }
    }

    /**
     * The reverse, for --replace: the continuous aggregates and the hypertable (its chunks and compressed data with
     * it) are dropped and server_metrics is re-created as V3 leaves it, empty, partitioned and keyed; the time-bucketed
     * views read fleetgen's answers again (sql/R__30) and the wide view is re-created (sql/R__10), roles' grants kept. The next dataset then gets the layout its own load decides.
     */
    public static void drop(DSLContext tx) {
        // The time-bucketed views read fleetgen's answers again (CREATE OR REPLACE: a role's grants on them stay).
        tx.execute(SchemaMigrator.script("sql/R__30_time_and_risk_views.sql"));
        for (String cagg : AGGREGATES) {
            tx.execute("DROP MATERIALIZED VIEW IF EXISTS " + cagg);
        }
        List<String> wideGrants = grants(tx, "server_metrics_wide");
        tx.execute("DROP VIEW server_metrics_wide");
        tx.execute("CREATE TABLE server_metrics_partitioned (LIKE server_metrics INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS) "
                + "PARTITION BY RANGE (server_key)");
        tx.execute("DROP TABLE server_metrics");
        tx.execute("ALTER TABLE server_metrics_partitioned RENAME TO server_metrics");
        tx.execute("ALTER TABLE server_metrics ADD CONSTRAINT server_metrics_pk PRIMARY KEY (server_key, ts)");
        tx.execute(SchemaMigrator.script("sql/R__10_server_metrics_wide.sql"));
        wideGrants.forEach(tx::execute);
        tx.execute("DELETE FROM dataset_timescaledb");
    }

    /**
     * The GRANT statements that give back what roles other than the owner hold on a relation of the schema (the
     * wide view is dropped and re-created with the table it reads; `fleetgen grant-read` may have granted it).
     */
    static List<String> grants(DSLContext tx, String relation) {
        return tx.resultQuery("SELECT format('GRANT %s ON %I TO %s', a.privilege_type, c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
                + "ELSE quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END) FROM pg_catalog.pg_class c "
                + "CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a WHERE c.oid = format('%I.%I', current_schema(), {0})::regclass "
                + "AND a.grantee <> c.relowner ORDER BY 1", DSL.val(relation)).fetch(0, String.class);
    }

    /** The continuous aggregates' definitions, with no data (a refresh fills them; real-time reads cover the rest). */
    static List<String> aggregates(Extension ext) {
        List<String> out = new ArrayList<>();
        for (String[] cagg : new String[][] {{DAILY, "1 day"}, {MONTHLY, "1 month"}}) {
            StringBuilder sql = new StringBuilder("CREATE MATERIALIZED VIEW " + cagg[0]
                    + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS\nSELECT " + ext.fn("time_bucket")
                    + "(interval '" + cagg[1] + "', m.ts, 'UTC') AS bucket, s.server_type, count(DISTINCT m.server_key) AS servers, count(*) AS rows");
            for (String metric : METRICS) {
                String col = "m." + metric + "_p95";
                sql.append(String.format(Locale.ROOT, ", avg(%s) AS avg_%s, percentile_cont(0.95) WITHIN GROUP (ORDER BY %s) AS p95_%s, max(%s) AS max_%s",
                        col, metric, col, metric, col, metric));
            }
            sql.append("\nFROM server_metrics m JOIN server s ON s.server_key = m.server_key GROUP BY 1, 2 WITH NO DATA");
            out.add(sql.toString());
        }
        StringBuilder hourly = new StringBuilder("CREATE MATERIALIZED VIEW " + HOURLY
                + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS\nSELECT " + ext.fn("time_bucket")
                + "(interval '1 hour', m.ts) AS bucket, s.server_type, count(*) AS rows");
        for (String metric : METRICS) {
            hourly.append(", sum(m.").append(metric).append("_p95) AS sum_").append(metric);
        }
        hourly.append("\nFROM server_metrics m JOIN server s ON s.server_key = m.server_key GROUP BY 1, 2 WITH NO DATA");
        out.add(hourly.toString());
        return out;
    }

    /** The time-bucketed views over the continuous aggregates: the same names, columns and types as sql/R__30's. */
    static List<String> views() {
        List<String> out = new ArrayList<>();
        for (String[] v : new String[][] {{"archetype_daily", "day", DAILY}, {"archetype_monthly", "month", MONTHLY}}) {
            StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW " + v[0] + " AS\nSELECT (bucket AT TIME ZONE 'UTC')::date AS " + v[1]
                    + ", server_type::text AS server_type, servers, rows");
            for (String metric : METRICS) {
                sql.append(String.format(Locale.ROOT, ", avg_%s, p95_%s, max_%s", metric, metric, metric));
            }
            sql.append("\nFROM ").append(v[2]);
            out.add(sql.toString());
        }
        StringBuilder profile = new StringBuilder("CREATE OR REPLACE VIEW archetype_hourly_profile AS\nSELECT server_type::text AS server_type, "
                + "extract(hour FROM bucket AT TIME ZONE 'UTC')::int AS hour, "
                + "CASE WHEN extract(isodow FROM bucket AT TIME ZONE 'UTC') >= 6 THEN 'weekend' ELSE 'weekday' END AS day_kind, "
                + "sum(rows)::bigint AS rows");
        for (String metric : METRICS) {
            profile.append(", (sum(sum_").append(metric).append(") / sum(rows))::double precision AS avg_").append(metric);
        }
        profile.append("\nFROM ").append(HOURLY).append(" GROUP BY 1, 2, 3");
        out.add(profile.toString());
        return out;
    }

    /**
     * Points the time-bucketed views at the continuous aggregates again when an upgrade re-applied sql/R__30 (which
     * points them at fleetgen's own answers); a no-op otherwise.
     */
    public static void repointViews(DSLContext dsl) {
        Integer pointing = dsl.resultQuery("SELECT count(*)::int FROM pg_catalog.pg_views WHERE schemaname = current_schema() "
                + "AND viewname IN ('archetype_daily', 'archetype_monthly', 'archetype_hourly_profile') AND definition LIKE '%_cagg%'")
                .fetchOne(0, Integer.class);
        if (pointing == null || pointing != 3) {
            dsl.transaction(cfg -> views().forEach(DSL.using(cfg)::execute));
        }
    }

    /** What the manifest's TimescaleDB row holds, or null (a plain PostgreSQL dataset). */
    public record Recorded(String extensionVersion, String chunkInterval, boolean compressed) {
    }

    public static Recorded recorded(DSLContext dsl) {
        org.jooq.Record r = dsl.resultQuery("SELECT extension_version, chunk_interval, compressed FROM dataset_timescaledb").fetchOne();
        return r == null ? null : new Recorded(r.get(0, String.class), r.get(1, String.class), Boolean.TRUE.equals(r.get(2, Boolean.class)));
    }

    /** Records the extension and options in the manifest's TimescaleDB row, in the caller's transaction. */
    public static void record(DSLContext tx, Extension ext, java.time.Duration chunkInterval, boolean compressed) {
        tx.execute("DELETE FROM dataset_timescaledb");
        tx.execute("INSERT INTO dataset_timescaledb (id, extension_version, chunk_interval, compressed) VALUES (1, ?, ?, ?)",
                ext.version(), Timescale.text(chunkInterval), compressed);
    }

    /**
     * Once every partition is in: the primary key (built once, over sorted chunks, rather than maintained row by row
     * through the load), statistics, the continuous aggregates refreshed (each refresh is its own transaction, as
     * TimescaleDB requires; a kill between them leaves real-time aggregation answering from the rows), and, when asked,
     * the loaded chunks compressed, segmented by server_key and ordered by ts. Each step is idempotent: an interrupted
     * finish is redone by the rerun.
     */
    public static void finishLoad(DSLContext dsl, Extension ext, boolean refresh, boolean compress) throws DatabaseException {
        try {
            buildKey(dsl);
            if (refresh) {
                refresh(dsl, ext);
            }
            if (compress) {
                compress(dsl, ext);
            }
            dsl.execute("UPDATE dataset_timescaledb SET compressed = compressed OR ?", compress);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new DatabaseException("cannot finish the TimescaleDB hypertable: " + ConnectionPool.rootMessage(e), e);
        }
    }

    /** The primary key and statistics, once: a no-op when the key exists (a resumed finish, an extension's load). */
    public static void buildKey(DSLContext dsl) throws DatabaseException {
        try {
            if (!dsl.fetchExists(DSL.selectOne().from("pg_catalog.pg_constraint").where("conname = 'server_metrics_pk' "
                    + "AND conrelid = format('%I.server_metrics', current_schema())::regclass"))) {
                dsl.execute("ALTER TABLE server_metrics ADD CONSTRAINT server_metrics_pk PRIMARY KEY (server_key, ts)");
                dsl.execute("ANALYZE server_metrics");
            }
        } catch (org.jooq.exception.DataAccessException e) {
            throw new DatabaseException("cannot build the primary key of the hypertable: " + ConnectionPool.rootMessage(e), e);
        }
    }

    /** Refreshes every continuous aggregate over all the data (TimescaleDB re-reads only the ranges rows changed in). */
    public static void refresh(DSLContext dsl, Extension ext) {
        for (String cagg : AGGREGATES) {
            dsl.execute("CALL " + ext.fn("refresh_continuous_aggregate") + "(format('%I." + cagg + "', current_schema())::regclass, NULL, NULL)");
        }
    }

    /** Enables compression (segment by server_key, order by ts) and compresses every chunk not compressed yet. */
    static void compress(DSLContext dsl, Extension ext) {
        dsl.execute("ALTER TABLE server_metrics SET (timescaledb.compress, timescaledb.compress_segmentby = 'server_key', "
                + "timescaledb.compress_orderby = 'ts')");
        dsl.resultQuery("SELECT count(" + ext.fn("compress_chunk") + "(c, true)) FROM " + ext.fn("show_chunks")
                + "(format('%I.server_metrics', current_schema())::regclass) c").fetch();
    }
}
