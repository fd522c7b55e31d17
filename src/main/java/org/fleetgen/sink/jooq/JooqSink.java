package org.fleetgen.sink.jooq;

import static org.fleetgen.jooq.Tables.METRIC_DAY;
import static org.fleetgen.jooq.Tables.SERVER_METRICS;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatasetStore;
import org.fleetgen.postgres.MetricsPartitions;
import org.fleetgen.sample.Partition;
import org.fleetgen.sink.ChunkRollup;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SinkException;
import org.jooq.DSLContext;
import org.jooq.Loader;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Loads partitions through jOOQ's Loader API as multi-row INSERTs into the partition's table, in one
 * transaction per partition with its chunks' rollups and ledger rows, like {@link org.fleetgen.sink.copy.CopySink}. Slower than COPY; useful for comparison and
 * for PostgreSQL-compatible targets that lack COPY.
 */
public final class JooqSink implements SampleSink<List<Object[]>> {
    /** The server_metrics column of each metric, in {@link Metric} order, found by the metric's column name. */
    public static List<org.jooq.Field<?>> metricFields() {
        List<org.jooq.Field<?>> out = new ArrayList<>();
        for (Metric m : Metric.ALL) {
            out.add(java.util.Objects.requireNonNull(SERVER_METRICS.field(m.column()), "server_metrics lacks column " + m.column()));
        }
        return out;
    }

    private static final org.jooq.Field<?>[] LOADED_FIELDS = loadedFields();

    private static org.jooq.Field<?>[] loadedFields() {
        List<org.jooq.Field<?>> out = new ArrayList<>(List.of(SERVER_METRICS.TS, SERVER_METRICS.SERVER_KEY));
        out.addAll(metricFields());
        return out.toArray(org.jooq.Field<?>[]::new);
    }

    public static final String METHOD = "jooq";
    /** Rows per INSERT statement: 7 binds a row stays far below PostgreSQL's 65,535-parameter limit. */
    private static final int ROWS_PER_INSERT = 1000;

    private final Connection connection;
    private final DSLContext dsl;
    private final MetricsPartitions.Layout layout;
    private org.fleetgen.jooq.tables.ServerMetrics target;
    private org.jooq.Field<?>[] targetFields;
    private int written;
    private ChunkRollup rollup;
    private ChunkRollup.Listener rollupListener;

    public JooqSink(Connection connection) throws SinkException {
        this(connection, MetricsPartitions.Layout.ATTACH);
    }

    public JooqSink(Connection connection, MetricsPartitions.Layout layout) throws SinkException {
        this.layout = layout;
        try {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.dsl = DSL.using(connection, SQLDialect.POSTGRES);
        } catch (SQLException e) {
            throw new SinkException("cannot prepare the jOOQ loader: " + ConnectionPool.rootMessage(e), e);
        }
    }

    @Override
    public List<Object[]> encode(SampleBlock block) {
        List<Object[]> rows = new ArrayList<>(block.size());
        int serverKey = block.server().index();
        for (int r = 0; r < block.size(); r++) {
            OffsetDateTime ts = Instant.ofEpochSecond(block.grid().epochSecond(block.stamp(r))).atOffset(ZoneOffset.UTC);
            Object[] row = new Object[2 + Metric.ALL.size()];
            row[0] = ts;
            row[1] = serverKey;
            for (Metric m : Metric.ALL) {
                row[2 + m.ordinal()] = block.value(m, r);
            }
            rows.add(row);
        }
        return rows;
    }

    @Override
    public void alsoRollupsTo(ChunkRollup.Listener listener) {
        this.rollupListener = listener;
    }

    @Override
    public boolean claim(Partition partition, boolean wait) throws SinkException {
        try {
            return MetricsPartitions.claim(connection, dsl, partition, wait);
        } catch (SQLException | RuntimeException e) {
            throw fail("cannot claim partition " + partition.number(), e);
        }
    }

    @Override
    public void begin(Partition partition) throws SinkException {
        try {
            layout.open(dsl, partition);
            target = SERVER_METRICS.rename(layout.table(partition));
            targetFields = target.fields(LOADED_FIELDS);
        } catch (RuntimeException e) {
            throw fail("cannot create partition " + partition.number(), e);
        }
    }

    @Override
    public void begin(Chunk chunk) {
        if (target == null) {
            throw new IllegalStateException("chunk " + chunk.number() + " begun outside a partition");
        }
        written = 0;
        rollup = new ChunkRollup(chunk, rollupListener);
    }

    @Override
    public void write(SampleBlock block, List<Object[]> rows) throws SinkException {
        try {
            Loader<?> loader = dsl.loadInto(target)
                    .bulkAfter(ROWS_PER_INSERT)
                    .batchNone()
                    .commitNone()
                    .onErrorAbort()
                    .loadArrays(rows)
                    .fields(targetFields)
                    .execute();
            if (!loader.errors().isEmpty()) {
                throw loader.errors().get(0).exception();
            }
            written += loader.stored();
            rollup.add(block);
        } catch (Exception e) {
            throw fail("INSERT failed", e);
        }
    }

    @Override
    public void end(Chunk chunk) throws SinkException {
        try {
            if (written != chunk.rows()) {
                throw new SinkException("chunk " + chunk.number() + " stored " + written + " rows, expected " + chunk.rows());
            }
            List<Object[]> days = new ArrayList<>();
            for (org.fleetgen.postgres.MetricDayRows.Row d : rollup.days()) {
                days.add(new Object[] {d.serverKey(), d.day(), d.chunkNo(), d.stamps(), d.encoded()});
            }
            Loader<?> loader = dsl.loadInto(METRIC_DAY).bulkAfter(ROWS_PER_INSERT).batchNone().commitNone().onErrorAbort()
                    .loadArrays(days)
                    .fields(METRIC_DAY.SERVER_KEY, METRIC_DAY.DAY, METRIC_DAY.CHUNK_NO, METRIC_DAY.STAMPS, METRIC_DAY.ENCODED)
                    .execute();
            if (!loader.errors().isEmpty()) {
                throw loader.errors().get(0).exception();
            }
            DatasetStore.recordChunk(dsl, chunk.number(), chunk.serverIndex(), chunk.fromStamp(), chunk.toStamp(), chunk.rows(), METHOD);
        } catch (Exception e) {
            if (e instanceof SinkException se) {
                rollback();
                throw se;
            }
            throw fail("cannot write chunk " + chunk.number(), e);
        }
    }

    @Override
    public void commit(Partition partition) throws SinkException {
        try {
            layout.close(dsl, partition);
            connection.commit();
            target = null;
        } catch (SQLException | RuntimeException e) {
            throw fail("cannot commit partition " + partition.number(), e);
        }
    }

    private SinkException fail(String what, Exception e) {
        rollback();
        return new SinkException(what + ": " + ConnectionPool.rootMessage(e), e);
    }

    private void rollback() {
        target = null;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Nothing was committed; a broken connection is discarded by the pool.
        }
    }

    @Override
    public void close() {
        rollback();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Returning the connection to the pool failed: nothing is left to undo.
        }
    }
}
