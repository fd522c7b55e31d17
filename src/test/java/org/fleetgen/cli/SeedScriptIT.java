package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.fleetgen.testing.ViewOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seed script, run by psql into an empty database the way the postgres image runs its init directory
 * (psql -v ON_ERROR_STOP=1 -f FILE, or gunzip -c FILE.gz | psql), gives the rows a load gives, and a
 * finished fleetgen dataset: verify passes, a reload of the same parameters has nothing to do, and the
 * views answer as their full-scan definitions and as fleetgen's own computation.
 */
class SeedScriptIT {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Db db : TestDatabases.all()) {
            out.add(Arguments.of(db, "seed.sql.gz", "fleet", List.of("--servers", "9", "--granularity", "hourly", "--end", "2022-02-20")));
            out.add(Arguments.of(db, "seed.sql", "dev_seed", List.of("--only-servers", "server_001,server_090-server_093",
                    "--start", "2024-06-01", "--end", "2025-05-31")));
        }
        return out.stream();
    }

    private static String scalarText(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The wide view's rows, every column as text, in the export's order. */
    private static List<String> wide(Connection c, String schema) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + schema + ".server_metrics_wide ORDER BY server_id, \"timestamp\"")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    line.append(rs.getString(i)).append('|');
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aSeedScriptRunByPsqlIsTheDatasetALoadMakes(Db db, String file, String schema, List<String> shape) throws Exception {
        Path seed = dir.resolve(file);
        List<String> export = new ArrayList<>(List.of("export", "--quiet", "--format", "sql", "--schema", schema, "--out", seed.toString()));
        export.addAll(shape);
        CliRun exported = CliRun.of(export.toArray(String[]::new));
        assertEquals(0, exported.exitCode(), exported.err());

        String name = "fleetgen_seed_" + ProcessHandle.current().pid() + "_" + (file.hashCode() & 0xfff) + "_" + (db.name().hashCode() & 0xfff);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        Db seeded = new Db(db.name() + "/" + name, db.jdbcUrl().replaceFirst("(//[^/]+/)[^?]*", "$1" + name), db.user(), db.password());
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("//([^:/]+):(\\d+)/").matcher(db.jdbcUrl());
            assertTrue(m.find(), db.jdbcUrl());
            String psql = "psql -X -q -v ON_ERROR_STOP=1 -h " + m.group(1) + " -p " + m.group(2) + " -U " + (db.user() == null ? "postgres" : db.user())
                    + " --dbname " + name;
            String command = file.endsWith(".gz") ? "gunzip -c '" + seed + "' | " + psql : psql + " -f '" + seed + "'";
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
            if (!db.password().isEmpty()) {
                pb.environment().put("PGPASSWORD", db.password().reveal());
            }
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), output);

            // The same parameters loaded by fleetgen into the original database give the same rows.
            String loadedSchema = TestDatabases.freshSchema("seedref");
            List<String> load = new ArrayList<>(List.of("load", "--quiet"));
            load.addAll(db.cliArgs(loadedSchema, dir.resolve("pw")));
            load.addAll(shape);
            assertEquals(0, CliRun.of(load.toArray(String[]::new)).exitCode());
            try (Connection a = seeded.connect(); Connection b = db.connect()) {
                List<String> rows = wide(a, schema);
                assertTrue(rows.size() > 1000, "rows: " + rows.size());
                assertEquals(wide(b, loadedSchema), rows);
                assertTrue(scalarText(a, "SELECT completed_at FROM " + schema + ".dataset") != null, "complete");
            }
            db.dropSchema(loadedSchema);

            List<String> verify = new ArrayList<>(List.of("verify", "--quiet"));
            verify.addAll(seeded.cliArgs(schema, dir.resolve("pw")));
            CliRun verified = CliRun.of(verify.toArray(String[]::new));
            assertEquals(0, verified.exitCode(), verified.out());
            // The seed's answers were computed by SQL; fleetgen's own computation from the seed's rollups agrees.
            ViewOracle.assertViewsMatch(seeded, schema);
            List<String> refresh = new ArrayList<>(List.of("refresh", "--quiet"));
            refresh.addAll(seeded.cliArgs(schema, dir.resolve("pw")));
            assertEquals(0, CliRun.of(refresh.toArray(String[]::new)).exitCode());
            ViewOracle.assertViewsMatch(seeded, schema);
            // fleetgen recognises the schema as its own: a reload of the script's parameters has nothing to do.
            String parameters;
            try (Connection a = seeded.connect()) {
                parameters = scalarText(a, "SELECT parameters FROM " + schema + ".dataset");
            }
            String chunkRows = parameters.replaceAll(".*chunk_rows=(\\d+).*", "$1");
            List<String> again = new ArrayList<>(List.of("load"));
            again.addAll(seeded.cliArgs(schema, dir.resolve("pw")));
            again.addAll(shape);
            again.addAll(List.of("--chunk-rows", chunkRows));
            CliRun reload = CliRun.of(again.toArray(String[]::new));
            assertEquals(0, reload.exitCode(), reload.err());
            assertTrue(reload.err().contains("nothing to do"), reload.err());
        } finally {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }
}
