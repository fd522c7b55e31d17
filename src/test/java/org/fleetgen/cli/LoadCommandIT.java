package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code fleetgen load} end to end, in process, against each real PostgreSQL the tests have. */
class LoadCommandIT {
    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private CliRun load(Db db, String schema, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("load", "--quiet"));
        args.addAll(db.cliArgs(schema, dir.resolve("pw-" + schema)));
        args.addAll(List.of(flags));
        return CliRun.of(args.toArray(String[]::new));
    }

    private List<String> exportLines(String... flags) throws Exception {
        Path out = dir.resolve("export-" + System.nanoTime() + ".csv");
        List<String> args = new ArrayList<>(List.of("export", "-q", "--out", out.toString()));
        args.addAll(List.of(flags));
        assertEquals(0, CliRun.of(args.toArray(String[]::new)).exitCode());
        return Files.readAllLines(out).subList(1, Files.readAllLines(out).size());
    }

    /** The wide view's rows as CSV lines, formatted independently of the export code. */
    private static List<String> viewLines(Db db, String schema, boolean dateOnly) throws Exception {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(dateOnly ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss");
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + schema + ".server_metrics_wide ORDER BY server_id, \"timestamp\"")) {
            while (rs.next()) {
                StringBuilder line = new StringBuilder(rs.getObject(1, LocalDateTime.class).format(f));
                line.append(',').append(rs.getString(2));
                for (int col = 3; col <= 7; col++) {
                    line.append(',').append(Double.toString(rs.getDouble(col)));  // = Python repr for k/100 values
                }
                for (int col = 8; col <= 19; col++) {
                    line.append(',').append(rs.getString(col));
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void wideViewEqualsTheExportDailyAndHourly(Db db) throws Exception {
        String[] daily = {"--servers", "13", "--start", "2024-12-01", "--end", "2025-01-15"};
        String schema = TestDatabases.freshSchema("wide_daily");
        CliRun run = load(db, schema, daily);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(exportLines(daily), viewLines(db, schema, true));

        String[] hourly = {"--servers", "5", "--start", "2023-12-30", "--end", "2024-01-02", "--granularity", "hourly"};
        String hourlySchema = TestDatabases.freshSchema("wide_hourly");
        CliRun hourlyRun = load(db, hourlySchema, concat(List.of(hourly), List.of("--chunk-rows", "48")));
        assertEquals(0, hourlyRun.exitCode(), hourlyRun.err());
        assertEquals(exportLines(hourly), viewLines(db, hourlySchema, false));
        db.dropSchema(schema);
        db.dropSchema(hourlySchema);
    }

    /**
     * An archetype defined in YAML goes end to end: its servers' rows equal the export, the archetype table
     * holds its fields by name, verify regenerates it from the manifest alone, and an alias override applies.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anArchetypeDefinedInTheConfigIsLoadedAndVerified(Db db) throws Exception {
        StringBuilder yaml = new StringBuilder("data:\n  distribution: {web: 0.5, gpu: 0.25, db: 0.25}\narchetypes:\n  DB: {base_cpu: 61}\n  gpu:\n");
        String[] fields = {"base_cpu: 70", "base_memory: 60", "base_disk: 30", "base_network: 200", "cpu_sd: 20", "memory_sd: 10",
                "disk_sd: 8", "network_sd: 60", "cpu_mem_correlation: 0.5", "cpu_disk_correlation: 0.1", "cpu_net_correlation: 0.6",
                "mem_disk_correlation: 0.3", "mem_net_correlation: 0.2", "disk_net_correlation: 0.3", "business_hours_factor: 1.4",
                "weekend_factor: 0.8", "spike_probability: 0.05", "spike_magnitude: 1.5", "monthly_growth_rate: 2.0"};
        for (String f : fields) {
            yaml.append("    ").append(f).append('\n');
        }
        Path config = dir.resolve("gpu.yaml");
        Files.writeString(config, yaml);
        String[] flags = {"--config", config.toString(), "--servers", "8", "--start", "2024-01-01", "--end", "2024-02-15"};
        String schema = TestDatabases.freshSchema("gpu");
        CliRun run = load(db, schema, flags);
        assertEquals(0, run.exitCode(), run.err());
        List<String> exported = exportLines(flags);
        assertEquals(exported, viewLines(db, schema, true));
        assertEquals(2 * 46, exported.stream().filter(l -> l.contains(",gpu,")).count());
        assertEquals(70L, Datasets.scalar(db, "SELECT base_cpu FROM " + schema + ".archetype WHERE server_type = 'gpu'"));
        assertEquals(2L, Datasets.scalar(db, "SELECT monthly_growth_rate FROM " + schema + ".archetype WHERE server_type = 'gpu'"));
        assertEquals(61L, Datasets.scalar(db, "SELECT base_cpu FROM " + schema + ".archetype WHERE server_type = 'database'"));
        List<String> verify = new ArrayList<>(List.of("verify", "--quiet"));
        verify.addAll(db.cliArgs(schema, dir.resolve("pw-" + schema)));
        CliRun checked = CliRun.of(verify.toArray(String[]::new));
        assertEquals(0, checked.exitCode(), checked.out() + checked.err());
        db.dropSchema(schema);
    }

    /**
     * Every partition comes analyzed, with statistics in proportion to its share of the dataset (at least a
     * target of 10): all partitions together sample about what one ANALYZE of the whole table would. A dataset
     * of one partition keeps the server's target.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void partitionsComeAnalyzedInProportionToTheirShare(Db db) throws Exception {
        // 40 servers x 60 days hourly in chunks of 1,000 rows: partitions of about 4 servers each; one server: one partition.
        for (String servers : List.of("40", "1")) {
            String schema = TestDatabases.freshSchema("stats");
            CliRun load = load(db, schema, "--servers", servers, "--start", "2024-01-01", "--end", "2024-02-29", "--granularity", "hourly",
                    "--chunk-rows", "1000");
            assertEquals(0, load.exitCode(), load.err());
            long defaultTarget = Datasets.scalar(db, "SELECT current_setting('default_statistics_target')::int");
            long total = Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".server_metrics");
            List<String> partitions = new ArrayList<>();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                         + schema + "' AND c.relname LIKE 'server_metrics_p%' AND c.relkind = 'r' ORDER BY 1")) {
                while (rs.next()) {
                    partitions.add(rs.getString(1));
                }
            }
            assertEquals(servers.equals("1") ? 1 : 10, partitions.size(), partitions.toString());
            for (String t : partitions) {
                long rows = Datasets.scalar(db, "SELECT count(*) FROM " + schema + "." + t);
                long target = Math.min(defaultTarget, Math.max(10, (defaultTarget * rows + total - 1) / total));
                assertTrue(Datasets.scalar(db, "SELECT reltuples::bigint FROM pg_class WHERE oid = '" + schema + "." + t + "'::regclass") > 0,
                        t + " not analyzed");
                // A histogram of a target t has at most t + 1 bounds; the server's target would give up to 101.
                long bounds = Datasets.scalar(db, "SELECT coalesce(array_length(histogram_bounds::text::text[], 1), 0) FROM pg_stats "
                        + "WHERE schemaname = '" + schema + "' AND tablename = '" + t + "' AND attname = 'cpu_p95'");
                assertTrue(bounds > 1 && bounds <= target + 1, t + ": " + bounds + " bounds for a target of " + target);
                if (partitions.size() == 1) {
                    assertTrue(bounds > 11, t + ": " + bounds + " bounds, where the server's target is " + defaultTarget);
                }
            }
            db.dropSchema(schema);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rerunIsANoOpAndReplaceIsExplicit(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("rerun");
        String[] a = {"--servers", "4", "--start", "2024-01-01", "--end", "2024-02-29"};
        assertEquals(0, load(db, schema, a).exitCode());
        String before = Datasets.checksum(db, schema);
        long ledger = Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger");

        CliRun again = CliRun.of(concat(List.of("load"), db.cliArgs(schema, dir.resolve("pw")), List.of(a)));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("nothing to do"), again.err());
        assertEquals(before, Datasets.checksum(db, schema));
        assertEquals(ledger, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger"));

        String[] b = {"--servers", "3", "--start", "2024-01-01", "--end", "2024-02-29"};
        CliRun refused = load(db, schema, b);
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.errLines(), refused.err());
        assertTrue(refused.err().contains("--replace") && refused.err().contains(schema), refused.err());
        assertEquals(before, Datasets.checksum(db, schema), "a refused load changes nothing");

        CliRun replaced = load(db, schema, concat(List.of(b), List.of("--replace")));
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertEquals(3 * 60, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".server_metrics"));
        assertEquals(3, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".server"));
        db.dropSchema(schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void jooqMethodAndWorkerCountLoadTheSameRows(Db db) throws Exception {
        String[] shape = {"--servers", "6", "--start", "2024-03-01", "--end", "2024-03-10", "--granularity", "hourly", "--chunk-rows", "72"};
        String copy1 = TestDatabases.freshSchema("copy1");
        String copy3 = TestDatabases.freshSchema("copy3");
        String jooq = TestDatabases.freshSchema("jooq");
        assertEquals(0, load(db, copy1, concat(List.of(shape), List.of("--workers", "1"))).exitCode());
        assertEquals(0, load(db, copy3, concat(List.of(shape), List.of("--workers", "3"))).exitCode());
        CliRun j = load(db, jooq, concat(List.of(shape), List.of("--method", "jooq")));
        assertEquals(0, j.exitCode(), j.err());
        String want = Datasets.checksum(db, copy1);
        assertEquals(want, Datasets.checksum(db, copy3));
        assertEquals(want, Datasets.checksum(db, jooq));
        assertEquals("jooq", scalarText(db, "SELECT DISTINCT method FROM " + jooq + ".load_ledger"));
        for (String s : List.of(copy1, copy3, jooq)) {
            db.dropSchema(s);
        }
    }

    @Test
    void passwordNeverAppearsInOutput() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("secret");
        Path json = dir.resolve("summary.json");
        CliRun ok = load(db, schema, "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-05", "--json-summary", json.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        String password = db.password().reveal();
        assertFalse(ok.err().contains(password) || ok.out().contains(password) || Files.readString(json).contains(password));

        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "Wr0ng-Pa55word-4-fleetgen\n");
        CliRun denied = CliRun.of("load", "--url", db.jdbcUrl(), "--user", "postgres", "--password-file", wrong.toString(),
                "--schema", schema, "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-05");
        assertEquals(1, denied.exitCode(), denied.err());
        assertEquals(1, denied.errLines(), denied.err());
        assertTrue(denied.err().contains("password authentication failed"), denied.err());
        assertFalse(denied.err().contains("Wr0ng-Pa55word"), denied.err());

        CliRun inUrl = CliRun.of("load", "--url", db.jdbcUrl() + "?password=Wr0ng-Pa55word-4-fleetgen", "--user", "postgres",
                "--schema", schema, "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-05");
        assertEquals(1, inUrl.exitCode(), inUrl.err());
        assertFalse(inUrl.err().contains("Wr0ng-Pa55word"), inUrl.err());
        db.dropSchema(schema);
    }

    @Test
    void badUrlsFailFastWithOneLine() throws Exception {
        long start = System.nanoTime();
        CliRun refused = CliRun.of("load", "--url", "jdbc:postgresql://127.0.0.1:1/nothing", "--servers", "2");
        assertEquals(1, refused.exitCode(), refused.err());
        assertEquals(1, refused.errLines(), refused.err());
        assertTrue(refused.err().contains("127.0.0.1:1"), refused.err());
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "fails within seconds");

        CliRun notJdbc = CliRun.of("load", "--url", "postgres://localhost/x", "--servers", "2");
        assertEquals(2, notJdbc.exitCode(), notJdbc.err());
        assertTrue(notJdbc.err().contains("--url"), notJdbc.err());

        CliRun badSchema = CliRun.of("load", "--url", "jdbc:postgresql://127.0.0.1:1/x", "--schema", "x\";drop table y;--");
        assertEquals(2, badSchema.exitCode(), badSchema.err());
        assertTrue(badSchema.err().contains("--schema"), badSchema.err());
    }

    private static String scalarText(Db db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            String v = rs.getString(1);
            assertFalse(rs.next(), "one row");
            return v;
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all.toArray(String[]::new);
    }
}
