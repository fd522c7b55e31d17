package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.fleetgen.testing.ViewOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A slice loads exactly its servers, as they are in the whole fleet: the wide view equals the slice's
 * export, the server table and the views hold only those servers, verify and a resume after SIGKILL work
 * on it, and a load of another slice into the same schema is another dataset.
 */
class SliceIT {
    private static final String[] SLICE = {"--only-servers", "server_002-server_004,server_050,server_110-server_111",
            "--granularity", "hourly", "--start", "2024-03-01", "--end", "2024-04-15", "--chunk-rows", "48"};

    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private List<String> args(Db db, String schema, String command) throws Exception {
        List<String> a = new ArrayList<>(List.of(command, "--quiet"));
        a.addAll(db.cliArgs(schema, dir.resolve("pw")));
        if (command.equals("load")) {
            a.addAll(List.of(SLICE));
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSliceLoadsItsServersAndResumesAfterAKill(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("slice");
        Process p = FleetgenProcess.start(dir.resolve("first.log"), args(db, schema, "load"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && ledger(db, schema) < 20) {
            Thread.sleep(5);
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        long committed = ledger(db, schema);
        CliRun resume = CliRun.of(args(db, schema, "load").toArray(String[]::new));
        assertEquals(0, resume.exitCode(), resume.err());
        long chunks = Datasets.scalar(db, "SELECT chunk_count FROM " + schema + ".dataset");
        assertTrue(committed < chunks, "the kill left chunks to load: " + committed + " of " + chunks);
        assertEquals(chunks, ledger(db, schema));

        Path csv = dir.resolve("slice.csv");
        List<String> export = new ArrayList<>(List.of("export", "-q", "--out", csv.toString()));
        export.addAll(List.of(SLICE).subList(0, SLICE.length - 2));
        assertEquals(0, CliRun.of(export.toArray(String[]::new)).exitCode());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(6L * (45 * 24 + 1), lines.size() - 1);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT server_id FROM " + schema + ".server ORDER BY 1")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            assertEquals(List.of("server_002", "server_003", "server_004", "server_050", "server_110", "server_111"), ids);
            try (ResultSet rs = s.executeQuery("SELECT sum(servers) FROM " + schema + ".archetype_summary WHERE metric = 'cpu_p95'")) {
                rs.next();
                assertEquals(6, rs.getLong(1), "the views describe the loaded servers");
            }
            // The wide view's values equal the slice's export (the CSV's metric columns, line by line).
            List<String> view = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT server_id, cpu_p95, net_out_p95 FROM " + schema + ".server_metrics_wide ORDER BY server_id, \"timestamp\"")) {
                while (rs.next()) {
                    view.add(rs.getString(1) + "," + rs.getDouble(2) + "," + rs.getDouble(3));
                }
            }
            List<String> exported = lines.subList(1, lines.size()).stream().map(l -> {
                String[] f = l.split(",");
                return f[1] + "," + f[2] + "," + f[6];
            }).toList();
            assertEquals(exported, view);
        }
        CliRun verify = CliRun.of(args(db, schema, "verify").toArray(String[]::new));
        assertEquals(0, verify.exitCode(), verify.out());
        ViewOracle.assertViewsMatch(db, schema);

        // Another slice is another dataset: refused without --replace.
        List<String> other = args(db, schema, "load");
        other.set(other.indexOf("server_002-server_004,server_050,server_110-server_111"), "server_002");
        CliRun refused = CliRun.of(other.toArray(String[]::new));
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("another dataset"), refused.err());
        db.dropSchema(schema);
    }

    private static long ledger(Db db, String schema) {
        try {
            return Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger");
        } catch (Exception e) {
            return 0;
        }
    }
}
