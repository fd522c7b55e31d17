package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportCommandTest {
    @TempDir
    Path dir;

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    byte[] export(String... args) throws IOException {
        return Files.readAllBytes(exportFile(args));
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    Path exportFile(String... args) throws IOException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".csv");
        String[] full = new String[args.length + 3];
        full[0] = "export";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--out";
        full[args.length + 2] = out.toString();
        CliRun run = CliRun.of(full);
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    @Test
    void defaultDailyDatasetIsTheReferenceByteForByte() throws Exception {
        byte[] csv = export("--quiet");
        // sha256 of the reference's df.to_csv output, PYTHONHASHSEED=0 (docs/model.md §14).
        assertEquals("3ef9ca18dacab46b7d2f2b80313fa6396e4713b73903134e95466f6d62e4a19d", sha256(csv));
        assertEquals(18_081_019, csv.length);
        assertEquals(175_321, new String(csv, 0, csv.length, java.nio.charset.StandardCharsets.US_ASCII).lines().count());
    }

    @Test
    void outputDoesNotDependOnThreads() throws Exception {
        byte[] one = export("-q", "--servers", "30", "--granularity", "hourly", "--start", "2024-12-30", "--end", "2025-01-02", "--threads", "1");
        byte[] two = export("-q", "--servers", "30", "--granularity", "hourly", "--start", "2024-12-30", "--end", "2025-01-02", "--threads", "2");
        byte[] five = export("-q", "--servers", "30", "--granularity", "hourly", "--start", "2024-12-30", "--end", "2025-01-02", "--threads", "5");
        assertArrayEquals(one, two);
        assertArrayEquals(one, five);
    }

    /** Golden files written by an independent Python rendering of the reference model (numpy RandomState). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "hourly-12-servers-2024-03-28-to-04-01.csv, 12, 2024-03-28, 2024-04-01",
            "hourly-2-servers-2022-12-30-to-2023-01-03.csv, 2, 2022-12-30, 2023-01-03",
            "hourly-5-servers-single-stamp-2023-07-04.csv, 5, 2023-07-04, 2023-07-04",
    })
    void hourlyRunsMatchGoldenRows(String golden, String servers, String start, String end) throws Exception {
        byte[] want;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + golden)) {
            want = in.readAllBytes();
        }
        byte[] got = export("-q", "--granularity", "hourly", "--servers", servers, "--start", start, "--end", end);
        assertEquals(new String(want, java.nio.charset.StandardCharsets.US_ASCII), new String(got, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void anotherSeedChangesMetricsButNotMetadata() throws Exception {
        List<String> a = new String(export("-q", "--servers", "8", "--start", "2024-01-01", "--end", "2024-01-31"),
                java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        List<String> b = new String(export("-q", "--servers", "8", "--start", "2024-01-01", "--end", "2024-01-31", "--seed", "7"),
                java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        assertEquals(a.size(), b.size());
        int metricDiffs = 0;
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",");
            String[] y = b.get(i).split(",");
            assertEquals(List.of(x).subList(7, 19), List.of(y).subList(7, 19), "metadata and calendar of row " + i);
            assertEquals(x[0] + x[1], y[0] + y[1]);
            if (!List.of(x).subList(2, 7).equals(List.of(y).subList(2, 7))) {
                metricDiffs++;
            }
        }
        assertTrue(metricDiffs > (a.size() - 1) * 0.9, "metrics changed in only " + metricDiffs + " rows");
    }

    @Test
    void gzipOutputHoldsTheSameCsv() throws Exception {
        byte[] plain = export("-q", "--servers", "3", "--start", "2024-01-01", "--end", "2024-03-31");
        Path gz = dir.resolve("x.csv.gz");
        assertEquals(0, CliRun.of("export", "-q", "--servers", "3", "--start", "2024-01-01", "--end", "2024-03-31", "--out", gz.toString()).exitCode());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertArrayEquals(plain, in.readAllBytes());
        }
    }

    @Test
    void noMetadataAndNoCalendarDropColumns() throws Exception {
        String csv = new String(export("-q", "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-02",
                "--no-metadata", "--no-calendar"), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("timestamp,server_id,cpu_p95,mem_p95,disk_p95,net_in_p95,net_out_p95", csv.lines().findFirst().orElseThrow());
        assertEquals(7, csv.lines().skip(1).findFirst().orElseThrow().split(",").length);
        String calendarOnly = new String(export("-q", "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-02",
                "--no-metadata"), java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(calendarOnly.startsWith("timestamp,server_id,cpu_p95,mem_p95,disk_p95,net_in_p95,net_out_p95,year,"));
    }

    @Test
    void leavesNoTemporaryFiles() throws Exception {
        export("-q", "--servers", "2", "--start", "2024-01-01", "--end", "2024-01-02");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void outputFileIsReadableLikeAnyOtherFile() throws Exception {
        Path out = dir.resolve("perm.csv");
        assertEquals(0, CliRun.of("export", "-q", "--servers", "1", "--start", "2024-01-01", "--end", "2024-01-01", "--out", out.toString()).exitCode());
        // Created with the process umask, not the 0600 of a JDK temp file.
        Path probe = Files.createFile(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(out));
    }

    @Test
    void verboseAddsTheStackTraceAtAnyCommandDepth() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun quiet = CliRun.of("db", "start", "--data-dir", notADirectory.resolve("sub").toString());
        CliRun verbose = CliRun.of("db", "start", "--verbose", "--data-dir", notADirectory.resolve("sub").toString());
        assertEquals(1, quiet.exitCode(), quiet.err());
        assertEquals(1, quiet.errLines(), quiet.err());
        assertTrue(verbose.errLines() > 1 && verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void seasonalityCanBeTurnedOff() throws Exception {
        byte[] on = export("-q", "--servers", "2", "--start", "2024-12-20", "--end", "2024-12-31");
        byte[] off = export("-q", "--servers", "2", "--start", "2024-12-20", "--end", "2024-12-31", "--no-holiday-effect", "--no-quarterly-peaks");
        assertNotEquals(sha256(on), sha256(off));
    }

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("c-" + System.nanoTime() + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    /** The upstream project's config layout gives the reference dataset, and one notice line names what it ignored. */
    @Test
    void theUpstreamConfigLayoutGivesTheDefaultDatasetWithOneNotice() throws Exception {
        Path config = dir.resolve("config.yaml");
        try (InputStream in = ExportCommandTest.class.getResourceAsStream("upstream-layout.yaml")) {
            Files.write(config, in.readAllBytes());
        }
        Path out = dir.resolve("upstream.csv");
        CliRun run = CliRun.of("export", "--config", config.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("3ef9ca18dacab46b7d2f2b80313fa6396e4713b73903134e95466f6d62e4a19d", sha256(out));
        List<String> notices = run.err().lines().filter(l -> l.contains("ignored")).toList();
        assertEquals(1, notices.size(), run.err());
        assertTrue(notices.get(0).contains("21 key(s)") && notices.get(0).contains("data.years_of_data")
                && notices.get(0).contains("aws"), notices.get(0));
        CliRun quiet = CliRun.of("export", "--quiet", "--config", config.toString(), "--servers", "2", "--end", "2022-01-02",
                "--out", dir.resolve("q.csv").toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err());
    }

    @Test
    void theModelIsChosenByFlagOrFileAndReferenceIsTheDefault() throws Exception {
        byte[] plain = export("-q", "--servers", "5", "--end", "2022-03-01");
        assertArrayEquals(plain, export("-q", "--servers", "5", "--end", "2022-03-01", "--model", "reference"));
        assertArrayEquals(plain, export("-q", "--servers", "5", "--end", "2022-03-01", "--config", yaml("model: reference\n").toString()));
        for (String[] bad : List.of(new String[] {"--model", "realistik"}, new String[] {"--model", "Reference"},
                new String[] {"--model", "reference; servers=1"}, new String[] {"--config", yaml("model: nope\n").toString()})) {
            CliRun run = CliRun.of(concat(new String[] {"export", "--servers", "2", "--out", dir.resolve("m.csv").toString()}, bad));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.errLines(), run.err());
            assertTrue(run.err().contains(bad[0].equals("--config") ? "model" : "--model"), run.err());
            assertTrue(Files.notExists(dir.resolve("m.csv")));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Defect: archetype overrides under an alias or another case were accepted and silently ignored. Each
     * spelling must change the database servers' cpu (ids 090..107 of the default fleet) and nothing else.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"db", "DB", "Database", "database"})
    void overridesUnderAnAliasOrAnotherCaseReachTheData(String spelling) throws Exception {
        byte[] base = export("-q", "--end", "2022-01-31");
        byte[] changed = export("-q", "--end", "2022-01-31", "--config", yaml("archetypes:\n  " + spelling + ": {base_cpu: 99}\n").toString());
        List<String> a = new String(base, java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        List<String> b = new String(changed, java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        assertEquals(a.size(), b.size());
        int differing = 0;
        for (int i = 1; i < a.size(); i++) {
            boolean database = a.get(i).contains(",database,");
            if (!a.get(i).equals(b.get(i))) {
                differing++;
                assertTrue(database, "only database rows change: " + a.get(i));
            }
        }
        assertEquals(18 * 31, differing, "every database row changes");
    }

    /** A slice is the whole fleet's export with the other servers' lines cut out, byte for byte, daily and hourly. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "server_000,server_040-server_045,server_119 | --end=2025-12-31 | --granularity=daily",
            "server_007 | --end=2025-12-31 | --granularity=daily",
            "server_003-server_005,server_100 | --end=2022-01-04 | --granularity=hourly",
            "server_000-server_119 | --end=2022-02-01 | --granularity=daily"})
    void aSliceIsTheWholeFleetWithTheOtherServersCutOut(String slice, String end, String granularity) throws Exception {
        String[] shape = {end.split("=")[0], end.split("=")[1], granularity.split("=")[0], granularity.split("=")[1]};
        List<String> whole = new String(export(concat(new String[] {"-q"}, shape)), java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        byte[] cut = export(concat(new String[] {"-q", "--only-servers", slice}, shape));
        org.fleetgen.config.ServerSlice s = org.fleetgen.config.ServerSlice.parse("test", slice);
        StringBuilder want = new StringBuilder(whole.get(0)).append('\n');
        for (String line : whole.subList(1, whole.size())) {
            String id = line.split(",")[1];
            if (s.contains(Integer.parseInt(id.substring("server_".length())))) {
                want.append(line).append('\n');
            }
        }
        assertEquals(want.toString(), new String(cut, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "'' | names no server",
            "server_120 | the fleet has 120 servers",
            "server_010-server_005 | runs backwards",
            "server_001,server_000-server_002 | twice",
            "server_005,server_005 | twice",
            "srv_1 | not a server id",
            "server_7 | not a server id",
            "server_0001 | extra zeros",
            "server_001-server_002-server_003 | not a server id"})
    void badSlicesAreOneLineAndWriteNothing(String slice, String reason) throws Exception {
        Path out = dir.resolve("slice-" + System.nanoTime() + ".csv");
        CliRun run = CliRun.of("export", "--only-servers", slice, "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().contains("--only-servers") && run.err().contains(reason), run.err());
        assertTrue(Files.notExists(out));
    }

    /** Format flags that do not fit: one line naming the flag, exit 2, nothing written. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--format=xml | --format",
            "--format=SQL | --format",
            "--schema=dev | --schema",
            "--format=sql,--schema=Dev-Seed | --schema",
            "--format=sql,--schema=x\";drop | --schema",
            "--format=sql,--no-metadata | --no-metadata",
            "--format=sql,--no-calendar | --no-calendar"})
    void formatFlagsThatDoNotFitAreOneLineAndWriteNothing(String flags, String named) throws Exception {
        Path out = dir.resolve("seed-" + System.nanoTime() + ".sql");
        List<String> args = new java.util.ArrayList<>(List.of("export", "--servers", "2", "--end", "2022-01-03", "--out", out.toString()));
        for (String f : flags.split(",")) {
            int eq = f.indexOf('=');
            args.addAll(eq < 0 ? List.of(f) : List.of(f.substring(0, eq), f.substring(eq + 1)));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().contains(named), run.err());
        assertTrue(Files.notExists(out));
    }

    @Test
    void aSeedScriptToADirectoryIsRefused() throws Exception {
        CliRun run = CliRun.of("export", "--format", "sql", "--servers", "2", "--end", "2022-01-03", "--out", dir.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--out"), run.err());
    }

    /** Shards of an export, concatenated in order, are the whole export; each is balanced by rows. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"daily, 3, 2022-12-31", "daily, 7, 2022-12-31", "hourly, 4, 2022-01-10", "daily, 130, 2022-01-31"})
    void shardsConcatenatedAreTheWholeExport(String granularity, int count, String end) throws Exception {
        Path whole = dir.resolve("whole.csv");
        assertEquals(0, CliRun.of("export", "-q", "--granularity", granularity, "--end", end, "--out", whole.toString()).exitCode());
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        long fewest = Long.MAX_VALUE;
        long most = 0;
        for (int i = 0; i < count; i++) {
            Path part = dir.resolve("part-" + i + ".csv");
            CliRun run = CliRun.of("export", "-q", "--granularity", granularity, "--end", end, "--shard", i + "/" + count, "--out", part.toString());
            assertEquals(0, run.exitCode(), run.err());
            byte[] bytes = Files.readAllBytes(part);
            joined.write(bytes);
            long lines = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).lines().count() - (i == 0 ? 1 : 0);
            fewest = Math.min(fewest, lines);
            most = Math.max(most, lines);
        }
        assertEquals(sha256(whole), sha256(joined.toByteArray()));
        long rowsPerServer = granularity.equals("daily") ? java.time.LocalDate.parse(end).getDayOfYear()
                : 24L * java.time.LocalDate.parse(end).getDayOfYear();
        assertTrue(most - fewest <= rowsPerServer, "balanced to a server: " + fewest + ".." + most);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--shard|3/3|",
        "--shard|1/0|",
        "--shard|x|",
        "--shard|0/2|--format=sql",
        "--shard|1/2|.gz"})
    void badShardsAreOneLineAndWriteNothing(String flag, String value, String extra) throws Exception {
        Path out = dir.resolve(".gz".equals(extra) ? "bad.csv.gz" : "bad.csv");
        List<String> args = new java.util.ArrayList<>(List.of("export", flag, value, "--out", out.toString()));
        if (extra != null && extra.startsWith("--")) {
            args.add(extra);
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().contains("--shard"), run.err());
        assertTrue(!Files.exists(out));
    }
}
