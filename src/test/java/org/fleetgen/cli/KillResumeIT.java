package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once under a real crash: the loader process is killed with SIGKILL at seeded random
 * points, each kill followed by a rerun that is killed again, then a final rerun finishes. The
 * content must equal an uninterrupted load, row for row.
 */
class KillResumeIT {
    private static final String[] SHAPE = {"--servers", "12", "--granularity", "hourly", "--start", "2024-01-01",
            "--end", "2024-04-30", "--chunk-rows", "240", "--workers", "2"};

    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private List<String> args(Db db, String schema) throws Exception {
        List<String> a = new ArrayList<>(List.of("load", "--quiet"));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
        a.addAll(List.of(SHAPE));
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void killedLoadsResumeToTheUninterruptedContent(Db db) throws Exception {
        String reference = TestDatabases.freshSchema("uninterrupted");
        Process whole = FleetgenProcess.start(dir.resolve("whole.log"), args(db, reference));
        assertTrue(whole.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, whole.exitValue(), Files.readString(dir.resolve("whole.log")));
        long chunks = Datasets.scalar(db, "SELECT chunk_count FROM " + reference + ".dataset");

        String schema = TestDatabases.freshSchema("killed");
        Random random = new Random(20261127L);
        int kills = 0;
        long previous = -1;
        for (int attempt = 0; attempt < 5; attempt++) {
            Process p = FleetgenProcess.start(dir.resolve("kill-" + attempt + ".log"), args(db, schema));
            // Wait for a seeded number of newly committed chunks, then SIGKILL (or hit a random moment early on).
            long target = previous + 1 + random.nextInt((int) Math.max(2, chunks / 8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline && ledger(db, schema) < target) {
                Thread.sleep(random.nextInt(15));
            }
            if (p.isAlive()) {
                p.destroyForcibly();  // SIGKILL: no shutdown hook, no rollback from the client
                p.waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            previous = ledger(db, schema);
        }
        assertEquals(5, kills, "every one of the 5 seeded kills hit a running load");
        assertTrue(previous < chunks, "the kills left work to do");

        Process finish = FleetgenProcess.start(dir.resolve("finish.log"), args(db, schema));
        assertTrue(finish.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, finish.exitValue(), Files.readString(dir.resolve("finish.log")));

        Map<Integer, Long> want = Datasets.countsPerServer(db, reference);
        assertEquals(want, Datasets.countsPerServer(db, schema));
        assertEquals(Datasets.checksum(db, reference), Datasets.checksum(db, schema));
        assertEquals(chunks, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger"));
        assertEquals(1, Datasets.scalar(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'server_metrics_pk' "
                + "AND connamespace = '" + schema + "'::regnamespace"));
        List<String> verify = new ArrayList<>(List.of("verify"));
        verify.addAll(db.cliArgs(schema, dir.resolve("pw")));
        Process v = FleetgenProcess.start(dir.resolve("verify.log"), verify);
        assertTrue(v.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, v.exitValue(), Files.readString(dir.resolve("verify.log")));
        // The rollups written with the surviving chunks and the resumed ones answer as full scans would.
        org.fleetgen.testing.ViewOracle.assertViewsMatch(db, schema);
        db.dropSchema(reference);
        db.dropSchema(schema);
    }

    private static long ledger(Db db, String schema) {
        try {
            return Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger");
        } catch (Exception e) {
            return 0;  // the schema is not there yet
        }
    }
}
