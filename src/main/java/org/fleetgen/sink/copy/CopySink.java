package org.fleetgen.sink.copy;

import static org.fleetgen.jooq.Tables.SERVER_METRICS;

import java.sql.Connection;
import java.sql.SQLException;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.MetricDayRows;
import org.fleetgen.postgres.MetricsPartitions;
import org.fleetgen.sample.Partition;
import org.fleetgen.sink.ChunkRollup;
import org.fleetgen.sink.jooq.JooqSink;
import org.fleetgen.postgres.DatasetStore;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SinkException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Loads partitions with binary {@code COPY ... FREEZE} on one connection. Each partition is one
 * transaction: its table is created, each chunk is copied into it (the server's row count checked against
 * the chunk) with its rollups and ledger row, then the table is keyed and attached and everything commits
 * together. A failure cancels the open COPY and rolls the partition back.
 */
public final class CopySink implements SampleSink<SampleBlock> {
    public static final String METHOD = "copy";

    private final Connection connection;
    private final CopyManager copyManager;
    private final DSLContext dsl;
    private final String columns;
    private final MetricsPartitions.Layout layout;
    private final String rollupSql;
    private String copySql;
    private CopyIn copy;
    private ChunkRollup rollup;
    private ChunkRollup.Listener rollupListener;
    private long bytes;
    private byte[] buffer = new byte[0];

    public CopySink(Connection connection) throws SinkException {
        this(connection, MetricsPartitions.Layout.ATTACH);
    }

    public CopySink(Connection connection, MetricsPartitions.Layout layout) throws SinkException {
        this.layout = layout;
        try {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
            this.dsl = DSL.using(connection, SQLDialect.POSTGRES);
            // COPY has no jOOQ form; the table and column names come from the generated classes.
            StringBuilder columns = new StringBuilder()
                    .append(dsl.render(SERVER_METRICS.TS.getUnqualifiedName())).append(", ")
                    .append(dsl.render(SERVER_METRICS.SERVER_KEY.getUnqualifiedName()));
            for (org.jooq.Field<?> f : JooqSink.metricFields()) {
                columns.append(", ").append(dsl.render(f.getUnqualifiedName()));
            }
            this.columns = columns.toString();
            this.rollupSql = MetricDayRows.copySql(dsl);
        } catch (SQLException e) {
            throw new SinkException("cannot prepare COPY: " + ConnectionPool.rootMessage(e), e);
        }
    }

    @Override
    public long bytesWritten() {
        return bytes;
    }

    /**
     * Nothing to do ahead: {@link #write} encodes each block into one buffer the sink reuses, which stays in the
     * core's cache where a new array a block (half a gigabyte for the hourly default) would not.
     */
    @Override
    public SampleBlock encode(SampleBlock block) {
        return block;
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
            // FREEZE (ATTACH): the table is new in this transaction, so its rows are written frozen once, not again by vacuum.
            copySql = "COPY " + dsl.render(DSL.name(layout.table(partition))) + " (" + columns + ") FROM STDIN ("
                    + layout.copyOptions(partition) + ")";
        } catch (RuntimeException e) {
            throw fail("cannot create partition " + partition.number(), e);
        }
    }

    @Override
    public void begin(Chunk chunk) throws SinkException {
        if (copySql == null) {
            throw new IllegalStateException("chunk " + chunk.number() + " begun outside a partition");
        }
        try {
            copy = copyManager.copyIn(copySql);
            rollup = new ChunkRollup(chunk, rollupListener);
            send(BinaryCopyFormat.header());
        } catch (SQLException e) {
            throw fail("cannot start COPY of chunk " + chunk.number(), e);
        }
    }

    @Override
    public void write(SampleBlock block, SampleBlock same) throws SinkException {
        try {
            if (buffer.length < BinaryCopyFormat.bytes(block)) {
                buffer = new byte[BinaryCopyFormat.bytes(block)];
            }
            send(buffer, BinaryCopyFormat.rows(block, buffer));
            rollup.add(block);
        } catch (SQLException e) {
            throw fail("COPY failed", e);
        }
    }

    private void send(byte[] data) throws SQLException {
        send(data, data.length);
    }

    private void send(byte[] data, int length) throws SQLException {
        copy.writeToCopy(data, 0, length);
        bytes += length;
    }

    @Override
    public void end(Chunk chunk) throws SinkException {
        try {
            send(BinaryCopyFormat.trailer());
            long rows = copy.endCopy();
            copy = null;
            if (rows != chunk.rows()) {
                throw new SinkException("COPY of chunk " + chunk.number() + " stored " + rows + " rows, expected " + chunk.rows());
            }
            byte[] days = MetricDayRows.binary(rollup.days());
            copy = copyManager.copyIn(rollupSql);
            copy.writeToCopy(days, 0, days.length);
            copy.endCopy();
            copy = null;
            DatasetStore.recordChunk(dsl, chunk.number(), chunk.serverIndex(), chunk.fromStamp(), chunk.toStamp(), chunk.rows(), METHOD);
        } catch (SQLException | RuntimeException e) {
            throw fail("cannot write chunk " + chunk.number(), e);
        }
    }

    @Override
    public void commit(Partition partition) throws SinkException {
        try {
            layout.close(dsl, partition);
            connection.commit();
            copySql = null;
        } catch (SQLException | RuntimeException e) {
            throw fail("cannot commit partition " + partition.number(), e);
        }
    }

    private SinkException fail(String what, Exception e) {
        abort();
        return new SinkException(what + ": " + ConnectionPool.rootMessage(e), e);
    }

    /** Cancels an open COPY and rolls back, so the connection goes back to the pool clean. */
    private void abort() {
        if (copy != null) {
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException ignored) {
                // The connection may be gone; the server rolls the transaction back on its own.
            }
            copy = null;
        }
        copySql = null;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Same: nothing was committed, and a broken connection is discarded by the pool.
        }
    }

    @Override
    public void close() {
        abort();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing returns the connection to the pool; a failure there leaves nothing to undo.
        }
    }
}
