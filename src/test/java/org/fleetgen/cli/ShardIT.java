package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Shards of one dataset loaded by separate processes at the same time, one of them killed mid-load and
 * rerun alone: the dataset ends complete, verified, and identical to a single process's load; the shards
 * that ran through leave it unfinished and say so; --finish refuses while partitions are missing.
 */
class ShardIT {
    /** 24 partitions of one server (4,345 rows), 8 a shard. */
    private static final String[] SHAPE = {"--servers", "24", "--granularity", "hourly", "--start", "2024-01-01",
            "--end", "2024-06-30", "--chunk-rows", "480", "--workers", "1"};

    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private List<String> args(Db db, String schema, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("load"));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
        a.addAll(List.of(SHAPE));
        a.addAll(List.of(extra));
        return a;
    }

    private static String await(Process p, Path log, int expectedExit) throws Exception {
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished");
        String out = Files.readString(log);
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    private String run(String name, List<String> args, int expectedExit) throws Exception {
        Path log = dir.resolve(name + ".log");
        return await(FleetgenProcess.start(log, args), log, expectedExit);
    }

    private static long ledgerOfServers(Db db, String schema, int from, int to) {
        try {
            return Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger WHERE server_key >= " + from + " AND server_key < " + to);
        } catch (Exception schemaNotThereYet) {
            return 0;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void threeShardsAtOnceOneKilledAndRerunFillOneDatasetExactlyOnce(Db db) throws Exception {
        String reference = TestDatabases.freshSchema("unsharded");
        run("whole", args(db, reference, "--quiet"), 0);
        long chunksPerShard = Datasets.scalar(db, "SELECT count(*) FROM " + reference + ".load_ledger WHERE server_key < 8");

        String schema = TestDatabases.freshSchema("sharded");
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(FleetgenProcess.start(dir.resolve("shard-" + i + ".log"), args(db, schema, "--shard", i + "/3")));
        }
        // Shard 1 holds servers 8-15: kill it once it has committed a partition or more, before its last.
        Process victim = shards.get(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (victim.isAlive() && System.nanoTime() < deadline && ledgerOfServers(db, schema, 8, 16) < 2 * (chunksPerShard / 8)) {
            Thread.sleep(5);
        }
        assertTrue(victim.isAlive(), "shard 1 was still running when killed");
        victim.destroyForcibly();  // SIGKILL
        victim.waitFor(30, TimeUnit.SECONDS);
        long survived = ledgerOfServers(db, schema, 8, 16);
        assertTrue(survived < chunksPerShard, "the kill left shard 1 work to do: " + survived + " of " + chunksPerShard);
        String out0 = await(shards.get(0), dir.resolve("shard-0.log"), 0);
        String out2 = await(shards.get(2), dir.resolve("shard-2.log"), 0);
        assertTrue((out0 + out2).contains("still missing"), out0 + out2);
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".dataset WHERE completed_at IS NOT NULL"));
        assertEquals(chunksPerShard, ledgerOfServers(db, schema, 0, 8));
        assertEquals(chunksPerShard, ledgerOfServers(db, schema, 16, 24));

        // Finishing is refused while a shard's partitions are missing; a shard of another dataset is refused.
        String refused = run("finish-early", args(db, schema, "--finish"), 1);
        assertTrue(refused.contains("load the missing shards first"), refused);
        run("other-dataset", args(db, schema, "--shard", "1/3", "--seed", "7"), 2);
        run("replace-shard", args(db, schema, "--shard", "1/3", "--replace"), 2);

        // Shard 1 rerun alone loads only its missing partitions, and finishes the dataset.
        String rerun = run("shard-1-again", args(db, schema, "--shard", "1/3"), 0);
        long missingPartitions = 8 - survived / (chunksPerShard / 8);
        long rowsPerServer = Datasets.scalar(db, "SELECT count(*) FROM " + reference + ".server_metrics WHERE server_key = 0");
        assertTrue(rerun.contains("loaded " + String.format(java.util.Locale.ROOT, "%,d", rowsPerServer * missingPartitions) + " rows"),
                "rerun: " + rerun);
        assertEquals(1, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".dataset WHERE completed_at IS NOT NULL"));
        assertEquals(Datasets.checksum(db, reference), Datasets.checksum(db, schema));
        assertEquals(Datasets.scalar(db, "SELECT count(*) FROM " + reference + ".load_ledger"),
                Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger"));
        List<String> verify = new ArrayList<>(List.of("verify"));
        verify.addAll(db.cliArgs(schema, dir.resolve("pw")));
        assertTrue(run("verify", verify, 0).contains("OK: every row"));
        org.fleetgen.testing.ViewOracle.assertViewsMatch(db, schema);
        // Finishing again is a no-op.
        run("finish-late", args(db, schema, "--finish", "--quiet"), 0);
        db.dropSchema(reference);
        db.dropSchema(schema);
    }

    /** --distributed on a server without Citus: one line, exit 2, nothing created (not even the schema). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void distributedWithoutCitusIsRefusedBeforeAnythingIsWritten(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("nocitus");
        List<String> a = args(db, schema, "--distributed");
        CliRun run = CliRun.of(a.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().contains("--distributed") && run.err().contains("citus"), run.err());
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"));
    }
}
