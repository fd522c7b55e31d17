package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.config.Secret;
import org.fleetgen.postgres.EmbeddedServer;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runtime faults with real processes and servers: a server stopped mid-load, connections terminated
 * server-side mid-COPY, two loads at once, and tampered rows. Each failure must be one clear line with
 * exit code 1; each rerun must finish; {@code fleetgen verify} must pass afterwards (or name the damage).
 */
class FaultIT {
    private static final String[] SHAPE = {"--servers", "16", "--granularity", "hourly", "--start", "2024-01-01",
            "--end", "2024-03-31", "--chunk-rows", "240", "--workers", "2"};

    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private List<String> args(Db db, String schema, String command, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of(command, "--quiet"));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
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

    private static void waitForChunks(Db db, String schema, long atLeast, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                if (Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger") >= atLeast) {
                    return;
                }
            } catch (Exception notYet) {
                // the schema is being created
            }
            Thread.sleep(20);
        }
    }

    /** One line, starting "fleetgen: ", with no stack trace. */
    private static void assertOneLine(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).startsWith("fleetgen: "), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void connectionsTerminatedMidCopyFailCleanlyAndResume(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("terminated");
        Path log = dir.resolve("terminated.log");
        Process p = FleetgenProcess.start(log, args(db, schema, "load", SHAPE));
        waitForChunks(db, schema, 10, p);
        assertTrue(p.isAlive(), "the load was still running when its connections were terminated");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fleetgen' "
                    + "AND pid <> pg_backend_pid()");
        }
        String out = await(p, log, 1);
        assertOneLine(out);
        assertTrue(out.contains("terminat") || out.contains("I/O error") || out.contains("connection"), out);
        run("terminated-rerun", args(db, schema, "load", SHAPE), 0);
        assertTrue(run("terminated-verify", args(db, schema, "verify"), 0).contains("OK: every row"));
        db.dropSchema(schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoLoadsAtOnceShareNothingAndDuplicateNothing(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("twice");
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        Process a = FleetgenProcess.start(logA, args(db, schema, "load", SHAPE));
        Process b = FleetgenProcess.start(logB, args(db, schema, "load", SHAPE));
        await(a, logA, 0);
        await(b, logB, 0);
        long chunks = Datasets.scalar(db, "SELECT chunk_count FROM " + schema + ".dataset");
        assertEquals(chunks, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger"));
        assertEquals(16L * (90 * 24 + 1), Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".server_metrics"));
        assertTrue(run("twice-verify", args(db, schema, "verify"), 0).contains("OK: every row"));
        db.dropSchema(schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void verifyNamesTheChunkOfADeletedOrAlteredRow(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("tampered");
        run("tampered-load", args(db, schema, "load", SHAPE), 0);
        assertTrue(run("clean-verify", args(db, schema, "verify"), 0).contains("OK: every row"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // chunk = server * 10 + (stamp / 240): server 3 at 2024-01-02 05:00 is stamp 29, chunk 30;
            // server 9 at 2024-02-15 00:00 is stamp 1080, chunk 94.
            s.execute("DELETE FROM " + schema + ".server_metrics WHERE server_key = 3 AND ts = '2024-01-02 05:00+00'");
            s.execute("UPDATE " + schema + ".server_metrics SET net_out_p95 = net_out_p95 + 0.01 WHERE server_key = 9 AND ts = '2024-02-15 00:00+00'");
        }
        String out = run("tampered-verify", args(db, schema, "verify"), 1);
        assertTrue(out.contains("DIFFERS chunk 30 (server_003, 2024-01-01T00:00 .. 2024-01-10T23:00): 239 rows, expected 240"), out);
        assertTrue(out.contains("DIFFERS chunk 94 (server_009, 2024-02-10T00:00 .. 2024-02-19T23:00): values differ"), out);
        assertTrue(out.contains("FAILED: 2 chunks differ"), out);
        db.dropSchema(schema);
    }

    /** Runs a command, returning its exit code; output is discarded. */
    private static int sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void aFullDiskFailsWithOneLineAndTheLoadResumesOnceThereIsRoom() throws Exception {
        Path disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=200M", "tmpfs", disk.toString()) == 0,
                "skipped: mounting a small tmpfs needs root and mount permission");
        EmbeddedServer server = new EmbeddedServer(disk.resolve("fleetgen-data"));
        try {
            server.start();  // binaries and a fresh cluster take about 100 MB of the 200
            // The estimate (table and key) would refuse this load up front; the test is about a disk that fills mid-load.
            List<String> load = List.of("load", "--quiet", "--skip-space-check", "--data-dir", disk.resolve("fleetgen-data").toString(), "--servers", "120",
                    "--granularity", "hourly", "--start", "2024-01-01", "--end", "2024-12-31");
            String out = run("full-disk", load, 1);
            assertOneLine(out);
            assertTrue(out.contains("No space left on device"), out);
            assertEquals(0, sh("mount", "-o", "remount,size=600M", disk.toString()));
            assertTrue(run("full-disk-rerun", new ArrayList<>(load.subList(0, load.size())), 0).isBlank());
            assertTrue(run("full-disk-verify", List.of("verify", "--data-dir", disk.resolve("fleetgen-data").toString()), 0)
                    .contains("OK: every row"));
        } finally {
            server.stop();
            sh("umount", disk.toString());
        }
    }

    @Test
    void aServerStoppedMidLoadFailsWithOneLineAndTheRerunCompletes() throws Exception {
        EmbeddedServer server = new EmbeddedServer(dir.resolve("own-server"));
        EmbeddedServer.Endpoint e = server.start();
        try {
            Db db = new Db("own", e.jdbcUrl(), EmbeddedServer.USER, new Secret(e.password().reveal()));
            String schema = "stopped";
            Path log = dir.resolve("stopped.log");
            Process p = FleetgenProcess.start(log, args(db, schema, "load", SHAPE));
            waitForChunks(db, schema, 10, p);
            assertTrue(p.isAlive(), "the load was still running when the server stopped");
            assertTrue(server.stop());
            String out = await(p, log, 1);
            assertOneLine(out);
            server.start();
            run("stopped-rerun", args(db, schema, "load", SHAPE), 0);
            assertTrue(run("stopped-verify", args(db, schema, "verify"), 0).contains("OK: every row"));
        } finally {
            server.stop();
        }
    }
}
