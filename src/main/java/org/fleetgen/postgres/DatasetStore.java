package org.fleetgen.postgres;

import static org.fleetgen.jooq.Tables.ARCHETYPE;
import static org.fleetgen.jooq.Tables.CALENDAR;
import static org.fleetgen.jooq.Tables.DATASET;
import static org.fleetgen.jooq.Tables.LOAD_LEDGER;
import static org.fleetgen.jooq.Tables.SERVER;
import static org.fleetgen.jooq.Tables.METRIC_DAY;
import static org.fleetgen.jooq.Tables.ROLLUP_STATE;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import org.fleetgen.jooq.tables.records.DatasetRecord;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The dataset manifest and the load ledger of one schema, through jOOQ.
 *
 * <p>The ledger is what makes loads exactly-once: a chunk's rows and its ledger row commit in one
 * transaction ({@link #recordChunk} runs on the loading connection), so a chunk listed in the ledger is
 * in the table once, and one not listed is not there at all. A rerun loads exactly the unlisted chunks.
 */
public final class DatasetStore {
    static final String METRICS_PRIMARY_KEY = "server_metrics_pk";
    private final DSLContext dsl;

    public DatasetStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DatasetManifest manifest() throws DatabaseException {
        try {
            // A schema without fleetgen's tables (or no schema at all) holds no dataset, rather than an error.
            if (dsl.select(DSL.field("to_regclass({0})", Object.class, DSL.val(dsl.render(DATASET)))).fetchOne().value1() == null) {
                return null;
            }
            DatasetRecord r = dsl.selectFrom(DATASET).where(DATASET.ID.eq(1)).fetchOne();
            if (r == null) {
                return null;
            }
            return new DatasetManifest(r.getModel(), r.getFleetgenVersion(), r.getParameters(), r.getSeed(),
                    r.getServers(), r.getStartDate(), r.getEndDate(), r.getGranularity(), r.getExpectedRows(),
                    r.getChunkCount(), r.getCreatedAt(), r.getCompletedAt());
        } catch (DataAccessException e) {
            throw failure("cannot read the dataset manifest", e);
        }
    }

    /**
     * {@link #manifest()} in plain JDBC on a connection of the caller's, for read-only commands that would
     * otherwise pay for jOOQ's first use (most of a second) before their first answer.
     */
    public static DatasetManifest manifest(java.sql.Connection c, String schema) throws DatabaseException {
        String table = SchemaMigrator.quote(schema) + ".dataset";
        try (java.sql.PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (java.sql.ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return null;
                }
            }
            try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT model, fleetgen_version, "
                    + "parameters, seed, servers, start_date, end_date, granularity, expected_rows, chunk_count, created_at, completed_at FROM "
                    + table + " WHERE id = 1")) {
                if (!rs.next()) {
                    return null;
                }
                return new DatasetManifest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5),
                        rs.getObject(6, java.time.LocalDate.class), rs.getObject(7, java.time.LocalDate.class), rs.getString(8),
                        rs.getLong(9), rs.getInt(10), rs.getObject(11, java.time.OffsetDateTime.class),
                        rs.getObject(12, java.time.OffsetDateTime.class));
            }
        } catch (java.sql.SQLException e) {
            throw failure("cannot read the dataset manifest", e);
        }
    }

    /**
     * Rows the schema's load ledger lists, read before anything is migrated (plain JDBC, qualified names; the caller
     * has read {@link #storedParameters} and knows the ledger exists).
     */
    public static long ledgerRows(javax.sql.DataSource dataSource, String schema) throws DatabaseException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT coalesce(sum(row_count), 0) FROM " + SchemaMigrator.quote(schema) + ".load_ledger")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw failure("cannot read the schema's load state", e);
        }
    }

    /**
     * The parameter text of the schema's dataset, or null when it has none (no schema, no tables, no row); plain
     * JDBC with qualified names, before anything is migrated.
     */
    public static String storedParameters(javax.sql.DataSource dataSource, String schema) throws DatabaseException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT to_regclass(format('%I.dataset', ?::text)) IS NOT NULL")) {
                ps.setString(1, schema);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            try (java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT parameters FROM " + SchemaMigrator.quote(schema) + ".dataset WHERE id = 1")) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw failure("cannot read the dataset manifest", e);
        }
    }

    /**
     * Records in the manifest that the dataset now runs to {@code end}: its new parameter text (which lists the ends
     * it was extended from), row and chunk counts, and not complete until the new chunks are in. The caller writes
     * the reference tables' new days in the same transaction.
     */
    public static void extendManifest(DSLContext tx, String parameters, java.time.LocalDate end, long expectedRows, int chunkCount) {
        tx.update(DATASET)
                .set(DATASET.PARAMETERS, parameters)
                .set(DATASET.END_DATE, end)
                .set(DATASET.EXPECTED_ROWS, expectedRows)
                .set(DATASET.CHUNK_COUNT, chunkCount)
                .setNull(DATASET.COMPLETED_AT)
                .where(DATASET.ID.eq(1))
                .execute();
    }

    /** Writes the manifest; the caller writes the reference tables in the same transaction. */
    public static void writeManifest(DSLContext tx, DatasetManifest m) {
        tx.insertInto(DATASET)
                .set(DATASET.ID, 1)
                .set(DATASET.MODEL, m.model())
                .set(DATASET.FLEETGEN_VERSION, m.fleetgenVersion())
                .set(DATASET.PARAMETERS, m.parameters())
                .set(DATASET.SEED, m.seed())
                .set(DATASET.SERVERS, m.servers())
                .set(DATASET.START_DATE, m.startDate())
                .set(DATASET.END_DATE, m.endDate())
                .set(DATASET.GRANULARITY, m.granularity())
                .set(DATASET.EXPECTED_ROWS, m.expectedRows())
                .set(DATASET.CHUNK_COUNT, m.chunkCount())
                .set(DATASET.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .execute();
    }

    /** The chunk numbers already committed. */
    public BitSet loadedChunks() throws DatabaseException {
        try {
            BitSet done = new BitSet();
            dsl.select(LOAD_LEDGER.CHUNK_NO).from(LOAD_LEDGER).fetch().forEach(r -> done.set(r.value1()));
            return done;
        } catch (DataAccessException e) {
            throw failure("cannot read the load ledger", e);
        }
    }

    /** Records a chunk, on the connection (and in the transaction) that loaded its rows. */
    public static void recordChunk(DSLContext tx, int chunkNo, int serverKey, int fromStamp, int toStamp,
                                   int rows, String method) {
        tx.insertInto(LOAD_LEDGER)
                .set(LOAD_LEDGER.CHUNK_NO, chunkNo)
                .set(LOAD_LEDGER.SERVER_KEY, serverKey)
                .set(LOAD_LEDGER.FROM_STAMP, fromStamp)
                .set(LOAD_LEDGER.TO_STAMP, toStamp)
                .set(LOAD_LEDGER.ROW_COUNT, rows)
                .set(LOAD_LEDGER.METHOD, method)
                .set(LOAD_LEDGER.LOADED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .execute();
    }

    public long ledgerRows() throws DatabaseException {
        try {
            Long sum = dsl.select(DSL.sum(LOAD_LEDGER.ROW_COUNT).cast(Long.class)).from(LOAD_LEDGER).fetchOne().value1();
            return sum == null ? 0 : sum;
        } catch (DataAccessException e) {
            throw failure("cannot read the load ledger", e);
        }
    }

    /**
     * After the last partition (each came keyed and analyzed): the completion mark. Idempotent, so an
     * interrupted finish is redone.
     */
    public void finish() throws DatabaseException {
        try {
            dsl.update(DATASET).set(DATASET.COMPLETED_AT, OffsetDateTime.now(ZoneOffset.UTC)).where(DATASET.ID.eq(1)).execute();
        } catch (DataAccessException e) {
            throw failure("cannot mark the dataset complete", e);
        }
    }

    /** Empties the schema's dataset (for --replace), in one transaction. */
    public void clear() throws DatabaseException {
        try {
            dsl.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                if (Hypertable.isHypertable(tx)) {
                    // The hypertable goes whole, with its chunks, compressed data and continuous aggregates.
                    Hypertable.drop(tx);
                } else {
                    MetricsPartitions.dropAll(tx);
                }
                tx.truncate(METRIC_DAY).execute();
                tx.truncate(ROLLUP_STATE).execute();
                tx.truncate(org.fleetgen.jooq.Tables.AGG_STATE).execute();
                tx.truncate(org.fleetgen.jooq.Tables.AGG_FOLDED).execute();
                tx.truncate(LOAD_LEDGER).execute();
                tx.truncate(SERVER).execute();
                tx.truncate(CALENDAR).execute();
                tx.truncate(org.fleetgen.jooq.Tables.METRIC_EVENT).execute();
                tx.truncate(org.fleetgen.jooq.Tables.EXPECTED_LEVEL).execute();
                tx.truncate(ARCHETYPE).execute();
                tx.truncate(DATASET).execute();
            });
        } catch (DataAccessException e) {
            throw failure("cannot clear the dataset", e);
        }
    }

    /**
     * A session-wide advisory lock for one schema's load, held until {@link #unlockLoad}: a second
     * load on the same schema waits, then finds the chunks the first committed.
     *
     * @return true at once when free; false if another session holds it (then call {@link #lockLoad})
     */
    public static boolean tryLockLoad(DSLContext session, String schema) {
        return Boolean.TRUE.equals(session.select(DSL.function("pg_try_advisory_lock", Boolean.class, DSL.val(lockKey(schema)))).fetchOne().value1());
    }

    public static void lockLoad(DSLContext session, String schema) {
        session.select(DSL.function("pg_advisory_lock", Object.class, DSL.val(lockKey(schema)))).fetch();
    }

    public static void unlockLoad(DSLContext session, String schema) {
        session.select(DSL.function("pg_advisory_unlock", Boolean.class, DSL.val(lockKey(schema)))).fetch();
    }

    static long lockKey(String schema) {
        long h = 0x666c656574676e00L;  // "fleetgn"
        for (char c : schema.toCharArray()) {
            h = h * 31 + c;
        }
        return h;
    }

    public static DatabaseException failure(String what, Throwable e) {
        return new DatabaseException(what + ": " + ConnectionPool.rootMessage(e), e);
    }
}
