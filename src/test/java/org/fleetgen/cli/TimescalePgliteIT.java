package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TimescaleEngine;
import org.fleetgen.testing.ViewOracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every TimescaleDB statement fleetgen issues, run by a real TimescaleDB (2.23.0-dev in the test-only PGlite engine,
 * {@link TimescaleEngine}): the hypertable and its chunk interval, the key built after the load, the continuous
 * aggregates and their refresh, compression, the manifest's row, and --replace between layouts. The engine takes one
 * connection and no COPY, so these loads use the documented {@code --single-connection --method jooq}; the COPY path
 * into a hypertable runs in TimescaleIT where Docker and a TimescaleDB image exist. The same dataset loaded into plain
 * PostgreSQL is the reference: the same rows, and the views over the continuous aggregates answer as its views do
 * (counts, maxima, percentiles equal; means within 1e-9).
 */
class TimescalePgliteIT {
    private static TimescaleEngine engine;
    private static final List<String> DATASET = List.of("--servers", "6", "--start", "2024-01-01", "--end", "2024-02-20",
            "--granularity", "hourly");
    private static final int ROWS = 6 * ((51 - 1) * 24 + 1);

    @BeforeAll
    static void start() throws Exception {
        engine = TimescaleEngine.startOrSkip();
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    /** A load's arguments; into the test engine with the documented options for a one-connection, COPY-less target. */
    private static String[] argsOf(TestDatabases.Db db, String schema, List<String> dataset, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("load", "--quiet"));
        args.addAll(db.cliArgs(schema, Files.createTempFile("fleetgen", ".pw")));
        args.addAll(dataset);
        if (db.name().equals(engine.db().name())) {
            args.addAll(List.of("--single-connection", "--method", "jooq"));
        }
        args.addAll(List.of(flags));
        return args.toArray(String[]::new);
    }

    private static CliRun load(TestDatabases.Db db, String schema, List<String> dataset, String... flags) throws Exception {
        return CliRun.of(argsOf(db, schema, dataset, flags));
    }

    private static List<List<Object>> rows(TestDatabases.Db db, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static Object one(TestDatabases.Db db, String sql) throws Exception {
        List<List<Object>> r = rows(db, sql);
        assertEquals(1, r.size(), sql);
        return r.get(0).get(0);
    }

    /** A view's rows by key columns, each a map of column to value. */
    private static Map<String, Map<String, Object>> view(TestDatabases.Db db, String schema, String view, int keyColumns) throws Exception {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + schema + "." + view)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder key = new StringBuilder();
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (i <= keyColumns) {
                        key.append(rs.getString(i)).append('|');
                    }
                    row.put(md.getColumnName(i) + ":" + md.getColumnTypeName(i), rs.getObject(i));
                }
                out.put(key.toString(), row);
            }
        }
        return out;
    }

    private static void assertSameAnswers(Map<String, Map<String, Object>> want, Map<String, Map<String, Object>> got, String view) {
        assertEquals(want.keySet(), got.keySet(), view + ": the same groups");
        assertTrue(!want.isEmpty(), view + " has rows");
        for (Map.Entry<String, Map<String, Object>> e : want.entrySet()) {
            Map<String, Object> g = got.get(e.getKey());
            assertEquals(e.getValue().keySet(), g.keySet(), view + ": the same columns and types");
            for (Map.Entry<String, Object> col : e.getValue().entrySet()) {
                Object w = col.getValue();
                Object v = g.get(col.getKey());
                String where = view + " " + e.getKey() + " " + col.getKey();
                if (col.getKey().startsWith("avg_") && w instanceof Number wn && v instanceof Number vn) {
                    double a = wn.doubleValue();
                    double b = vn.doubleValue();
                    assertTrue(Math.abs(a - b) <= ViewOracle.RELATIVE * Math.max(Math.abs(a), Math.abs(b)), where + ": " + a + " vs " + b);
                } else {
                    assertEquals(w, v, where);
                }
            }
        }
    }

    private static final String ROW_DIGEST = "SELECT count(*) || ':' || md5(string_agg(server_key || ',' || extract(epoch FROM ts)::bigint || ',' "
            + "|| cpu_p95 || ',' || mem_p95 || ',' || disk_p95 || ',' || net_in_p95 || ',' || net_out_p95, ';' ORDER BY server_key, ts)) FROM ";

    @Test
    void aCompressedHypertableWithContinuousAggregatesHoldsAndAnswersWhatPlainPostgresDoes() throws Exception {
        TestDatabases.Db ts = engine.db();
        TestDatabases.Db plain = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("tsdb");
        Path summary = Files.createTempFile("fleetgen", ".json");
        Path plainSummary = Files.createTempFile("fleetgen", ".json");
        Files.delete(summary);
        Files.delete(plainSummary);
        CliRun run = load(ts, schema, DATASET, "--compress", "--chunk-interval", "7d", "--json-summary", summary.toString());
        assertEquals(0, run.exitCode(), run.err());
        CliRun reference = load(plain, schema, DATASET, "--json-summary", plainSummary.toString());
        assertEquals(0, reference.exitCode(), reference.err());
        String json = Files.readString(summary);
        assertTrue(json.matches("(?s).*\"timescaledb\":\\{\"version\":\"2\\.[0-9a-z.-]+\",\"chunk_interval\":\"7d\",\"compressed\":true}.*"), json);
        assertTrue(Files.readString(plainSummary).contains("\"timescaledb\":null"), Files.readString(plainSummary));
        try {
            assertEquals(1L, ((Number) one(ts, "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = '"
                    + schema + "' AND hypertable_name = 'server_metrics'")).longValue(), "server_metrics is a hypertable");
            assertEquals("7 days", String.valueOf(one(ts, "SELECT time_interval::text FROM timescaledb_information.dimensions "
                    + "WHERE hypertable_schema = '" + schema + "' AND hypertable_name = 'server_metrics' AND column_name = 'ts'")));
            List<List<Object>> chunks = rows(ts, "SELECT is_compressed FROM timescaledb_information.chunks WHERE hypertable_schema = '"
                    + schema + "' AND hypertable_name = 'server_metrics'");
            assertEquals(8, chunks.size(), "51 days in 7-day chunks aligned on TimescaleDB's origin");
            assertTrue(chunks.stream().allMatch(r -> Boolean.TRUE.equals(r.get(0))), "every chunk compressed: " + chunks);
            assertEquals("server_key,ts", one(ts, "SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_constraint c "
                    + "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid "
                    + "AND a.attnum = k.attnum WHERE c.conname = 'server_metrics_pk' AND c.conrelid = '" + schema + ".server_metrics'::regclass"),
                    "the primary key (server_key, ts), built after the load");
            assertEquals(List.of(List.of("archetype_daily_cagg", false), List.of("archetype_hourly_cagg", false), List.of("archetype_monthly_cagg", false)),
                    rows(ts, "SELECT view_name::text, materialized_only FROM timescaledb_information.continuous_aggregates WHERE view_schema = '"
                            + schema + "' ORDER BY 1"), "three continuous aggregates with real-time aggregation");
            List<List<Object>> manifest = rows(ts, "SELECT extension_version, chunk_interval, compressed FROM " + schema + ".dataset_timescaledb");
            assertEquals(1, manifest.size());
            assertTrue(String.valueOf(manifest.get(0).get(0)).startsWith("2."), "the extension's version: " + manifest);
            assertEquals(List.of("7d", true), manifest.get(0).subList(1, 3));
            // The same rows, compressed, as plain PostgreSQL holds.
            assertEquals(one(plain, ROW_DIGEST + schema + ".server_metrics"), one(ts, ROW_DIGEST + schema + ".server_metrics"));
            assertEquals(ROWS + ":", String.valueOf(one(ts, ROW_DIGEST + schema + ".server_metrics")).substring(0, String.valueOf(ROWS).length() + 1));
            // The time-bucketed views read the continuous aggregates and answer as plain PostgreSQL's views.
            for (String v : List.of("archetype_daily", "archetype_monthly", "archetype_hourly_profile")) {
                assertTrue(String.valueOf(one(ts, "SELECT definition FROM pg_views WHERE schemaname = '" + schema + "' AND viewname = '" + v + "'"))
                        .contains("_cagg"), v + " reads a continuous aggregate");
                int keys = v.equals("archetype_hourly_profile") ? 3 : 2;
                assertSameAnswers(view(plain, schema, v, keys), view(ts, schema, v, keys), v);
            }
            // Views answered from fleetgen's own rollups are the same on both.
            for (String v : List.of("archetype_summary", "server_capacity_risk")) {
                int keys = v.equals("archetype_summary") ? 2 : 1;
                assertSameAnswers(view(plain, schema, v, keys), view(ts, schema, v, keys), v);
            }
            assertTrue(engine.alive());
        } finally {
            plain.dropSchema(schema);
        }
    }

    @Test
    void replaceMovesBetweenLayoutsAndARerunCompressesOnRequest() throws Exception {
        TestDatabases.Db ts = engine.db();
        String schema = TestDatabases.freshSchema("tsdb");
        List<String> small = List.of("--servers", "3", "--start", "2024-01-01", "--end", "2024-01-20", "--granularity", "hourly");
        // Default: the extension is installed, so a hypertable, not compressed.
        CliRun first = load(ts, schema, DATASET);
        assertEquals(0, first.exitCode(), first.err());
        String hypertables = "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = '" + schema + "'";
        String compressed = "SELECT count(*) FILTER (WHERE is_compressed) || '/' || count(*) FROM timescaledb_information.chunks "
                + "WHERE hypertable_schema = '" + schema + "' AND hypertable_name = 'server_metrics'";
        assertEquals(1L, ((Number) one(ts, hypertables)).longValue());
        assertEquals("0/8", one(ts, compressed));
        // The same dataset again with --compress: nothing reloaded, the chunks compressed.
        CliRun again = load(ts, schema, DATASET, "--compress");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("8/8", one(ts, compressed));
        assertEquals(true, one(ts, "SELECT compressed FROM " + schema + ".dataset_timescaledb"));
        // Asked for plain tables, the hypertable's dataset is refused without --replace: exit 2, one line, nothing changed.
        CliRun refused = load(ts, schema, DATASET, "--no-timescaledb");
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.errLines(), refused.err());
        assertTrue(refused.err().contains("--timescaledb") && refused.err().contains("--replace"), refused.err());
        assertEquals("8/8", one(ts, compressed));
        // A role's grants on the views (fleetgen grant-read gives these) survive the layouts' changes.
        String role = schema + "_reader";
        try (Connection c = ts.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role);
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
            s.execute("GRANT SELECT ON " + schema + ".server_metrics_wide, " + schema + ".archetype_daily TO " + role);
        }
        String granted = "SELECT has_table_privilege('" + role + "', '" + schema + ".server_metrics_wide', 'SELECT') "
                + "AND has_table_privilege('" + role + "', '" + schema + ".archetype_daily', 'SELECT')";
        // --replace --no-timescaledb: the hypertable, its compressed chunks and aggregates go; plain partitions come.
        CliRun plain = load(ts, schema, small, "--replace", "--no-timescaledb");
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(0L, ((Number) one(ts, hypertables)).longValue());
        assertEquals("p", String.valueOf(one(ts, "SELECT relkind FROM pg_class WHERE oid = '" + schema + ".server_metrics'::regclass")));
        assertEquals(0L, ((Number) one(ts, "SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_schema = '"
                + schema + "'")).longValue());
        assertEquals(0L, ((Number) one(ts, "SELECT count(*) FROM " + schema + ".dataset_timescaledb")).longValue());
        assertEquals(3L * (19 * 24 + 1), ((Number) one(ts, "SELECT count(*) FROM " + schema + ".server_metrics")).longValue());
        assertTrue(!String.valueOf(one(ts, "SELECT definition FROM pg_views WHERE schemaname = '" + schema + "' AND viewname = 'archetype_daily'"))
                .contains("_cagg"), "archetype_daily reads fleetgen's answers again");
        assertEquals(true, one(ts, granted), "grants kept");
        // --replace, the extension there: a hypertable again, with the interval asked for.
        CliRun back = load(ts, schema, small, "--replace", "--chunk-interval", "2d");
        assertEquals(0, back.exitCode(), back.err());
        assertEquals(1L, ((Number) one(ts, hypertables)).longValue());
        assertEquals("2 days", String.valueOf(one(ts, "SELECT time_interval::text FROM timescaledb_information.dimensions "
                + "WHERE hypertable_schema = '" + schema + "' AND hypertable_name = 'server_metrics'")));
        assertEquals(3L * (19 * 24 + 1), ((Number) one(ts, "SELECT sum(rows) FROM " + schema + ".archetype_daily")).longValue(),
                "the new continuous aggregate holds the new dataset's rows");
        assertEquals(true, one(ts, granted), "grants kept");
    }


    @Test
    void aLoadKilledAtRandomMomentsResumesToTheUninterruptedRowsAndVerifiesCompressed() throws Exception {
        TestDatabases.Db ts = engine.db();
        TestDatabases.Db plain = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("tskill");
        // About 13 s of loading on the engine: three kills 1.5-4 s after each start leave work for the final run.
        List<String> dataset = List.of("--servers", "30", "--start", "2024-01-01", "--end", "2024-06-30", "--granularity", "hourly",
                "--chunk-rows", "2000");
        assertEquals(0, load(plain, schema, dataset).exitCode());
        Path dir = Files.createTempDirectory("tskill");
        java.util.Random random = new java.util.Random(20261130L);
        int kills = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            Process p = org.fleetgen.testing.FleetgenProcess.start(dir.resolve("kill-" + attempt + ".log"), List.of(argsOf(ts, schema, dataset)));
            Thread.sleep(1500 + random.nextInt(2500));
            if (p.isAlive()) {
                p.destroyForcibly();  // SIGKILL: the engine sees the client vanish mid-work
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                kills++;
            }
        }
        assertEquals(3, kills, "every kill hit a running load");
        long committed = ((Number) one(ts, "SELECT count(*) FROM " + schema + ".load_ledger")).longValue();
        long planned = ((Number) one(ts, "SELECT chunk_count FROM " + schema + ".dataset")).longValue();
        assertTrue(committed < planned, "the kills left work to do: " + committed + " of " + planned);
        CliRun finish = load(ts, schema, dataset, "--compress");
        assertEquals(0, finish.exitCode(), finish.err());
        try {
            assertEquals(one(plain, ROW_DIGEST + schema + ".server_metrics"), one(ts, ROW_DIGEST + schema + ".server_metrics"),
                    "exactly the rows of an uninterrupted load");
            for (String v : List.of("archetype_daily", "archetype_monthly")) {
                assertSameAnswers(view(plain, schema, v, 2), view(ts, schema, v, 2), v);
            }
            // verify reads the compressed rows back and finds every chunk as generated (one connection: the engine's limit).
            List<String> verify = new ArrayList<>(List.of("verify", "--single-connection"));
            verify.addAll(ts.cliArgs(schema, Files.createTempFile("fleetgen", ".pw")));
            CliRun checked = CliRun.of(verify.toArray(String[]::new));
            assertEquals(0, checked.exitCode(), checked.out() + checked.err());
            assertEquals("0", String.valueOf(one(ts, "SELECT count(*) FILTER (WHERE NOT is_compressed) FROM timescaledb_information.chunks "
                    + "WHERE hypertable_schema = '" + schema + "' AND hypertable_name = 'server_metrics'")));
            // A row changed by hand in a compressed chunk: verify names its chunk.
            try (Connection c = ts.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE " + schema + ".server_metrics SET cpu_p95 = cpu_p95 + 1 WHERE server_key = 3 AND ts = '2024-05-10 05:00+00'");
            }
            CliRun damaged = CliRun.of(verify.toArray(String[]::new));
            assertEquals(1, damaged.exitCode(), damaged.out() + damaged.err());
            assertTrue((damaged.out() + damaged.err()).contains("server_003"), damaged.out() + damaged.err());
        } finally {
            plain.dropSchema(schema);
        }
    }

    @Test
    void anExtendedRealisticDatasetAppendsToTheCompressedHypertable() throws Exception {
        TestDatabases.Db ts = engine.db();
        TestDatabases.Db plain = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("tsext");
        List<String> first = List.of("--model", "realistic", "--servers", "5", "--start", "2024-01-01", "--end", "2024-01-20", "--granularity", "hourly");
        List<String> longer = List.of("--model", "realistic", "--servers", "5", "--start", "2024-01-01", "--end", "2024-01-23", "--granularity", "hourly");
        CliRun loaded = load(ts, schema, first, "--compress");
        assertEquals(0, loaded.exitCode(), loaded.err());
        // The later end appends its days (no COPY: reference tables and answers as INSERTs), into compressed chunks too.
        CliRun extended = load(ts, schema, longer, "--compress");
        assertEquals(0, extended.exitCode(), extended.err());
        assertEquals(0, load(plain, schema, longer).exitCode());
        try {
            assertEquals(one(plain, ROW_DIGEST + schema + ".server_metrics"), one(ts, ROW_DIGEST + schema + ".server_metrics"));
            for (String table : List.of("expected_level", "metric_event", "calendar")) {
                String digest = "SELECT count(*) || ':' || md5(string_agg(x::text, ';' ORDER BY x::text)) FROM " + schema + "." + table + " x";
                assertEquals(one(plain, digest), one(ts, digest), table);
            }
            for (String v : List.of("archetype_daily", "archetype_monthly")) {
                assertSameAnswers(view(plain, schema, v, 2), view(ts, schema, v, 2), v);
            }
            assertSameAnswers(view(plain, schema, "archetype_hourly_profile", 3), view(ts, schema, "archetype_hourly_profile", 3),
                    "archetype_hourly_profile");
            assertSameAnswers(view(plain, schema, "server_capacity_risk", 1), view(ts, schema, "server_capacity_risk", 1), "server_capacity_risk");
            List<String> verify = new ArrayList<>(List.of("verify", "--single-connection"));
            verify.addAll(ts.cliArgs(schema, Files.createTempFile("fleetgen", ".pw")));
            CliRun checked = CliRun.of(verify.toArray(String[]::new));
            assertEquals(0, checked.exitCode(), checked.out() + checked.err());
        } finally {
            plain.dropSchema(schema);
        }
    }
}
