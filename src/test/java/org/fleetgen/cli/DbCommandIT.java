package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fleetgen.testing.FleetgenProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server's life: start, status, reuse by load, takeover after a killed loader, stop. */
class DbCommandIT {
    @TempDir
    Path dir;

    private String run(String name, List<String> args, int expectedExit) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = FleetgenProcess.start(log, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + " finished");
        String out = Files.readString(log);
        assertEquals(expectedExit, p.exitValue(), name + ": " + out);
        return out;
    }

    @Test
    void serverLifecycleAndTakeover() throws Exception {
        String home = dir.resolve("data").toString();
        assertTrue(run("status-before", List.of("db", "status", "--data-dir", home), 3).contains("not installed"));

        String started = run("start", List.of("db", "start", "--data-dir", home), 0);
        assertTrue(started.contains("psql:") && started.contains("jdbc:postgresql://127.0.0.1:"), started);
        String password = Files.readString(Path.of(home, "password")).trim();
        assertTrue(!started.contains(password), "no password in the output");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(home, "password"))));
        assertTrue(run("status", List.of("db", "status", "--data-dir", home), 0).contains("is running"));

        // A loader killed mid-run leaves the server running; the next load takes it over and finishes.
        Process loader = FleetgenProcess.start(dir.resolve("killed.log"), List.of("load", "--data-dir", home, "--quiet",
                "--servers", "30", "--granularity", "hourly", "--start", "2024-01-01", "--end", "2024-02-29", "--chunk-rows", "240"));
        Thread.sleep(2500);
        loader.destroyForcibly();
        loader.waitFor(30, TimeUnit.SECONDS);
        String resumed = run("resume", List.of("load", "--data-dir", home, "--servers", "30", "--granularity", "hourly",
                "--start", "2024-01-01", "--end", "2024-02-29", "--chunk-rows", "240"), 0);
        assertTrue(resumed.contains("rows in the dataset") || resumed.contains("nothing to do"), resumed);
        assertTrue(!resumed.contains(password), "no password in the output");
        // The commands it suggests name this server's home, so they reach it.
        assertTrue(resumed.contains("stop it with ./fleetgen db stop --data-dir " + home), resumed);
        assertTrue(resumed.contains("./fleetgen report --data-dir " + home + " --out fleetgen-report.html"), resumed);

        assertTrue(run("stop", List.of("db", "stop", "--data-dir", home), 0).contains("stopped"));
        assertTrue(run("status-after", List.of("db", "status", "--data-dir", home), 3).contains("not running"));
        // A stopped server starts again on the data it kept.
        run("restart", List.of("db", "start", "--data-dir", home), 0);
        assertTrue(run("rerun", List.of("load", "--data-dir", home, "--servers", "30", "--granularity", "hourly",
                "--start", "2024-01-01", "--end", "2024-02-29", "--chunk-rows", "240"), 0).contains("nothing to do"));
        run("stop-again", List.of("db", "stop", "--data-dir", home), 0);
    }
}
