package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fleetgen.postgres.SchemaMigrator;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The way into a schema: a new schema takes fleetgen's short path (the scripts and the history written
 * directly), a schema of other objects takes Flyway's baseline; both must end with the same objects and a
 * history Flyway accepts. And a dataset loaded before server_metrics was partitioned (schema version 2)
 * survives the upgrade: a complete one verifies and is not reloaded; one loaded in part is refused with
 * one line until --replace.
 */
class SchemaUpgradeIT {
    private static final String[] SHAPE = {"--servers", "6", "--granularity", "hourly", "--start", "2024-01-01",
            "--end", "2024-01-31", "--chunk-rows", "200"};
    private static final List<String> DATA_TABLES = List.of("server", "calendar", "archetype", "dataset", "risk_settings",
            "load_ledger", "metric_day", "rollup_state", "agg_summary", "agg_correlation", "agg_calendar_effects", "agg_daily",
            "agg_monthly", "agg_hourly_profile", "agg_server_window");

    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private CliRun run(Db db, String schema, String command, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(db.cliArgs(schema, dir.resolve("pw-" + schema)));
        if (!command.equals("verify")) {
            a.addAll(List.of(SHAPE));
        }
        a.addAll(List.of(extra));
        return CliRun.of(a.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theShortPathAndFlywayBuildTheSameSchema(Db db) throws Exception {
        String fresh = TestDatabases.freshSchema("fresh");
        String shared = TestDatabases.freshSchema("shared");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + shared + "; CREATE TABLE " + shared + ".app_users (id int PRIMARY KEY)");
        }
        try (var pool = org.fleetgen.postgres.ConnectionPool.open(db.target(fresh), 2)) {
            SchemaMigrator.migrate(pool.dataSource(), fresh);
        }
        try (var pool = org.fleetgen.postgres.ConnectionPool.open(db.target(shared), 2)) {
            SchemaMigrator.migrate(pool.dataSource(), shared);
        }
        TreeMap<String, String> viaFlyway = catalogue(db, shared);
        TreeMap<String, String> viaShortPath = catalogue(db, fresh);
        assertEquals(viaFlyway.keySet(), viaShortPath.keySet());
        for (String name : viaFlyway.keySet()) {
            assertEquals(viaFlyway.get(name), viaShortPath.get(name), name);
        }
        // Flyway reads the short path's history as its own: nothing pending, nothing to re-apply, validation passes.
        var flyway = Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password().reveal()).schemas(fresh)
                .defaultSchema(fresh).table(SchemaMigrator.HISTORY).locations("classpath:db/migration", "classpath:sql").load();
        flyway.validate();
        assertEquals(0, flyway.info().pending().length);
        assertEquals(0, flyway.migrate().migrationsExecuted);
        db.dropSchema(fresh);
        db.dropSchema(shared);
    }

    /** Every relation of fleetgen's with its kind, columns, constraints, indexes and view text. */
    private static TreeMap<String, String> catalogue(Db db, String schema) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname, c.relkind::text || ' ' || coalesce((SELECT string_agg(a.attname || ' ' "
                     + "|| format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull, ', ' ORDER BY a.attnum) FROM pg_attribute a "
                     + "WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ' | ' || coalesce((SELECT string_agg("
                     + "x.conname || ' ' || pg_get_constraintdef(x.oid), ', ' ORDER BY x.conname) FROM pg_constraint x WHERE x.conrelid = c.oid), '') "
                     + "|| ' | ' || CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) WHEN c.relkind IN ('i', 'I') "
                     + "THEN pg_get_indexdef(c.oid) ELSE '' END || ' | ' || coalesce(pg_get_partkeydef(c.oid), '') "
                     + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' "
                     + "AND c.relname NOT LIKE 'app_users%' AND c.relname NOT LIKE 'fleetgen_schema_history%' AND c.relkind <> 'S'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2).replace(schema + ".", ""));
            }
        }
        assertTrue(out.size() > 20, "too few objects: " + out.keySet());
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatasetFromBeforePartitionsSurvivesTheUpgrade(Db db) throws Exception {
        String current = TestDatabases.freshSchema("current");
        assertEquals(0, run(db, current, "load", "--quiet").exitCode());
        String expected = Datasets.checksum(db, current);

        // Complete: upgraded in place, its rows become the default partition, nothing is reloaded.
        String complete = version2Copy(db, current, false);
        CliRun again = run(db, complete, "load");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("already holds this dataset"), again.err());
        assertEquals(expected, Datasets.checksum(db, complete));
        assertEquals(1, Datasets.scalar(db, "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + complete + "' AND c.relname = 'server_metrics_unpartitioned'"));
        CliRun verified = run(db, complete, "verify");
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());

        // In part: refused in one line (its rows kept) until --replace loads it anew.
        String partial = version2Copy(db, current, true);
        long before = Datasets.scalar(db, "SELECT count(*) FROM " + partial + ".server_metrics");
        CliRun refused = run(db, partial, "load");
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.errLines(), refused.err());
        assertTrue(refused.err().contains("--replace"), refused.err());
        assertEquals(before, Datasets.scalar(db, "SELECT count(*) FROM " + partial + ".server_metrics"));
        CliRun replaced = run(db, partial, "load", "--quiet", "--replace");
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertEquals(expected, Datasets.checksum(db, partial));
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = '" + partial + "' AND c.relname = 'server_metrics_unpartitioned'"));
        for (String s : List.of(current, complete, partial)) {
            db.dropSchema(s);
        }
    }

    /**
     * A schema as fleetgen 0.1 with migrations V1 and V2 left it: Flyway stops at version 2, then the
     * dataset's tables are copied from a current load; server_metrics is one plain table, keyed when the
     * load completed. {@code inPart}: the ledger's later chunks, their rows and rollups are gone, no key.
     */
    private static String version2Copy(Db db, String from, boolean inPart) throws Exception {
        String schema = TestDatabases.freshSchema(inPart ? "v2part" : "v2");
        // fleetgen 0.1's scripts: today's, without the repeatable script that came with V4 (it reads V4's tables).
        java.nio.file.Path scripts = java.nio.file.Files.createTempDirectory("fleetgen-v2-scripts");
        for (String path : SchemaMigrator.SCRIPTS) {
            if (!path.endsWith("R__40_ground_truth.sql")) {
                java.nio.file.Path to = scripts.resolve(path);
                java.nio.file.Files.createDirectories(to.getParent());
                java.nio.file.Files.writeString(to, SchemaMigrator.script(path));
            }
        }
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password().reveal()).schemas(schema).defaultSchema(schema)
                .createSchemas(true).table(SchemaMigrator.HISTORY).locations("filesystem:" + scripts.resolve("db/migration"),
                        "filesystem:" + scripts.resolve("sql")).target("2").load().migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String t : DATA_TABLES) {
                // The version 2 table's columns only (later versions added some, e.g. calendar.in_horizon).
                List<String> columns = new ArrayList<>();
                try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT column_name FROM information_schema.columns WHERE "
                        + "table_schema = '" + schema + "' AND table_name = '" + t + "' ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                String list = String.join(", ", columns);
                s.execute("INSERT INTO " + schema + "." + t + " (" + list + ") SELECT " + list + " FROM " + from + "." + t);
            }
            s.execute("INSERT INTO " + schema + ".server_metrics SELECT * FROM " + from + ".server_metrics");
            if (inPart) {
                // Chunks 10 and later: the second partition's servers (2 and 3) are half there.
                s.execute("DELETE FROM " + schema + ".server_metrics m USING " + schema + ".load_ledger l WHERE l.chunk_no >= 10 "
                        + "AND m.server_key = l.server_key AND m.ts >= timestamptz '2024-01-01 00:00+00' + l.from_stamp * interval '1 hour' "
                        + "AND m.ts < timestamptz '2024-01-01 00:00+00' + l.to_stamp * interval '1 hour'");
                s.execute("DELETE FROM " + schema + ".metric_day WHERE chunk_no >= 10");
                s.execute("DELETE FROM " + schema + ".load_ledger WHERE chunk_no >= 10");
                s.execute("UPDATE " + schema + ".dataset SET completed_at = NULL");
            } else {
                s.execute("ALTER TABLE " + schema + ".server_metrics ADD CONSTRAINT server_metrics_pk PRIMARY KEY (server_key, ts)");
            }
        }
        return schema;
    }
}
