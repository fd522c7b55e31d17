package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./fleetgen's class-data-sharing archive (start-up of a load): recorded by the first load after a build that runs
 * through, not by `load --help` or a refused load, whose few classes would leave it useless until the next build.
 * The launcher runs from a copy whose target/ holds the build's jar, so the real one's archive is not touched.
 */
class LauncherIT {
    @TempDir
    Path home;

    private int run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("fleetgen").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("out.log").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the launcher finished");
        return p.exitValue();
    }

    @Test
    void onlyALoadThatRanThroughRecordsTheArchive() throws Exception {
        Files.copy(Path.of("fleetgen"), home.resolve("fleetgen"));
        Files.createDirectories(home.resolve("target"));
        Path jar = FleetgenProcess.jar().toAbsolutePath();
        Files.createSymbolicLink(home.resolve("target").resolve(jar.getFileName()), jar);
        Path archive = home.resolve("target/fleetgen.jsa");

        assertEquals(0, run(List.of("load", "--help")));
        assertFalse(Files.exists(archive), "load --help records nothing");
        assertEquals(2, run(List.of("load", "--servers", "0")));
        assertFalse(Files.exists(archive), "a refused load records nothing");

        TestDatabases.Db db = TestDatabases.all().get(TestDatabases.all().size() - 1);
        String schema = TestDatabases.freshSchema("launcher");
        List<String> load = new ArrayList<>(List.of("load", "--quiet", "--servers", "3", "--start", "2024-01-01", "--end", "2024-01-31"));
        load.addAll(db.cliArgs(schema, home.resolve("pw")));
        try {
            assertEquals(0, run(load), Files.readString(home.resolve("out.log")));
            assertTrue(Files.size(archive) > 10_000_000L, "the archive holds a load's classes: " + Files.size(archive) + " bytes");
            assertFalse(Files.list(home.resolve("target")).anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary left");
            // The next load maps it and runs as before.
            assertEquals(0, run(load), Files.readString(home.resolve("out.log")));
        } finally {
            db.dropSchema(schema);
        }
    }
}
