package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.fleetgen.testing.ViewOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The views answered from per-day rollups agree with their former full-scan definitions (the oracle) on
 * the daily default, on hourly data, with the jOOQ loader, after rows were edited by hand and the rollups
 * rebuilt; and verify names a chunk whose rollup differs from its rows.
 */
class RollupsIT {
    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private CliRun run(Db db, String command, String schema, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(command, "--quiet"));
        args.addAll(db.cliArgs(schema, dir.resolve("pw-" + schema)));
        args.addAll(List.of(flags));
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theDailyDefaultAnswersAsTheFullScans(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("roll_daily");
        CliRun load = run(db, "load", schema);
        assertEquals(0, load.exitCode(), load.err());
        assertEquals(1461L * 120, Datasets.scalar(db, "SELECT sum(stamps) FROM " + schema + ".metric_day"));
        assertStateDescribesTheRollups(db, schema);
        assertTrue(ViewOracle.assertViewsMatch(db, schema) > 5000);
        db.dropSchema(schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void hourlyDataAndTheJooqLoaderAnswerAsTheFullScans(Db db) throws Exception {
        Path config = dir.resolve("risk.yaml");
        Files.writeString(config, "risk_analysis: {window_days: 20, high_risk_threshold: 70, very_high_risk_threshold: 85}\n");
        for (String method : List.of("copy", "jooq")) {
            String schema = TestDatabases.freshSchema("roll_hourly_" + method);
            CliRun load = run(db, "load", schema, "--servers", "14", "--start", "2023-12-18", "--end", "2024-04-03",
                    "--granularity", "hourly", "--method", method, "--chunk-rows", "500", "--config", config.toString());
            assertEquals(0, load.exitCode(), load.err());
            assertStateDescribesTheRollups(db, schema);
            assertTrue(ViewOracle.assertViewsMatch(db, schema) > 500);
            db.dropSchema(schema);
        }
    }

    /**
     * What the answers were computed from is what the rollups hold (rows and stamps), so a reader sees them as
     * current: a row of daily data holds a month, and counting its days instead made every daily dataset stale.
     */
    private static void assertStateDescribesTheRollups(Db db, String schema) throws Exception {
        assertEquals(1L, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".rollup_state r WHERE r.days = (SELECT count(*) FROM "
                + schema + ".metric_day) AND r.stamps = (SELECT sum(stamps) FROM " + schema + ".metric_day)"));
    }

    /**
     * Rows edited by hand (a value with three decimals, a deleted row, a negative value): the rollups no longer
     * describe the table, verify says which chunk, and refresh --rebuild makes the views answer for the table again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void editedRowsAreNamedByVerifyAndRebuildFollowsThem(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("roll_edit");
        CliRun load = run(db, "load", schema, "--servers", "6", "--start", "2024-01-01", "--end", "2024-02-29", "--granularity", "hourly");
        assertEquals(0, load.exitCode(), load.err());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + schema + ".server_metrics SET cpu_p95 = 12.345 WHERE server_key = 1 AND ts = '2024-01-10 05:00+00'");
            s.execute("UPDATE " + schema + ".server_metrics SET net_in_p95 = -3.5 WHERE server_key = 4 AND ts = '2024-02-02 00:00+00'");
            s.execute("DELETE FROM " + schema + ".server_metrics WHERE server_key = 2 AND ts = '2024-01-31 23:00+00'");
        }
        CliRun verify = run(db, "verify", schema);
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        for (String server : List.of("server_001", "server_002", "server_004")) {
            assertTrue(verify.out().contains(server), verify.out());
        }
        CliRun rebuild = run(db, "refresh", schema, "--rebuild");
        assertEquals(0, rebuild.exitCode(), rebuild.err());
        assertEquals(6L * (59 * 24 + 1) - 1, Datasets.scalar(db, "SELECT sum(stamps) FROM " + schema + ".metric_day"));
        ViewOracle.assertViewsMatch(db, schema);
        db.dropSchema(schema);
    }

    /** A rollup that differs from its chunk's rows (rows intact) is named by verify as that chunk's rollup. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void verifyNamesAChunkWhoseRollupDiffers(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("roll_tamper");
        CliRun load = run(db, "load", schema, "--servers", "4", "--start", "2024-01-01", "--end", "2024-01-20");
        assertEquals(0, load.exitCode(), load.err());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // Server 3's January (daily data: one rollup row a month) takes server 0's: the fact table is untouched.
            s.execute("UPDATE " + schema + ".metric_day t SET encoded = f.encoded FROM " + schema + ".metric_day f "
                    + "WHERE t.server_key = 3 AND t.day = '2024-01-01' AND f.server_key = 0 AND f.day = '2024-01-01'");
        }
        CliRun verify = run(db, "verify", schema);
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("server_003") && verify.out().contains("rollup"), verify.out());
        assertTrue(!verify.out().contains("server_000"), verify.out());
        db.dropSchema(schema);
    }

    /**
     * A schema loaded before rollups existed has rows but no rollups: the next load of its parameters finds
     * the dataset complete, rebuilds the rollups from the table and answers as the full scans do.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatasetLoadedBeforeRollupsIsRolledUpByTheNextLoad(Db db) throws Exception {
        // Hourly rollups hold a day each, daily ones a month (cut at chunk boundaries too: 10-day chunks).
        for (String[] shape : List.of(new String[] {"--servers", "5", "--start", "2024-01-01", "--end", "2024-02-15", "--granularity", "hourly"},
                new String[] {"--servers", "7", "--start", "2023-11-20", "--end", "2024-03-10", "--chunk-rows", "10"})) {
            String schema = TestDatabases.freshSchema("roll_upgrade");
            assertEquals(0, run(db, "load", schema, shape).exitCode());
            long stamps = Datasets.scalar(db, "SELECT sum(stamps) FROM " + schema + ".metric_day");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                for (String t : List.of("metric_day", "rollup_state", "agg_summary", "agg_correlation", "agg_calendar_effects", "agg_daily",
                        "agg_monthly", "agg_hourly_profile", "agg_server_window")) {
                    s.execute("TRUNCATE " + schema + "." + t);
                }
            }
            CliRun again = run(db, "load", schema, shape);
            assertEquals(0, again.exitCode(), again.err());
            assertEquals(stamps, Datasets.scalar(db, "SELECT sum(stamps) FROM " + schema + ".metric_day"));
            ViewOracle.assertViewsMatch(db, schema);
            CliRun verify = run(db, "verify", schema);
            assertEquals(0, verify.exitCode(), verify.out());
            db.dropSchema(schema);
        }
    }
}
