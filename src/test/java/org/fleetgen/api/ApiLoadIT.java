package org.fleetgen.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.fleetgen.cli.Fleetgen;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library's load and verify on both servers: the same rows as the CLI's load, nothing done twice,
 * another dataset refused unless replaced, tampering found, bad targets refused in one line.
 */
class ApiLoadIT {
    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void loadsTheCliRowsOnceAndVerifies(Db db) throws Exception {
        DatasetSpec spec = DatasetSpec.builder().servers(12).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 6, 30)).seed(4).build();
        String api = TestDatabases.freshSchema("api_load");
        String cli = TestDatabases.freshSchema("api_cli");
        DataSource ds = db.dataSource();

        LoadResult first = DatasetLoads.load(ds, api, spec, LoadOptions.defaults().withWorkers(2));
        assertFalse(first.alreadyComplete());
        assertEquals(spec.rows(), first.rowsLoaded());
        assertEquals(12L * 182, first.totalRows());

        List<String> args = new ArrayList<>(List.of("load", "--quiet", "--servers", "12", "--start", "2024-01-01", "--end", "2024-06-30",
                "--seed", "4"));
        args.addAll(db.cliArgs(cli, dir.resolve("pw")));
        assertEquals(0, Fleetgen.execute(args.toArray(String[]::new), new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(Datasets.checksum(db, cli), Datasets.checksum(db, api), "the library loads the CLI's rows");

        LoadResult again = DatasetLoads.load(ds, api, spec);
        assertTrue(again.alreadyComplete());
        assertEquals(0, again.rowsLoaded());
        VerifyResult ok = DatasetLoads.verify(ds, api);
        assertTrue(ok.ok(), ok.toString());

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + api + ".server_metrics SET cpu_p95 = cpu_p95 + 1 WHERE server_key = 3 AND ts = '2024-02-01'");
        }
        VerifyResult bad = DatasetLoads.verify(ds, api);
        assertFalse(bad.ok());
        assertTrue(bad.differences().stream().anyMatch(d -> d.serverId().equals("server_003") && d.description().contains("values differ")),
                bad.differences().toString());

        DatasetSpec other = DatasetSpec.builder().servers(5).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 1, 31)).build();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DatasetLoads.load(ds, api, other));
        assertTrue(refused.getMessage().contains("withReplace"), refused.getMessage());
        LoadResult replaced = DatasetLoads.load(ds, api, other, LoadOptions.defaults().withReplace(true));
        assertEquals(5L * 31, replaced.rowsLoaded());
        assertTrue(DatasetLoads.verify(ds, api).ok());
        db.dropSchema(api);
        db.dropSchema(cli);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void badTargetsAreRefusedInOneLine(Db db) {
        DatasetSpec spec = DatasetSpec.builder().servers(2).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 1, 5)).build();
        for (String schema : List.of("Fleet", "1fleet", "fleet;drop", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetLoads.load(db.dataSource(), schema, spec));
            assertTrue(e.getMessage().contains("schema"), e.getMessage());
        }
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> DatasetLoads.load("mysql://localhost/x", null, null, "fleet", spec, LoadOptions.defaults()));
        assertTrue(url.getMessage().contains("jdbcUrl") || url.getMessage().contains("url"), url.getMessage());
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        FleetgenException down = assertThrows(FleetgenException.class, () -> DatasetLoads.load(nowhere, "fleet", spec));
        assertEquals(1, down.getMessage().lines().count(), down.getMessage());
        assertTrue(down.getMessage().contains("cannot connect"), down.getMessage());
    }
    /**
     * A load holds a connection per worker that can have a partition, plus the lock's and the set-up's, not one per
     * worker asked for: datasets of 1, 3 and 8 partitions (one server each) with 6 workers, on the URL and the
     * DataSource paths. A session of the test's own counts the load's connections while it runs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLoadHoldsAConnectionPerPartitionItCanLoadNotPerWorker(Db db) throws Exception {
        for (int servers : new int[] {1, 3, 8}) {
            for (boolean url : new boolean[] {true, false}) {
                DatasetSpec spec = DatasetSpec.builder().servers(servers).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 2, 29)).build();
                // 60 daily rows a server and partitions of 5 chunks of 12 rows: a server a partition.
                LoadOptions options = LoadOptions.defaults().withWorkers(6).withChunkRows(12);
                String schema = TestDatabases.freshSchema("api_conns");
                int most;
                try (ConnectionCounter counter = new ConnectionCounter(db)) {
                    if (url) {
                        DatasetLoads.load(db.jdbcUrl(), db.user(), db.password().reveal(), schema, spec, options);
                    } else {
                        // A library user's data source, named as the URL path names its sessions, so the same count finds them.
                        org.postgresql.ds.PGSimpleDataSource ds = (org.postgresql.ds.PGSimpleDataSource) db.dataSource();
                        ds.setApplicationName("fleetgen");
                        DatasetLoads.load(ds, schema, spec, options);
                    }
                    most = counter.most();
                }
                int allowed = Math.min(6, servers) + 2;
                assertTrue(most >= 1, "the counting session saw the load");
                assertTrue(most <= allowed, servers + " partitions, " + (url ? "URL" : "DataSource") + ": " + most
                        + " connections at once, at most " + allowed + " expected");
                assertTrue(DatasetLoads.verify(db.dataSource(), schema).ok());
                db.dropSchema(schema);
            }
        }
    }

    /** Polls the server for fleetgen's sessions on a thread of its own until closed; keeps the largest count. */
    private static final class ConnectionCounter implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        private final Thread thread;
        private final Connection connection;

        ConnectionCounter(Db db) throws Exception {
            connection = db.connect();
            // Each count in a transaction of its own: within one, the server keeps the first snapshot of its sessions.
            connection.setAutoCommit(true);
            thread = new Thread(() -> {
                try (Statement st = connection.createStatement()) {
                    while (!done.get()) {
                        try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity "
                                + "WHERE application_name = 'fleetgen' AND datname = current_database()")) {
                            rs.next();
                            most.accumulateAndGet(rs.getInt(1), Math::max);
                        }
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    most.set(Integer.MAX_VALUE);  // a counter that failed must not pass the test
                }
            });
            thread.start();
        }

        int most() throws InterruptedException {
            done.set(true);
            thread.join();
            return most.get();
        }

        @Override
        public void close() throws Exception {
            done.set(true);
            thread.join();
            connection.close();
        }
    }
}
