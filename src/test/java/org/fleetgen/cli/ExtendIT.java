package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.fleetgen.testing.ViewOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fleetgen load --end LATER} on a realistic dataset, with real processes: only the new days load, and the
 * schema then holds exactly what one load of the longer range holds (rows, ground truth, calendar, the views'
 * answers), after a kill in the middle of the extension too. The reference model refuses to extend, in one line.
 */
class ExtendIT {
    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    /** Per granularity: the shape, the first end, the later end, and rows a server adds between them. */
    private static final String[][] SHAPES = {
        {"hourly", "2024-01-20", "2024-02-10", "100", "" + 21 * 24},
        {"daily", "2024-03-31", "2024-06-30", "30", "91"},
    };

    private List<String> load(Db db, String schema, String granularity, String end, String chunkRows, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("load", "--model", "realistic", "--servers", "10", "--granularity", granularity,
                "--start", "2024-01-01", "--end", end, "--horizon-days", "3", "--chunk-rows", chunkRows, "--workers", "2"));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
        a.addAll(List.of(more));
        return a;
    }

    private CliRunResult run(String name, List<String> args) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = FleetgenProcess.start(log, args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), name + " timed out");
        return new CliRunResult(p.exitValue(), Files.readString(log));
    }

    private record CliRunResult(int exit, String log) {
    }

    /**
     * Everything a schema holds that a user reads: the rows and the tables bit for bit (as digests), the views'
     * answers to 12 significant digits (a mean over rows that came in other chunks may differ in its last bits).
     */
    private static List<String> content(Db db, String schema) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(Datasets.checksum(db, schema));
        for (String q : List.of("SELECT * FROM %s.metric_event", "SELECT * FROM %s.expected_level", "SELECT * FROM %s.calendar",
                "SELECT * FROM %s.server", "SELECT * FROM %s.forecast_oracle", "SELECT * FROM %s.metric_expected")) {
            out.add(q.formatted(schema) + " " + Datasets.digest(db, q.formatted(schema)));
        }
        for (String view : List.of("archetype_summary", "archetype_correlation", "archetype_daily", "archetype_monthly",
                "archetype_hourly_profile", "archetype_calendar_effects", "server_capacity_risk")) {
            List<String> rows = Datasets.rows(db, "SELECT * FROM " + schema + "." + view);
            assertTrue(!rows.isEmpty(), view);
            out.add(view + " " + rows);
        }
        return out;
    }

    private static List<String> strip(List<String> digests, String schema) {
        return digests.stream().map(d -> d.replace(schema + ".", "")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anExtendedDatasetHoldsWhatOneLoadOfTheLongerRangeHolds(Db db) throws Exception {
        for (String[] shape : SHAPES) {
            String whole = TestDatabases.freshSchema("whole");
            CliRunResult w = run("whole-" + shape[0], load(db, whole, shape[0], shape[2], shape[3]));
            assertEquals(0, w.exit(), w.log());

            String grown = TestDatabases.freshSchema("grown");
            CliRunResult first = run("first-" + shape[0], load(db, grown, shape[0], shape[1], shape[3]));
            assertEquals(0, first.exit(), first.log());
            long before = Datasets.scalar(db, "SELECT count(*) FROM " + grown + ".server_metrics");
            Path summary = dir.resolve("summary-" + shape[0] + ".json");
            CliRunResult more = run("more-" + shape[0], load(db, grown, shape[0], shape[2], shape[3], "--json-summary", summary.toString()));
            assertEquals(0, more.exit(), more.log());
            assertTrue(more.log().contains("extending the dataset from " + shape[1] + " to " + shape[2]), more.log());
            // Only the new days were generated and sent.
            long added = 10L * Long.parseLong(shape[4]);
            assertTrue(Files.readString(summary).contains("\"rows_loaded\":" + added + ","), Files.readString(summary));
            assertEquals(before + added, Datasets.scalar(db, "SELECT count(*) FROM " + grown + ".server_metrics"));

            assertEquals(strip(content(db, whole), whole), strip(content(db, grown), grown), shape[0]);
            ViewOracle.assertViewsMatch(db, grown);
            assertEquals(1, Datasets.scalar(db, "SELECT count(*) FROM " + grown + ".dataset WHERE parameters LIKE '%; extended_from="
                    + shape[1] + "' AND end_date = '" + shape[2] + "' AND completed_at IS NOT NULL"));
            List<String> verify = new ArrayList<>(List.of("verify"));
            verify.addAll(db.cliArgs(grown, dir.resolve("pw")));
            CliRunResult v = run("verify-" + shape[0], verify);
            assertEquals(0, v.exit(), v.log());

            // The same command again: nothing to do. The earlier end now names another (shorter) dataset: refused.
            CliRunResult again = run("again-" + shape[0], load(db, grown, shape[0], shape[2], shape[3]));
            assertEquals(0, again.exit(), again.log());
            assertTrue(again.log().contains("already holds this dataset"), again.log());
            CliRunResult shorter = run("shorter-" + shape[0], load(db, grown, shape[0], shape[1], shape[3], "--quiet"));
            assertEquals(2, shorter.exit(), shorter.log());
            assertEquals(1, shorter.log().lines().count(), shorter.log());
            assertEquals(strip(content(db, whole), whole), strip(content(db, grown), grown), shape[0] + " after the refusal");
            db.dropSchema(whole);
            db.dropSchema(grown);
        }
    }

    /**
     * SIGKILL at seeded moments of an extension, then a rerun: the content of an uninterrupted load of the longer range.
     * One server: KillResumeIT runs the kill mechanics on both.
     */
    @Test
    void aKilledExtensionResumesToTheUninterruptedContent() throws Exception {
        Db db = TestDatabases.embedded();
        String[] shape = {"hourly", "2024-01-10", "2024-03-31", "48"};
        String whole = TestDatabases.freshSchema("whole");
        assertEquals(0, run("whole", load(db, whole, shape[0], shape[2], shape[3])).exit());
        String grown = TestDatabases.freshSchema("grown");
        assertEquals(0, run("first", load(db, grown, shape[0], shape[1], shape[3])).exit());
        long base = Datasets.scalar(db, "SELECT count(*) FROM " + grown + ".load_ledger");
        long all = Datasets.scalar(db, "SELECT chunk_count FROM " + whole + ".dataset");
        Random random = new Random(20261130L);
        int kills = 0;
        long previous = base;
        for (int attempt = 0; attempt < 3; attempt++) {
            Process p = FleetgenProcess.start(dir.resolve("kill-" + attempt + ".log"), load(db, grown, shape[0], shape[2], shape[3], "--quiet"));
            long target = previous + 1 + random.nextInt(20);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline && ledger(db, grown) < target) {
                Thread.sleep(random.nextInt(10));
            }
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            previous = ledger(db, grown);
        }
        assertTrue(kills >= 2, kills + " kills hit a running extension");
        CliRunResult finish = run("finish", load(db, grown, shape[0], shape[2], shape[3]));
        assertEquals(0, finish.exit(), finish.log());
        assertEquals(strip(content(db, whole), whole), strip(content(db, grown), grown));
        ViewOracle.assertViewsMatch(db, grown);
        assertTrue(all > base, all + " chunks in all, " + base + " before the extension");
        db.dropSchema(whole);
        db.dropSchema(grown);
    }

    /** The reference model's growth is spread over the range: extending would change every row. One line, exit 2, nothing written. */
    @Test
    void theReferenceModelRefusesToExtendAndHasNoHorizon() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("reference_end");
        List<String> base = new ArrayList<>(List.of("load", "--servers", "6", "--start", "2024-01-01"));
        base.addAll(db.cliArgs(schema, dir.resolve("pw")));
        List<String> first = new ArrayList<>(base);
        first.addAll(List.of("--end", "2024-03-31"));
        assertEquals(0, run("reference", first).exit());
        String before = Datasets.checksum(db, schema) + Datasets.digest(db, "SELECT * FROM " + schema + ".dataset")
                + Datasets.digest(db, "SELECT * FROM " + schema + ".calendar");
        for (List<String> extra : List.of(List.of("--end", "2024-04-30"), List.of("--end", "2024-04-30", "--granularity", "daily"),
                List.of("--end", "2025-03-31", "--workers", "1"), List.of("--end", "2024-03-31", "--horizon-days", "7"),
                List.of("--end", "2024-06-30", "--horizon-days", "7"))) {
            List<String> args = new ArrayList<>(base);
            args.addAll(extra);
            args.add("--quiet");
            CliRunResult r = run("refused", args);
            assertEquals(2, r.exit(), extra + ": " + r.log());
            assertEquals(1, r.log().lines().count(), r.log());
            String flag = extra.contains("--horizon-days") ? "--horizon-days" : "--end";
            assertTrue(r.log().contains(flag), r.log());
            assertTrue(r.log().contains(flag.equals("--end") ? "--replace" : "realistic"), r.log());
            assertEquals(before, Datasets.checksum(db, schema) + Datasets.digest(db, "SELECT * FROM " + schema + ".dataset")
                    + Datasets.digest(db, "SELECT * FROM " + schema + ".calendar"), extra + " wrote nothing");
        }
        db.dropSchema(schema);
    }

    /**
     * {@code --follow} as a process on the real clock: it loads to the last complete day, keeps running to add the next,
     * and a stop leaves a complete, verifiable dataset. What it cannot do is one line, exit 2, nothing written.
     */
    @Test
    void followLoadsToTheClockAndKeepsRunning() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("follow");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        List<String> args = new ArrayList<>(List.of("load", "--follow", "--model", "realistic", "--servers", "4", "--granularity", "hourly",
                "--start", today.minusDays(3).toString()));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        Path log = dir.resolve("follow.log");
        Process p = FleetgenProcess.start(log, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (p.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("following: loaded")) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        assertTrue(p.isAlive(), "still following: " + Files.readString(log));
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
        java.time.LocalDate end = org.fleetgen.load.Follower.endAt(java.time.Instant.now(), org.fleetgen.config.Granularity.HOURLY);
        assertTrue(Files.readString(log).contains("following: loaded " + String.format(java.util.Locale.ROOT, "%,d", 4L * ((end.toEpochDay()
                - today.minusDays(3).toEpochDay()) * 24 + 1)) + " rows"), Files.readString(log));
        assertEquals(1, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".dataset WHERE end_date = '" + end + "' AND completed_at IS NOT NULL"));
        List<String> verify = new ArrayList<>(List.of("verify"));
        verify.addAll(db.cliArgs(schema, dir.resolve("pw")));
        assertEquals(0, run("follow-verify", verify).exit());

        String fresh = TestDatabases.freshSchema("follow_refused");
        for (List<String> bad : List.of(List.of("--model", "realistic", "--end", "2024-01-31"), List.of("--model", "reference"),
                List.of("--model", "realistic", "--shard", "0/2"), List.of("--model", "realistic", "--start", today.plusDays(2).toString()),
                List.of("--model", "realistic", "--json-summary", dir.resolve("s.json").toString()))) {
            List<String> a = new ArrayList<>(List.of("load", "--follow", "--quiet", "--servers", "4"));
            a.addAll(bad);
            a.addAll(db.cliArgs(fresh, dir.resolve("pw")));
            CliRunResult r = run("follow-refused", a);
            assertEquals(2, r.exit(), bad + ": " + r.log());
            assertEquals(1, r.log().lines().count(), r.log());
            assertTrue(r.log().contains(bad.contains("--end") ? "--end" : bad.contains("--start") ? "--start"
                    : bad.contains("--json-summary") ? "--json-summary" : "--follow"), r.log());
            assertTrue(!Files.exists(dir.resolve("s.json")), "no summary file");
            assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + fresh + "'"), "nothing created");
        }
        db.dropSchema(schema);
    }

    private static long ledger(Db db, String schema) {
        try {
            return Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger");
        } catch (Exception e) {
            return 0;
        }
    }
}
