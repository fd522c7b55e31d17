package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The platform decisions of the embedded server, for every os.name/os.arch pair a JVM reports on the platforms zonky serves. */
class EmbeddedPlatformTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "Linux, amd64, postgres-linux-x86_64.txz, linux-amd64",
            "Linux, aarch64, postgres-linux-arm_64.txz, linux-arm64v8",
            "Mac OS X, x86_64, postgres-darwin-x86_64.txz, darwin-amd64",
            "Mac OS X, aarch64, postgres-darwin-arm_64.txz, darwin-arm64v8",
            "Windows 11, amd64, postgres-windows-x86_64.txz, windows-amd64",
            "Windows Server 2022, amd64, postgres-windows-x86_64.txz, windows-amd64"})
    void eachServedPlatformFindsItsBinaries(String osName, String osArch, String resource, String artifact) {
        EmbeddedPlatform p = EmbeddedPlatform.of(osName, osArch);
        assertTrue(p.supported());
        assertEquals(resource, p.binariesResource());
        assertEquals(artifact, p.artifact());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"Windows 11, aarch64", "FreeBSD, amd64", "Linux, s390x", "Linux, ppc64le", "SunOS, sparcv9"})
    void platformsWithoutBinariesAreNamedAsSuch(String osName, String osArch) {
        EmbeddedPlatform p = EmbeddedPlatform.of(osName, osArch);
        assertFalse(p.supported());
        assertTrue(p.toString().contains("unsupported"), p.toString());
    }

    @Test
    void linuxDetachesWithSetsidAndRunsRootInAUserNamespace() throws Exception {
        EmbeddedPlatform linux = EmbeddedPlatform.of("Linux", "amd64");
        List<String> cmd = List.of("/x/bin/postgres", "-D", "/x/data");
        assertEquals(cmd, linux.unprivileged(cmd, false));
        assertEquals(List.of("unshare", "-U", "/x/bin/postgres", "-D", "/x/data"), linux.unprivileged(cmd, true));
        assertEquals(List.of("setsid", "/x/bin/postgres", "-D", "/x/data"), linux.detached(cmd));
        assertEquals("postgres", linux.executable("postgres"));
        assertTrue(linux.unixSockets() && linux.posixFileModes());
        assertEquals("/dev/null", linux.nullDevice().getPath());
        assertEquals(List.of("kill", "-s", "INT", "42"), linux.fastShutdown(42, java.nio.file.Path.of("/x/bin/pg_ctl"),
                java.nio.file.Path.of("/x/data")));
    }

    @Test
    void macosHasNoSetsidAndRefusesRoot() throws Exception {
        EmbeddedPlatform mac = EmbeddedPlatform.of("Mac OS X", "aarch64");
        List<String> cmd = List.of("/x/bin/postgres");
        assertEquals(cmd, mac.detached(cmd));
        assertEquals(cmd, mac.unprivileged(cmd, false));
        DatabaseException e = assertThrows(DatabaseException.class, () -> mac.unprivileged(cmd, true));
        assertTrue(e.getMessage().contains("root") && e.getMessage().contains("--url"), e.getMessage());
        assertTrue(mac.unixSockets() && mac.posixFileModes());
    }

    @Test
    void windowsUsesExeNamesTcpOnlyAndNoFileModes() throws Exception {
        EmbeddedPlatform win = EmbeddedPlatform.of("Windows 10", "amd64");
        assertEquals("initdb.exe", win.executable("initdb"));
        assertFalse(win.unixSockets());
        assertFalse(win.posixFileModes());
        assertEquals("NUL", win.nullDevice().getPath());
        assertFalse(win.root());
        assertEquals(List.of("postgres.exe"), win.detached(List.of("postgres.exe")));
        java.nio.file.Path ctl = java.nio.file.Path.of("C:/fg/bin/pg_ctl.exe");
        java.nio.file.Path data = java.nio.file.Path.of("C:/fg/data");
        assertEquals(List.of(ctl.toString(), "stop", "-D", data.toString(), "-m", "fast", "-w"), win.fastShutdown(42, ctl, data));
    }

    /** This build bundles the binaries of the machine it was built on (the platform-* Maven profiles). */
    @Test
    void theBuildHoldsThisMachinesBinaries() {
        EmbeddedPlatform here = EmbeddedPlatform.current();
        assertTrue(here.supported(), here.toString());
        assertTrue(EmbeddedPlatform.class.getResource("/" + here.binariesResource()) != null, here.binariesResource());
    }
}
