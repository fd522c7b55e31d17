package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.Rollups;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.fleetgen.testing.ViewOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The views' answers are kept up to date incrementally: a load that appends days adds only its new chunks
 * to the kept totals and reads only the rollups of the months they touch and of the risk window, and the
 * answers are then, bit for bit, what a recomputation from every rollup gives, and what the full-scan SQL
 * gives. Totals that do not match the ledger are not added to: the computation starts over.
 */
class IncrementalAnswersIT {
    private static final List<String> ANSWERS = List.of("agg_summary", "agg_correlation", "agg_calendar_effects", "agg_daily",
            "agg_monthly", "agg_hourly_profile", "agg_server_window");

    @TempDir
    Path dir;

    static Stream<Object[]> shapes() {
        List<Object[]> out = new ArrayList<>();
        for (Db db : TestDatabases.all()) {
            // granularity, first end, a later end in another month, a later end a day after that (from months before,
            // so the months touched and the risk window are a small part of the rollups)
            out.add(new Object[] {db, "hourly", "2024-02-10", "2024-03-12", "2024-03-13"});
            out.add(new Object[] {db, "daily", "2024-03-31", "2024-05-17", "2024-05-18"});
        }
        return out.stream();
    }

    private CliRun load(Db db, String schema, String granularity, String end, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("load", "--quiet", "--model", "realistic", "--servers", "9", "--granularity", granularity,
                "--start", granularity.equals("hourly") ? "2023-08-01" : "2020-01-01", "--end", end, "--chunk-rows", granularity.equals("hourly") ? "300" : "40"));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
        a.addAll(List.of(more));
        CliRun run = CliRun.of(a.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    /** The answers as stored, each table as a digest of its rows' exact text. */
    private static List<String> answers(Db db, String schema) throws Exception {
        List<String> out = new ArrayList<>();
        for (String t : ANSWERS) {
            out.add(t + " " + Datasets.digest(db, "SELECT * FROM " + schema + "." + t));
        }
        return out;
    }

    /** The answers a recomputation from every rollup gives (then restores nothing: it is what is stored after). */
    private static List<String> recomputed(Db db, String schema) throws Exception {
        try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
            Rollups.Work work = new Rollups(pool).recompute(2);
            assertTrue(work.startedOver());
        }
        return answers(db, schema);
    }

    private static long rollupRows(Db db, String schema, String where) throws Exception {
        return Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".metric_day WHERE " + where);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void appendedDaysCostTheirMonthsAndGiveTheAnswersOfARecomputation(Db db, String granularity, String e1, String e2, String e3)
            throws Exception {
        String schema = TestDatabases.freshSchema("incr_" + granularity);
        load(db, schema, granularity, e1);
        long chunksBefore = Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger");
        assertEquals(chunksBefore, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".agg_folded"));

        // Appended without the views; then one update, measured.
        load(db, schema, granularity, e2, "--no-refresh");
        long chunksAfter = Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger");
        assertTrue(chunksAfter > chunksBefore);
        String touched = "day >= date_trunc('month', date '" + e1 + "' + 1)::date";
        String window = "day >= (SELECT d.end_date - r.window_days + 1 - " + (granularity.equals("daily") ? 31 : 0)
                + " FROM " + schema + ".dataset d, " + schema + ".risk_settings r)";
        Rollups.Work work;
        try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
            work = new Rollups(pool).update(2);
        }
        assertFalse(work.startedOver());
        assertEquals(chunksAfter - chunksBefore, work.chunksAdded());
        long all = rollupRows(db, schema, "true");
        assertEquals(rollupRows(db, schema, touched) + rollupRows(db, schema, window), work.rollupRowsRead(), "rows read of " + all);
        assertTrue(work.rollupRowsRead() < all, work.rollupRowsRead() + " of " + all);
        List<String> incremental = answers(db, schema);
        assertEquals(recomputed(db, schema), incremental);
        ViewOracle.assertViewsMatch(db, schema);

        // A day more, by the loader itself: from the rollups of its chunks, the same answers as a recomputation, bit for bit.
        Path summary = dir.resolve("e3.json");
        load(db, schema, granularity, e3, "--json-summary", summary.toString());
        assertTrue(java.nio.file.Files.readString(summary).contains("\"views_from\":\"rollups\""), java.nio.file.Files.readString(summary));
        incremental = answers(db, schema);
        assertEquals(recomputed(db, schema), incremental);
        ViewOracle.assertViewsMatch(db, schema);

        // Nothing new: only the risk window is read again, and nothing changes.
        try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
            work = new Rollups(pool).update(2);
        }
        assertEquals(0, work.chunksAdded());
        assertEquals(rollupRows(db, schema, window), work.rollupRowsRead());
        assertEquals(incremental, answers(db, schema));
        db.dropSchema(schema);
    }

    static Stream<Object[]> newDatasets() {
        List<Object[]> out = new ArrayList<>();
        for (Db db : TestDatabases.all()) {
            out.add(new Object[] {db, "reference daily default", new String[] {}});
            out.add(new Object[] {db, "reference hourly", new String[] {"--servers", "23", "--start", "2024-01-25", "--end", "2024-03-07",
                "--granularity", "hourly", "--chunk-rows", "700", "--workers", "2"}});
            out.add(new Object[] {db, "realistic daily", new String[] {"--model", "realistic", "--servers", "31", "--start", "2022-12-15",
                "--end", "2024-02-10", "--chunk-rows", "200", "--workers", "3"}});
            out.add(new Object[] {db, "realistic hourly jooq", new String[] {"--model", "realistic", "--servers", "9", "--start", "2024-02-20",
                "--end", "2024-03-12", "--granularity", "hourly", "--method", "jooq", "--chunk-rows", "400"}});
        }
        return out.stream();
    }

    /**
     * A new dataset loaded whole by one process gets its answers from its rows as they are generated (no pass over
     * the rollups): the same answers, bit for bit, as a recomputation from the rollups, and as the full scans; the
     * count of what they hold describes the rollups. Workers add to the same archetypes' days and months at once.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("newDatasets")
    void aNewDatasetsAnswersComeFromItsRowsAsARecomputationGivesThem(Db db, String name, String[] flags) throws Exception {
        String schema = TestDatabases.freshSchema("incr_rows");
        Path summary = dir.resolve("rows.json");
        List<String> a = new ArrayList<>(List.of("load", "--quiet", "--json-summary", summary.toString()));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
        a.addAll(List.of(flags));
        CliRun run = CliRun.of(a.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(java.nio.file.Files.readString(summary).contains("\"views_from\":\"rows\""), java.nio.file.Files.readString(summary));
        assertEquals(1L, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".rollup_state r WHERE r.days = (SELECT count(*) FROM "
                + schema + ".metric_day) AND r.stamps = (SELECT sum(stamps) FROM " + schema + ".metric_day)"));
        assertEquals(Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger"),
                Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".agg_folded"));
        List<String> streamed = answers(db, schema);
        assertEquals(recomputed(db, schema), streamed, name);
        ViewOracle.assertViewsMatch(db, schema);
        db.dropSchema(schema);
    }

    /** Two shard processes each load part of a dataset: the one that finishes it computes the answers from the rollups. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatasetLoadedInShardsGetsItsAnswersFromTheRollups(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("incr_shards");
        Path summary = dir.resolve("shard.json");
        for (String shard : List.of("0/2", "1/2")) {
            List<String> a = new ArrayList<>(List.of("load", "--quiet", "--servers", "12", "--start", "2024-01-01", "--end", "2024-02-20",
                    "--granularity", "hourly", "--chunk-rows", "500", "--shard", shard, "--json-summary", summary.toString()));
            a.addAll(db.cliArgs(schema, dir.resolve("pw")));
            CliRun run = CliRun.of(a.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
        }
        assertTrue(java.nio.file.Files.readString(summary).contains("\"views_from\":\"rollups\""), java.nio.file.Files.readString(summary));
        assertEquals(recomputed(db, schema), answers(db, schema));
        ViewOracle.assertViewsMatch(db, schema);
        db.dropSchema(schema);
    }

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    /**
     * Kept totals that do not match the ledger (an archetype's totals missing, a folded chunk the ledger lacks,
     * the count of what they hold gone) are not added to: the next update starts over and answers as before.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void totalsThatDoNotMatchTheLedgerAreStartedOver(Db db, String granularity, String e1, String e2, String e3) throws Exception {
        String schema = TestDatabases.freshSchema("incr_stale_" + granularity);
        load(db, schema, granularity, e1);
        List<String> answers = answers(db, schema);
        for (String damage : List.of("DELETE FROM %s.agg_state WHERE server_type = 'web'", "INSERT INTO %s.agg_folded VALUES (99999)",
                "DELETE FROM %s.rollup_state")) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE " + schema + ".agg_summary SET mean = -1");
                s.execute(damage.formatted(schema));
            }
            Rollups.Work work;
            try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
                work = new Rollups(pool).update(2);
            }
            assertTrue(work.startedOver(), damage);
            assertEquals(answers, answers(db, schema), damage);
        }
        db.dropSchema(schema);
    }
}
