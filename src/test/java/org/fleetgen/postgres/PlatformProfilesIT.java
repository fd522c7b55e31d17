package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build bundles one platform's PostgreSQL binaries, chosen by Maven profiles from the build machine's
 * OS and architecture. These machines are Linux x86-64, so the other machines are played by Maven run
 * with their os.name and os.arch (Windows by its profile, as Maven's own launcher does not run under a
 * Windows os.name here), and the artifact each build would bundle is checked.
 */
class PlatformProfilesIT {
    @TempDir
    Path dir;

    private String evaluate(String mavenOpts, String... args) throws Exception {
        Path out = dir.resolve("value-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of("mvn", "-q", "-B", "help:evaluate", "-Dexpression=fleetgen.platform",
                "-Doutput=" + out));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mvn.log").toFile());
        pb.environment().put("MAVEN_OPTS", mavenOpts);
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "maven finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("mvn.log")));
        return Files.readString(out).trim();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"Linux, amd64, linux-amd64", "Linux, aarch64, linux-arm64v8", "MacOSX, x86_64, darwin-amd64",
            "MacOSX, aarch64, darwin-arm64v8", "FreeBSD, amd64, linux-amd64"})
    void eachMachineSelectsItsBinaries(String osName, String osArch, String platform) throws Exception {
        assertEquals(platform, evaluate("-Dos.name=" + osName + " -Dos.arch=" + osArch));
        // The artifact the profile selects is the one the platform code looks for.
        EmbeddedPlatform p = EmbeddedPlatform.of(osName.replace("MacOSX", "Mac OS X"), osArch);
        if (p.supported()) {
            assertEquals(platform, p.artifact());
        }
    }

    @Test
    void theWindowsProfileAndAnExplicitPlatformSelectTheirBinaries() throws Exception {
        assertEquals("windows-amd64", evaluate("", "-Pplatform-windows-amd64"));
        assertEquals("darwin-arm64v8", evaluate("", "-Dfleetgen.platform=darwin-arm64v8"));
    }
}
