package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetgen.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On plain PostgreSQL (no timescaledb extension): TimescaleDB's options refused as bad input, one line naming the flag
 * or key, exit 2, no schema created; and --single-connection, which a role limited to one connection proves: its load
 * succeeds, the pooled load of the same role fails, and the data is a pooled load's.
 */
class TimescaleOptionsIT {
    static Stream<TestDatabases.Db> databases() {
        return TestDatabases.all().stream();
    }

    static Stream<Arguments> refusals() throws Exception {
        Path bad = Files.createTempFile("fleetgen", ".yaml");
        Files.writeString(bad, "timescaledb:\n  compress: maybe\n");
        Path badInterval = Files.createTempFile("fleetgen", ".yaml");
        Files.writeString(badInterval, "timescaledb:\n  chunk_interval: 0h\n");
        Path offAndCompress = Files.createTempFile("fleetgen", ".yaml");
        Files.writeString(offAndCompress, "timescaledb:\n  enabled: false\n  compress: true\n");
        Path on = Files.createTempFile("fleetgen", ".yaml");
        Files.writeString(on, "timescaledb:\n  enabled: true\n");
        List<Arguments> out = new ArrayList<>();
        for (TestDatabases.Db db : TestDatabases.all()) {
            out.add(Arguments.of(db, List.of("--timescaledb"), "--timescaledb"));
            out.add(Arguments.of(db, List.of("--compress"), "--compress"));
            out.add(Arguments.of(db, List.of("--chunk-interval", "7d"), "--chunk-interval"));
            out.add(Arguments.of(db, List.of("--config", on.toString()), "timescaledb.enabled"));
            for (String interval : List.of("0d", "5m", "x", "3661d", "12", "-1d")) {
                out.add(Arguments.of(db, List.of("--chunk-interval", interval), "--chunk-interval"));
            }
            out.add(Arguments.of(db, List.of("--no-timescaledb", "--compress"), "--compress"));
            out.add(Arguments.of(db, List.of("--config", bad.toString()), "timescaledb.compress"));
            out.add(Arguments.of(db, List.of("--config", badInterval.toString()), "timescaledb.chunk_interval"));
            out.add(Arguments.of(db, List.of("--config", offAndCompress.toString()), "timescaledb.compress"));
            out.add(Arguments.of(db, List.of("--single-connection", "--workers", "2"), "--workers"));
            out.add(Arguments.of(db, List.of("--distributed", "--timescaledb"), "--distributed"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void timescaleOptionsThatCannotApplyAreBadInput(TestDatabases.Db db, List<String> flags, String named) throws Exception {
        String schema = TestDatabases.freshSchema("tsopt");
        List<String> args = new ArrayList<>(List.of("load", "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-05"));
        args.addAll(db.cliArgs(schema, Files.createTempFile("fleetgen", ".pw")));
        args.addAll(flags);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().contains(named), "names " + named + ": " + run.err());
        assertTrue(!run.err().contains("Exception"), run.err());
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no schema created");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRoleLimitedToOneConnectionLoadsWithSingleConnection(TestDatabases.Db db) throws Exception {
        String role = "fleetgen_one_" + ProcessHandle.current().pid() + "_" + (System.nanoTime() % 100000);
        String schema = TestDatabases.freshSchema("single");
        String reference = TestDatabases.freshSchema("pooled");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'one-connection' CONNECTION LIMIT 1");
            s.execute("GRANT CREATE ON DATABASE " + c.getCatalog() + " TO " + role);
        }
        TestDatabases.Db limited = new TestDatabases.Db("limited", db.jdbcUrl().replaceAll("[?&]user=[^&]*", ""), role,
                new org.fleetgen.config.Secret("one-connection"));
        List<String> dataset = List.of("--servers", "5", "--start", "2024-01-01", "--end", "2024-01-31", "--granularity", "hourly");
        try {
            List<String> args = new ArrayList<>(List.of("load", "--quiet", "--single-connection"));
            args.addAll(limited.cliArgs(schema, Files.createTempFile("fleetgen", ".pw")));
            args.addAll(dataset);
            CliRun single = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, single.exitCode(), single.err());
            // The same role with a pool of connections is refused by the server: the limit is real.
            List<String> pooled = new ArrayList<>(List.of("load", "--quiet", "--workers", "2"));
            pooled.addAll(limited.cliArgs(TestDatabases.freshSchema("refused"), Files.createTempFile("fleetgen", ".pw")));
            pooled.addAll(dataset);
            CliRun refused = CliRun.of(pooled.toArray(String[]::new));
            assertEquals(1, refused.exitCode(), refused.err());
            assertTrue(refused.err().contains("too many connections"), refused.err());
            List<String> ref = new ArrayList<>(List.of("load", "--quiet"));
            ref.addAll(db.cliArgs(reference, Files.createTempFile("fleetgen", ".pw")));
            ref.addAll(dataset);
            assertEquals(0, CliRun.of(ref.toArray(String[]::new)).exitCode());
            String digest = "SELECT count(*) || ':' || md5(string_agg(server_key || ',' || ts || ',' || cpu_p95 || ',' || mem_p95 || ',' "
                    + "|| disk_p95 || ',' || net_in_p95 || ',' || net_out_p95, ';' ORDER BY server_key, ts)) FROM ";
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                ResultSet a = s.executeQuery(digest + schema + ".server_metrics");
                a.next();
                String got = a.getString(1);
                ResultSet b = s.executeQuery(digest + reference + ".server_metrics");
                b.next();
                assertEquals(b.getString(1), got, "the single connection's rows are a pooled load's");
                ResultSet v = s.executeQuery("SELECT (SELECT count(*) FROM " + schema + ".archetype_daily) = (SELECT count(*) FROM " + reference
                        + ".archetype_daily) AND (SELECT count(*) FROM " + schema + ".archetype_daily) > 0");
                v.next();
                assertTrue(v.getBoolean(1), "the views answered");
            }
        } finally {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + reference + " CASCADE");
                s.execute("REVOKE CREATE ON DATABASE " + c.getCatalog() + " FROM " + role);
                s.execute("DROP OWNED BY " + role + " CASCADE");
                s.execute("DROP ROLE " + role);
            }
        }
    }
}
