package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.postgres.EmbeddedServer;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unfriendly user's invocations, one test per class of defect and several members of each, every
 * one a real {@code fleetgen} process in a scratch directory: the exit code, at most one line on
 * standard error, no secret in any output, nothing created, and nothing of the user's touched.
 */
class HostileInputIT {
    private static final String MARKER = "Mk9-Sekr3t-Pw";

    @TempDir
    Path base;
    Path scratch;
    Path logs;

    @BeforeEach
    void dirs() throws IOException {
        scratch = Files.createDirectories(base.resolve("scratch"));
        logs = Files.createDirectories(base.resolve("logs"));
    }

    record Ran(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        String all() {
            return out + err;
        }
    }

    private int runs;

    private Ran run(Map<String, String> env, List<String> jvm, String... args) throws Exception {
        return run(env, jvm, null, args);
    }

    /** Runs fleetgen in the scratch directory with separate stdout and stderr (stdout to {@code stdout} if given). */
    private Ran run(Map<String, String> env, List<String> jvm, File stdout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", FleetgenProcess.jar().toString()));
        cmd.addAll(List.of(args));
        int n = ++runs;
        File out = stdout != null ? stdout : logs.resolve(n + ".out").toFile();
        File err = logs.resolve(n + ".err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(scratch.toFile())
                .redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("FLEETGEN_DB_URL");
        pb.environment().remove("PGPASSWORD");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished: " + String.join(" ", args));
        String o = stdout != null ? "" : Files.readString(out.toPath());
        return new Ran(p.exitValue(), o, Files.readString(err.toPath()));
    }

    private Ran run(String... args) throws Exception {
        return run(Map.of(), List.of(), args);
    }

    private static void assertOneLine(Ran r, int code, String... mentions) {
        assertEquals(code, r.code(), r.all());
        assertEquals(1, r.errLines().size(), "exactly one line: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), "mentions " + m + ": " + r.err());
        }
    }

    /** Every file below a directory with its type, size and content hash: what "untouched" compares. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                String kind = Files.isSymbolicLink(p) ? "link:" + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : Files.isRegularFile(p) ? "file:" + sha256(p) : "other";
                out.put(dir.relativize(p).toString(), kind);
            }
        }
        return out;
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) {
                md.update(buf, 0, k);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static List<String> schemas(Db db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<String> dbArgs(Db db, String schema, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(db.cliArgs(schema, logs.resolve("pw-" + schema)));
        return args;
    }

    // ---- 1, 7: directories fleetgen did not create, and paths no tool may take through a shell ----

    @Test
    void dataDirectoriesFleetgenDidNotCreateAreRefusedAndUntouched() throws Exception {
        Path withData = Files.createDirectories(scratch.resolve("with-data/data"));
        Files.writeString(withData.resolve("notes.txt"), "precious\n");
        Path withPassword = Files.createDirectories(scratch.resolve("with-password"));
        Files.writeString(withPassword.resolve("password"), "the user's own\n");
        Path emptyData = Files.createDirectories(scratch.resolve("empty-data/data"));
        Path aFile = Files.writeString(scratch.resolve("a-file"), "not a directory\n");
        Files.writeString(scratch.resolve("user-file.txt"), "in the working directory\n");
        Map<String, String> before = snapshot(scratch);
        for (String home : List.of(withData.getParent().toString(), withPassword.toString(), emptyData.getParent().toString(),
                aFile.toString(), ".", scratch.toString())) {
            assertOneLine(run("db", "start", "--data-dir", home), 2, "--data-dir");
            assertOneLine(run("load", "--servers", "2", "--data-dir", home), 2, "--data-dir");
            assertOneLine(run("query", "archetype_summary", "--data-dir", home), 2, "--data-dir");
            Ran stop = run("db", "stop", "--data-dir", home);
            assertEquals(0, stop.code(), stop.all());
            assertTrue(stop.out().contains("not running"), stop.out());
            assertEquals(3, run("db", "status", "--data-dir", home).code());
        }
        assertEquals(before, snapshot(scratch), "nothing created, deleted or changed");
    }

    @Test
    void pathsWithShellOrListCharactersAreRefusedAndNeverExecuted() throws Exception {
        Path canary = base.resolve("canary");
        List<String> homes = List.of("h$(touch " + canary + ")", "h`touch " + canary + "`", "h\"quote", "h'quote", "h\\back",
                "h,comma", "h\nnewline", "x".repeat(120));
        for (String h : homes) {
            for (List<String> cmd : List.of(List.of("db", "start"), List.of("load", "--servers", "1"))) {
                List<String> args = new ArrayList<>(cmd);
                args.addAll(List.of("--data-dir", scratch.resolve(h).toString()));
                assertOneLine(run(args.toArray(String[]::new)), 2, "--data-dir");
            }
        }
        assertFalse(Files.exists(canary), "no command ran");
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "nothing created");
        }
    }

    // ---- 13: commands that only read never create a server; 17: a missing pid file, a kill -9 ----

    @Test
    void readOnlyCommandsNeverCreateAServer() throws Exception {
        String home = scratch.resolve("fresh").toString();
        assertOneLine(run("query", "archetype_summary", "--data-dir", home), 2, "holds no embedded server");
        assertOneLine(run("verify", "--data-dir", home), 2, "holds no embedded server");
        assertOneLine(run("verify", "--fidelity", "--data-dir", home), 2, "holds no embedded server");
        assertOneLine(run("refresh", "--data-dir", home), 2, "holds no embedded server");
        assertOneLine(run("grant-read", "someone", "--data-dir", home), 2, "holds no embedded server");
        assertEquals(0, run("db", "stop", "--data-dir", home).code());
        assertEquals(3, run("db", "status", "--data-dir", home).code());
        assertFalse(Files.exists(Path.of(home)), "no directory, no lock file");
    }

    @Test
    void theEmbeddedServerIsFoundWithoutItsPidFileAndRecoversFromAKill9() throws Exception {
        Path home = scratch.resolve("own");
        Files.createDirectories(home);  // an empty directory is adopted
        EmbeddedServer server = new EmbeddedServer(home);
        try {
            assertEquals(0, run("db", "start", "--data-dir", home.toString()).code());
            assertTrue(Files.exists(home.resolve(EmbeddedServer.MARKER)));
            String password = Files.readString(home.resolve("password")).trim();

            Files.delete(home.resolve("data/postmaster.pid"));
            Ran status = run("db", "status", "--data-dir", home.toString());
            assertEquals(0, status.code(), status.all());
            assertTrue(status.out().contains("postmaster.pid is missing"), status.out());
            assertTrue(run("db", "stop", "--data-dir", home.toString()).out().contains("stopped"));
            assertEquals(3, run("db", "status", "--data-dir", home.toString()).code(), "really stopped");

            for (int i = 0; i < 2; i++) {
                assertEquals(0, run("db", "start", "--data-dir", home.toString()).code());
                long pid = Long.parseLong(Files.readAllLines(home.resolve("data/postmaster.pid")).get(0).trim());
                assertEquals(0, sh("kill", "-9", Long.toString(pid)));
                Ran again = run("load", "--quiet", "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-31",
                        "--data-dir", home.toString());
                assertEquals(0, again.code(), "the first rerun after kill -9 works: " + again.all());
                assertFalse(again.all().contains(password));
            }
            // The size guard of an existing server: refused before any schema is created.
            Ran huge = run("load", "--schema", "huge", "--servers", "200000", "--granularity", "hourly", "--start", "1971-01-01",
                    "--end", "2099-12-31", "--data-dir", home.toString());
            assertOneLine(huge, 2, "--data-dir", "free");
            EmbeddedServer.Endpoint e = server.endpoint();
            Db own = new Db("own", e.jdbcUrl(), EmbeddedServer.USER, e.password());
            assertFalse(schemas(own).contains("huge"), "nothing written");
        } finally {
            server.stop();
        }
    }

    // ---- 2: a schema in the URL never redirects fleetgen ----

    @Test
    void aSearchPathInTheUrlNeverRedirectsAStatement() throws Exception {
        for (Db db : TestDatabases.all()) {
            String a = TestDatabases.freshSchema("victim");
            String b = TestDatabases.freshSchema("target");
            assertEquals(0, run(dbArgs(db, a, "load", "--quiet", "--servers", "3").toArray(String[]::new)).code());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + a + ".app_table (id int)");
                s.execute("INSERT INTO " + a + ".app_table VALUES (1), (2)");
            }
            String before = catalogue(db, a);
            String sep = db.jdbcUrl().contains("?") ? "&" : "?";
            List<String> redirections = List.of("currentSchema=" + a, "options=-c%20search_path%3D" + a,
                    "options=-c%20search_path%3D" + a + "%2Cpublic&currentSchema=" + a);
            for (String redirect : redirections) {
                for (List<String> cmd : List.of(List.of("load", "--quiet", "--servers", "2"),
                        List.of("load", "--quiet", "--servers", "2", "--replace"), List.of("refresh", "--quiet"),
                        List.of("verify", "--quiet"), List.of("query", "archetype_summary"))) {
                    List<String> args = dbArgs(db, b, cmd.toArray(String[]::new));
                    args.set(args.indexOf("--url") + 1, db.jdbcUrl() + sep + redirect);
                    Ran r = run(args.toArray(String[]::new));
                    assertEquals(0, r.code(), db + " " + redirect + " " + cmd + ": " + r.all());
                }
                assertEquals(before, catalogue(db, a), db + ": schema " + a + " untouched with " + redirect);
            }
            Ran verify = run(dbArgs(db, b, "verify").toArray(String[]::new));
            assertTrue(verify.out().contains("OK: every row"), verify.all());
            db.dropSchema(a);
            db.dropSchema(b);
        }
    }

    /** A schema's objects, their kinds, the views' state, row counts and the migration history. */
    private static String catalogue(Db db, String schema) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c.relname, c.relkind, coalesce(m.ispopulated, true) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_matviews m ON m.schemaname = n.nspname "
                    + "AND m.matviewname = c.relname WHERE n.nspname = '" + schema + "' ORDER BY 1")) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append(':').append(rs.getString(2)).append(':').append(rs.getBoolean(3)).append('\n');
                }
            }
            for (String t : List.of("server_metrics", "app_table", "load_ledger", "fleetgen_schema_history", "archetype_summary")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + t)) {
                    rs.next();
                    out.append(t).append('=').append(rs.getLong(1)).append('\n');
                }
            }
        }
        return out.toString();
    }

    // ---- 3: special files are written in place, never renamed over ----

    @Test
    void specialFilesAreWrittenInPlaceAndNeverReplaced() throws Exception {
        String[] small = {"--servers", "2", "--start", "2024-01-01", "--end", "2024-01-31", "--quiet"};
        Path reference = scratch.resolve("reference.csv");
        assertEquals(0, run(concat(new String[] {"export", "--out", reference.toString()}, small)).code());
        String want = sha256(reference);

        assertEquals(0, run(concat(new String[] {"export", "--out", "/dev/null"}, small)).code());
        assertEquals("other", kind(Path.of("/dev/null")), "/dev/null is still a device");
        boolean root = sh("mknod", scratch.resolve("null").toString(), "c", "1", "3") == 0;
        if (root) {
            assertEquals(0, run(concat(new String[] {"export", "--out", scratch.resolve("null").toString()}, small)).code());
            assertEquals("other", kind(scratch.resolve("null")));
            assertEquals(0, sh("mknod", scratch.resolve("blockdev").toString(), "b", "7", "0"));
            assertOneLine(run(concat(new String[] {"export", "--out", scratch.resolve("blockdev").toString()}, small)), 2, "block device");
            assertEquals("other", kind(scratch.resolve("blockdev")));
        }
        // A FIFO: the reader gets exactly the file's bytes, and the FIFO stays a FIFO.
        Path fifo = scratch.resolve("fifo");
        assertEquals(0, sh("mkfifo", fifo.toString()));
        Path received = base.resolve("received.csv");
        Process reader = new ProcessBuilder("sh", "-c", "cat \"$0\" > \"$1\"", fifo.toString(), received.toString()).start();
        assertEquals(0, run(concat(new String[] {"export", "--out", fifo.toString()}, small)).code());
        assertTrue(reader.waitFor(60, TimeUnit.SECONDS));
        assertEquals(want, sha256(received));
        assertEquals("other", kind(fifo));
        // A symbolic link: its target is replaced, the link stays; a dangling one is refused.
        Path real = Files.writeString(scratch.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(scratch.resolve("link.csv"), real.getFileName());
        assertEquals(0, run(concat(new String[] {"export", "--out", link.toString()}, small)).code());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(want, sha256(real));
        Path dangling = Files.createSymbolicLink(scratch.resolve("dangling.csv"), Path.of("nowhere/x.csv"));
        assertOneLine(run(concat(new String[] {"export", "--out", dangling.toString()}, small)), 2, "--out");
        assertOneLine(run(concat(new String[] {"export", "--out", scratch.toString()}, small)), 2, "is a directory");
        // A legal name of 250 bytes: the hidden temporary name must not be longer than the target's.
        Path longName = scratch.resolve("n".repeat(246) + ".csv");
        assertEquals(0, run(concat(new String[] {"export", "--out", longName.toString()}, small)).code());
        assertEquals(want, sha256(longName));
        try (Stream<Path> left = Files.list(scratch)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    private static String kind(Path p) {
        return Files.isRegularFile(p) ? "file" : Files.isDirectory(p) ? "dir" : "other";
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    // ---- 4: size guard ----

    @Test
    void aDatasetLargerThanTheFreeSpaceIsRefusedBeforeAnythingIsWritten() throws Exception {
        String[] huge = {"--servers", "200000", "--granularity", "hourly", "--start", "1971-01-01", "--end", "2099-12-31"};
        for (String out : List.of("huge.csv", "huge.csv.gz")) {
            assertOneLine(run(concat(new String[] {"export", "--out", out}, huge)), 2, "--out", "free");
        }
        assertOneLine(run(concat(new String[] {"load", "--data-dir", "fresh"}, huge)), 2, "--data-dir", "free");
        assertOneLine(run("load", "--data-dir", "fresh", "--servers", "50000", "--granularity", "hourly", "--start", "1980-01-01"), 2, "free");
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "no file, no server");
        }
    }

    // ---- 5, 6, 14: secrets and bad URLs ----

    @Test
    void aPasswordNeverAppearsOnAnyErrorPath() throws Exception {
        Db embedded = TestDatabases.embedded();
        String port = embedded.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1");
        List<String> urls = List.of(
                "postgresql://u:" + MARKER + "@127.0.0.1:" + port + "/fleetgen",
                "jdbc:postgresql://u:" + MARKER + "@127.0.0.1:" + port + "/fleetgen",
                "jdbc:postgresql://127.0.0.1:1/db?user=u&password=" + MARKER,
                "jdbc:postgresql://127.0.0.1:" + port + "/fleetgen?user=postgres&password=" + MARKER,
                "jdbc:postgresql://127.0.0.1:" + port + "/fleetgen?user=postgres&password=ab;" + MARKER,
                "jdbc:postgresql://127.0.0.1:" + port + "/fleetgen?user=postgres&pass%77ord=" + MARKER,
                "jdbc:postgresql://127.0.0.1:notaport/db?password=" + MARKER,
                "jdbc:postgresql://127.0.0.1:1/db?ssl=true&user=u&sslpassword=" + MARKER,
                "mysql://u:" + MARKER + "@h/db");
        for (String url : urls) {
            for (List<String> cmd : List.of(List.of("load", "--servers", "1"), List.of("query", "archetype_summary"),
                    List.of("verify", "--json", "v.json"), List.of("load", "--servers", "1", "--json-summary", "s.json", "--verbose"))) {
                List<String> flagged = new ArrayList<>(cmd);
                flagged.addAll(List.of("--url", url));
                Ran viaFlag = run(flagged.toArray(String[]::new));
                Ran viaEnv = run(Map.of("FLEETGEN_DB_URL", url, "PGPASSWORD", MARKER), List.of(), cmd.toArray(String[]::new));
                for (Ran r : List.of(viaFlag, viaEnv)) {
                    assertTrue(r.code() == 1 || r.code() == 2, url + " " + cmd + ": " + r.all());
                    assertFalse(r.all().contains(MARKER), "leaked: " + r.all());
                    assertFalse(r.all().contains("Mk9"), "leaked in part: " + r.all());
                    if (!cmd.contains("--verbose")) {
                        assertEquals(1, r.errLines().size(), r.err());
                    }
                }
            }
        }
        Ran badPort = run("query", "archetype_summary", "--url", "jdbc:postgresql://127.0.0.1:notaport/db");
        assertOneLine(badPort, 2, "--url", "notaport");
        assertFalse(badPort.err().contains("WARNING"));
        // @file arguments are not expanded: a password file's contents never reach an error message.
        Path pw = Files.writeString(scratch.resolve("password"), MARKER + "\n");
        for (String[] args : List.of(new String[] {"query", "@password"}, new String[] {"load", "--schema", "@password"},
                new String[] {"@password"}, new String[] {"export", "--servers", "@" + pw})) {
            Ran r = run(args);
            assertEquals(2, r.code(), r.all());
            assertFalse(r.all().contains(MARKER), r.all());
        }
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(pw), left.toList(), "nothing written: no summary, no report, no server");
        }
    }

    // ---- 8, 15, 16, 18: a loaded dataset read hostilely ----

    @Test
    void readsStreamWithFlatMemoryAndOutputsAreCheckedBeforeWork() throws Exception {
        Db db = TestDatabases.all().get(TestDatabases.all().size() - 1);
        String schema = TestDatabases.freshSchema("hostile_reads");
        // JSON summaries to places that cannot take them: refused before a schema exists.
        for (String summary : List.of("/proc/fleetgen.json", "/sys/fleetgen.json", "/etc/hostname/x.json", scratch.toString())) {
            assertOneLine(run(dbArgs(db, schema, "load", "--quiet", "--json-summary", summary).toArray(String[]::new)), 2, "--json-summary");
        }
        assertFalse(schemas(db).contains(schema), "nothing loaded");
        assertEquals(0, run(dbArgs(db, schema, "load", "--quiet").toArray(String[]::new)).code());
        // server_metrics_wide holds every row: each format streams it in a 40 MB heap.
        for (String format : List.of("csv", "json", "table")) {
            Path out = base.resolve("wide." + format);
            List<String> args = dbArgs(db, schema, "query", "server_metrics_wide", "--format", format);
            Ran r = run(Map.of(), List.of("-Xmx40m"), out.toFile(), args.toArray(String[]::new));
            assertEquals(0, r.code(), format + ": " + r.err());
            long lines;
            try (Stream<String> l = Files.lines(out)) {
                lines = l.count();
            }
            assertEquals(format.equals("csv") ? 175_321 : format.equals("json") ? 175_322 : 175_323, lines, format);
        }
        Ran full = run(Map.of(), List.of(), new File("/dev/full"), dbArgs(db, schema, "query", "server_metrics_wide").toArray(String[]::new));
        assertOneLine(full, 1, "No space left on device");
        // verify --json without --fidelity writes the row check; --max-listed must not be negative.
        assertEquals(0, run(dbArgs(db, schema, "verify", "--quiet", "--json", "v.json").toArray(String[]::new)).code());
        assertTrue(Files.readString(scratch.resolve("v.json")).startsWith("{\"ok\":true"), Files.readString(scratch.resolve("v.json")));
        for (String n : List.of("-5", "-1", "-2147483648")) {
            assertOneLine(run(dbArgs(db, schema, "verify", "--max-listed", n).toArray(String[]::new)), 2, "--max-listed");
        }
        // refresh takes only a file that export and load take.
        for (String yaml : List.of("data: {start_date: '2025-13-01'}\n", "data: {end_date: '2020-01-01', start_date: '2021-01-01'}\n",
                "archetypes: {mainframe: {base_cpu: 5}}\n", "data: {distribution: {web: 2}}\n")) {
            Path config = Files.writeString(base.resolve("bad.yaml"), yaml);
            assertOneLine(run(dbArgs(db, schema, "refresh", "--config", config.toString()).toArray(String[]::new)), 2);
        }
        // PUBLIC, in any case, is every role: refused without --force.
        for (String role : List.of("public", "PUBLIC", "Public")) {
            assertOneLine(run(dbArgs(db, schema, "grant-read", role).toArray(String[]::new)), 2, "PUBLIC", "--force");
        }
        assertEquals(0, run(dbArgs(db, schema, "grant-read", "public", "--force", "--quiet").toArray(String[]::new)).code());
        db.dropSchema(schema);
    }

    // ---- 9, 10: hostile YAML and numbers that do not fit ----

    @Test
    void hostileYamlIsRefusedWithOneLine() throws Exception {
        StringBuilder aliasBomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            aliasBomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        Map<String, String> files = Map.of(
                "deep-sequences.yaml", "data: " + "[".repeat(3000) + "]".repeat(3000) + "\n",
                "deep-mappings.yaml", "data: " + "{a: ".repeat(3000) + "1" + "}".repeat(3000) + "\n",
                "deep-blocks.yaml", buildDeepBlocks(200),
                "one-long-line.yaml", "data: {num_servers: 1}\n# " + "x".repeat(16 << 20) + "\n",
                "alias-bomb.yaml", aliasBomb.toString());
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = Files.writeString(base.resolve(f.getKey()), f.getValue());
            Ran r = run("export", "--out", "x.csv", "--config", p.toString());
            assertOneLine(r, 2, "--config");
        }
        assertFalse(Files.exists(scratch.resolve("x.csv")));
    }

    private static String buildDeepBlocks(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        return b.append("  ".repeat(depth)).append("1\n").toString();
    }

    @Test
    void numbersThatDoNotFitAreRefusedNotWrapped() throws Exception {
        Map<String, String> yaml = Map.of(
                "data: {num_servers: -4294967291}\n", "data.num_servers",
                "data: {num_servers: 4294967301}\n", "data.num_servers",
                "data: {num_servers: 18446744073709551621}\n", "data.num_servers",
                "risk_analysis: {window_days: -4294967206}\n", "risk_analysis.window_days",
                "risk_analysis: {window_days: 4294967386}\n", "risk_analysis.window_days",
                "seed: 18446744073709551616\n", "seed",
                "seed: -1\n", "seed");
        for (Map.Entry<String, String> c : yaml.entrySet()) {
            Path p = Files.writeString(base.resolve("n.yaml"), c.getKey());
            assertOneLine(run("export", "--out", "x.csv", "--config", p.toString()), 2, c.getValue());
        }
        for (String[] flags : List.of(new String[] {"export", "--servers", "4294967301"}, new String[] {"export", "--seed", "99999999999999999999"},
                new String[] {"export", "--threads", "4294967297"}, new String[] {"load", "--workers", "4294967297"},
                new String[] {"load", "--chunk-rows", "-1"}, new String[] {"load", "--workers", "0"})) {
            assertOneLine(run(flags), 2);
        }
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList());
        }
    }

    // ---- 11: write errors on standard output ----

    @Test
    void writeErrorsOnStandardOutputEndTheRun() throws Exception {
        Ran full = run(Map.of(), List.of(), new File("/dev/full"), "export", "--out", "-");
        assertOneLine(full, 1, "No space left on device");
        // A reader that goes away (| head -1): the conventional SIGPIPE status, quietly.
        for (String[] args : List.of(new String[] {"export", "--out", "-"}, new String[] {"export", "--out", "-", "--granularity", "hourly"})) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    FleetgenProcess.jar().toString()));
            cmd.addAll(List.of(args));
            Path err = logs.resolve("pipe.err");
            Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectError(err.toFile()).start();
            byte[] first = p.getInputStream().readNBytes(100);
            assertEquals(100, first.length);
            p.getInputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(Fleetgen.BROKEN_PIPE, p.exitValue(), Files.readString(err));
            assertEquals("", Files.readString(err).strip(), "quietly");
        }
    }

    // ---- 12: the machine's locale ----

    @Test
    void outputNeverDependsOnTheLocale() throws Exception {
        assertEquals(0, run("export", "--quiet", "--out", "root.csv").code());
        String want = sha256(scratch.resolve("root.csv"));
        Db db = TestDatabases.embedded();
        List<List<String>> locales = List.of(List.of("-Duser.language=ar", "-Duser.country=EG"),
                List.of("-Duser.language=fa", "-Duser.country=IR"), List.of("-Duser.language=th", "-Duser.country=TH", "-Duser.variant=TH"),
                List.of("-Duser.language=bn", "-Duser.country=BD"), List.of("-Duser.language=tr", "-Duser.country=TR"),
                List.of("-Duser.language=hi", "-Duser.country=IN", "-Djava.locale.providers=CLDR"));
        for (List<String> locale : locales) {
            Ran export = run(Map.of(), locale, "export", "--quiet", "--out", "local.csv", "--granularity", "DAILY");
            assertEquals(0, export.code(), locale + ": " + export.all());
            assertEquals(want, sha256(scratch.resolve("local.csv")), locale + " gives the same bytes");
            String schema = TestDatabases.freshSchema("locale");
            Ran load = run(Map.of(), locale, dbArgs(db, schema, "load", "--quiet", "--servers", "3", "--granularity", "Hourly",
                    "--start", "2024-01-01", "--end", "2024-01-10").toArray(String[]::new));
            assertEquals(0, load.code(), locale + ": " + load.all());
            Ran verify = run(Map.of(), locale, dbArgs(db, schema, "verify").toArray(String[]::new));
            assertTrue(verify.out().contains("OK: every row"), locale + ": " + verify.all());
            db.dropSchema(schema);
        }
    }
}
