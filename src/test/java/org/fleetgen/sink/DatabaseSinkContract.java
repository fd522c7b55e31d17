package org.fleetgen.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.SchemaMigrator;
import org.fleetgen.sample.MetricSample;
import org.fleetgen.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.PGConnection;

/** The sink contract on a fresh schema of the embedded PostgreSQL. */
public abstract class DatabaseSinkContract extends SampleSinkContract {
    protected TestDatabases.Db db;
    protected String schema;
    protected ConnectionPool pool;
    /** The connection of the sink opened last, which {@link #breakDestination} terminates. */
    private Connection sinkConnection;

    /** A connection for a sink under test; subclasses open their sinks on it. */
    protected Connection sinkConnection() throws Exception {
        sinkConnection = pool.connection();
        return sinkConnection;
    }

    @BeforeEach
    void migrate() throws Exception {
        db = TestDatabases.embedded();
        schema = TestDatabases.freshSchema("sink");
        pool = ConnectionPool.open(db.target(schema), 4);
        SchemaMigrator.migrate(pool.dataSource(), schema);
    }

    @AfterEach
    void drop() throws Exception {
        pool.close();
        db.dropSchema(schema);
    }

    @Override
    protected List<MetricSample> readBack() throws Exception {
        List<MetricSample> rows = new ArrayList<>();
        long start = grid.epochSecondOfStart();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT server_key, ts, cpu_p95, mem_p95, disk_p95, net_in_p95, net_out_p95 FROM "
                     + schema + ".server_metrics ORDER BY server_key, ts")) {
            while (rs.next()) {
                int stamp = (int) ((rs.getObject(2, OffsetDateTime.class).toEpochSecond() - start) / 3600);
                rows.add(new MetricSample(rs.getInt(1), stamp, rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return rows;
    }

    /** A committed partition is a keyed table attached to server_metrics; one not committed leaves no table behind. */
    @org.junit.jupiter.api.Test
    void committedPartitionsAreKeyedAndAttachedAndOthersLeaveNoTable() throws Exception {
        try (SampleSink<?> sink = open()) {
            writeAll(sink, simulator, partitions(), false);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname, i.inhparent::regclass::text, "
                     + "(SELECT count(*) FROM pg_index x WHERE x.indrelid = c.oid AND x.indisprimary), "
                     + "pg_get_expr(c.relpartbound, c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid WHERE n.nspname = '" + schema + "' "
                     + "AND c.relname LIKE 'server_metrics_p%' AND c.relkind = 'r' ORDER BY 1")) {
            org.junit.jupiter.api.Assertions.assertTrue(rs.next(), "no partition table");
            org.junit.jupiter.api.Assertions.assertEquals("server_metrics_p00000", rs.getString(1));
            org.junit.jupiter.api.Assertions.assertTrue(rs.getString(2).endsWith("server_metrics"), rs.getString(2));
            org.junit.jupiter.api.Assertions.assertEquals(1, rs.getInt(3));
            org.junit.jupiter.api.Assertions.assertEquals("FOR VALUES FROM (0) TO (1)", rs.getString(4));
            org.junit.jupiter.api.Assertions.assertFalse(rs.next(), "an uncommitted partition left " + (rs.isAfterLast() ? "" : rs.getString(1)));
        }
    }

    @Override
    protected boolean finishesOutput() {
        return false;
    }

    /** Terminates the sink's backend from another session, as an administrator or a crash would. */
    @Override
    protected void breakDestination(SampleSink<?> sink) throws Exception {
        int pid = sinkConnection.unwrap(PGConnection.class).getBackendPID();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
    }
}
