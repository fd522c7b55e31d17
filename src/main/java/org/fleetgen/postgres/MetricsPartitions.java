package org.fleetgen.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fleetgen.sample.Partition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The statements that write one partition of {@code server_metrics} (V3), shared by the loaders and the seed
 * script. In one transaction: {@link #create} the partition's table with a check constraint on its servers,
 * fill it (COPY ... FREEZE, allowed because the table is new in the transaction), then {@link #keyAndAttach}:
 * the primary key, built on rows that arrive in key order, the partition's statistics, and the attachment,
 * which the check constraint makes a catalogue change (no scan) and which takes the parent's key index over
 * from the partition's.
 *
 * <p>Names are unqualified: every connection fleetgen opens is pinned to the dataset's schema, and a seed
 * script sets its search path first.
 */
public final class MetricsPartitions {
    /** Partition tables are named this, then the partition number: server_metrics_p00000, ... */
    public static final String PREFIX = "server_metrics_p";
    /** The table a dataset loaded before partitions keeps its rows in (the default partition, V3). */
    public static final String UNPARTITIONED = "server_metrics_unpartitioned";

    private MetricsPartitions() {
    }

    /**
     * How a partition is written. ATTACH (the default): a table of its own, filled with COPY FREEZE, keyed,
     * analyzed and attached at the end of its transaction. PARTITION_OF (Citus, {@link Distribution}): created
     * as a partition of server_metrics at once, so it is distributed with it and keyed by the parent's key
     * as rows arrive, then analyzed. HYPERTABLE (TimescaleDB, {@link Hypertable}): rows go into server_metrics
     * itself, which routes them to its time chunks; the key and statistics come once the last partition is in.
     */
    public enum Layout {
        ATTACH, PARTITION_OF, HYPERTABLE;

        /** The statements that open a partition, before its first COPY: none for an extension, whose table exists. */
        public List<String> open(Partition p) {
            if (p.extension() || this == HYPERTABLE) {
                return List.of();
            }
            return List.of(this == ATTACH ? create(p) : Distribution.createPartition(p));
        }

        /** Runs {@link #open} in the caller's transaction. */
        public void open(DSLContext tx, Partition p) {
            open(p).forEach(tx::execute);
        }

        /** The table a partition's rows are written into. */
        public String table(Partition p) {
            return this == HYPERTABLE ? "server_metrics" : MetricsPartitions.name(p);
        }

        /** Runs {@link #close} in the caller's transaction. */
        public void close(DSLContext tx, Partition p) {
            close(p).forEach(tx::execute);
        }

        /** The options of the partition's COPY: FREEZE only into a table created in the same transaction. */
        public String copyOptions(Partition p) {
            return this == ATTACH && !p.extension() ? "FORMAT binary, FREEZE" : "FORMAT binary";
        }

        /**
         * The statements that close a partition, before its commit. An extension's rows went into a keyed, attached
         * table, and nothing is left to do: its statistics are renewed by autovacuum's analyze once enough rows changed
         * (an ANALYZE of every partition would cost a --follow step about a second for a day of rows).
         */
        public List<String> close(Partition p) {
            if (p.extension() || this == HYPERTABLE) {
                return List.of();
            }
            return this == ATTACH ? keyAndAttach(p) : List.of("ANALYZE " + MetricsPartitions.name(p));
        }
    }

    public static String name(Partition p) {
        return PREFIX + String.format(Locale.ROOT, "%05d", p.number());
    }

    public static String create(Partition p) {
        String t = name(p);
        return "CREATE TABLE " + t + " (LIKE server_metrics, CONSTRAINT " + t + "_servers CHECK (server_key >= "
                + p.fromServer() + " AND server_key < " + p.toServer() + "))";
    }

    /**
     * Keys, analyzes and attaches a partition, in its transaction. The key is built by this session alone: the
     * load's workers already build partitions' keys side by side, and a parallel build's extra processes only
     * compete with them for the cores (measured: with them, a load of the hourly default used 2 CPU seconds
     * more). The statistics sample the partition in proportion to its share of the dataset, so all partitions
     * together sample as many rows as one ANALYZE of the whole table would, at least 3,000 each (at the
     * server's default target, 30,000 rows a partition made ANALYZE cost 1.3 s of CPU on the hourly default
     * against 0.2 s for the one table).
     */
    public static List<String> keyAndAttach(Partition p) {
        String t = name(p);
        long rows = 0;
        for (org.fleetgen.sample.Chunk c : p.chunks()) {
            rows += c.rows();
        }
        return List.of("SET LOCAL max_parallel_maintenance_workers = 0",
                "ALTER TABLE " + t + " ADD CONSTRAINT " + t + "_pk PRIMARY KEY (server_key, ts)",
                // A DO block: a seed script run by psql prints no result row for it.
                "DO $$BEGIN PERFORM set_config('default_statistics_target', least(current_setting('default_statistics_target')::int, "
                        + "greatest(10, ceil(current_setting('default_statistics_target')::int * " + rows
                        + "::numeric / greatest(1, (SELECT expected_rows FROM dataset)))))::int::text, true); END$$",
                // Statistics now, on the worker, while the partition's pages are in memory: ANALYZE of the parent
                // would read every partition again (PostgreSQL before 17 cannot analyze a parent alone).
                "ANALYZE " + t,
                "ALTER TABLE server_metrics ATTACH PARTITION " + t + " FOR VALUES FROM (" + p.fromServer() + ") TO (" + p.toServer() + ")");
    }

    /**
     * Claims a partition in the caller's open transaction: a transaction-level advisory lock on (the
     * schema, the partition), taken at once or ({@code wait}) when its holder ends, then the ledger read
     * again. False, the transaction rolled back, when another process holds the lock (without {@code wait})
     * or committed the partition. A killed holder's lock goes with its session.
     */
    public static boolean claim(java.sql.Connection c, DSLContext tx, Partition p, boolean wait) throws java.sql.SQLException {
        if (claim(tx, p, wait)) {
            return true;
        }
        c.rollback();
        return false;
    }

    static boolean claim(DSLContext tx, Partition p, boolean wait) {
        if (wait) {
            tx.resultQuery("SELECT pg_advisory_xact_lock(hashtext(current_schema()), ?)", p.number()).fetch();
        } else if (!Boolean.TRUE.equals(tx.resultQuery("SELECT pg_try_advisory_xact_lock(hashtext(current_schema()), ?)", p.number())
                .fetchOne(0, Boolean.class))) {
            return false;
        }
        return !tx.fetchExists(DSL.selectOne().from(org.fleetgen.jooq.Tables.LOAD_LEDGER)
                .where(org.fleetgen.jooq.Tables.LOAD_LEDGER.CHUNK_NO.eq(p.chunks().get(0).number())));
    }

    /** The tables attached to server_metrics: fleetgen's partitions (and a pre-partition dataset's default partition). */
    public static List<String> attached(DSLContext dsl) {
        List<String> out = new ArrayList<>();
        dsl.resultQuery("SELECT c.relname FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'server_metrics'::regclass ORDER BY 1").fetch().forEach(r -> out.add(r.get(0, String.class)));
        return out;
    }

    /** Drops every partition (for --replace), in the caller's transaction; the parent and its key stay. */
    public static void dropAll(DSLContext tx) {
        for (String t : attached(tx)) {
            tx.execute("DROP TABLE " + tx.render(DSL.name(t)));
        }
    }
}
