package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input and unusable targets, across flags, the YAML file and the environment, each run as a real
 * {@code fleetgen load} process in an empty directory against the embedded PostgreSQL. Every case must
 * end with one line that names the field and the value, the documented exit code (2 for input, 1 for a
 * runtime failure), no schema in the database and no file in the directory.
 */
class BadInputMatrixIT {
    private static final String SCHEMA = "matrix_" + ProcessHandle.current().pid();
    private static final String READ_ONLY = "fleetgen_ro_" + ProcessHandle.current().pid();
    private static Db db;

    @BeforeAll
    static void readOnlyUser() throws Exception {
        db = TestDatabases.embedded();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + READ_ONLY);
            s.execute("CREATE ROLE " + READ_ONLY + " LOGIN PASSWORD 'ro-secret-pw'");
        }
    }

    @AfterAll
    static void dropReadOnlyUser() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + READ_ONLY);
        }
    }

    /** A case: name, extra flags, YAML text (or null), environment, exit code, words the message must hold. */
    record Case(String name, List<String> flags, String yaml, Map<String, String> env, int exit, List<String> mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case flag(String name, List<String> flags, List<String> mentions) {
        return new Case(name, flags, null, Map.of(), 2, mentions);
    }

    static Case yaml(String name, String yaml, List<String> mentions) {
        return new Case(name, List.of(), yaml, Map.of(), 2, mentions);
    }

    static Stream<Case> cases() {
        String url = TestDatabases.embedded().jdbcUrl();
        return Stream.of(
                flag("zero servers", List.of("--servers", "0"), List.of("servers", "'0'")),
                flag("negative servers", List.of("--servers", "-3"), List.of("servers", "'-3'")),
                flag("huge servers", List.of("--servers", "99999999"), List.of("servers", "'99999999'")),
                flag("servers not a number", List.of("--servers", "ten"), List.of("--servers", "ten")),
                flag("dates reversed", List.of("--start", "2024-05-01", "--end", "2024-04-01"), List.of("end", "2024-04-01")),
                flag("malformed date", List.of("--start", "2024/01/01"), List.of("--start", "2024/01/01")),
                flag("date out of range", List.of("--start", "1900-01-01"), List.of("start", "1900-01-01")),
                flag("unknown granularity", List.of("--granularity", "minutely"), List.of("--granularity", "minutely")),
                flag("distribution sums to 0.9", List.of("--distribution", "web=0.5,application=0.4"), List.of("distribution", "web=0.5")),
                flag("unknown archetype", List.of("--distribution", "web=0.5,cache=0.5"), List.of("distribution", "cache")),
                flag("seed out of range", List.of("--seed", "99999999999"), List.of("seed", "99999999999")),
                flag("zero workers", List.of("--workers", "0"), List.of("--workers", "'0'")),
                flag("unknown method", List.of("--method", "bulk"), List.of("--method", "bulk")),
                flag("zero chunk rows", List.of("--chunk-rows", "0"), List.of("--chunk-rows", "'0'")),
                flag("schema with quotes and a semicolon", List.of("--schema", "x\";drop table y;--"), List.of("--schema", "x\";drop table y;--")),
                flag("schema with capitals and a dash", List.of("--schema", "Fleet-Data"), List.of("--schema", "Fleet-Data")),
                flag("URL that is not JDBC", List.of("--url", "postgres://localhost/x"), List.of("--url", "postgres://localhost/x")),
                flag("summary in a missing directory", List.of("--json-summary", "/nonexistent/dir/s.json"), List.of("--json-summary", "/nonexistent/dir")),
                flag("missing password file", List.of("--password-file", "/nonexistent/pw"), List.of("--password-file", "/nonexistent/pw")),
                yaml("YAML syntax error", "data: [unclosed\n", List.of("--config", "YAML")),
                yaml("unknown YAML key", "data:\n  servers: 5\n", List.of("data.servers", "5")),
                yaml("wrong YAML type", "data:\n  num_servers: ten\n", List.of("data.num_servers", "ten")),
                yaml("YAML distribution sums to 0.9", "data:\n  distribution: {web: 0.6, batch: 0.3}\n", List.of("distribution", "web=0.6")),
                yaml("correlations not positive definite", "archetypes:\n  database: {cpu_mem_correlation: 0.97, cpu_net_correlation: 0.97}\n",
                        List.of("archetypes.database", "positive definite")),
                yaml("risk thresholds inverted", "risk_analysis: {high_risk_threshold: 95, very_high_risk_threshold: 85}\n",
                        List.of("risk_analysis.very_high_risk_threshold", "85")),
                yaml("risk threshold above 100", "risk_analysis: {underutilized_threshold: 150}\n", List.of("risk_analysis.underutilized_threshold", "150")),
                new Case("unreadable config file", List.of("--config", "/nonexistent/fleetgen.yaml"), null, Map.of(), 2,
                        List.of("--config", "/nonexistent/fleetgen.yaml")),
                new Case("URL from the environment not JDBC", List.of("--url-from-env"), null, Map.of("FLEETGEN_DB_URL", "mysql://localhost/x"), 2,
                        List.of("FLEETGEN_DB_URL", "mysql://localhost/x")),
                new Case("wrong password from the environment", List.of("--user", "postgres"), null,
                        Map.of("FLEETGEN_DB_URL", url, "PGPASSWORD", "wrong-pw-123"), 1, List.of("password authentication failed", "postgres")),
                new Case("unreachable host", List.of("--url", "jdbc:postgresql://127.0.0.1:1/fleetgen"), null, Map.of(), 1,
                        List.of("127.0.0.1:1", "refused")),
                new Case("user without privileges", List.of("--user", READ_ONLY), null, Map.of("PGPASSWORD", "ro-secret-pw"), 1,
                        List.of("permission denied", "fleetgen")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineTheRightExitCodeAndNothingWritten(Case c, @org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        List<String> args = new ArrayList<>(List.of("load"));
        // A small valid dataset, on the embedded server; each case replaces what it tests.
        Map<String, String> base = new java.util.LinkedHashMap<>(Map.of("--servers", "2", "--start", "2024-01-01",
                "--end", "2024-01-03", "--schema", SCHEMA));
        boolean urlGiven = c.flags().contains("--url") || c.env().containsKey("FLEETGEN_DB_URL") || c.flags().contains("--url-from-env");
        if (!urlGiven) {
            base.put("--url", db.jdbcUrl());
        }
        base.keySet().removeAll(c.flags());
        base.forEach((k, v) -> args.addAll(List.of(k, v)));
        Map<String, String> env = new HashMap<>(c.env());
        if (!c.flags().contains("--user") && !env.containsKey("PGPASSWORD")) {
            args.addAll(List.of("--user", "postgres"));
            env.put("PGPASSWORD", db.password().reveal());
        }
        for (String f : c.flags()) {
            if (!f.equals("--url-from-env")) {
                args.add(f);
            }
        }
        if (c.yaml() != null) {
            Path config = Files.createTempFile("fleetgen-matrix", ".yaml");
            Files.writeString(config, c.yaml());
            args.addAll(List.of("--config", config.toString()));
        }
        Path log = Files.createTempFile("fleetgen-matrix", ".log");
        Process p = FleetgenProcess.start(log, args, env, work);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), c.name() + " finished");
        String out = Files.readString(log);
        assertEquals(c.exit(), p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).startsWith("fleetgen: "), out);
        for (String m : c.mentions()) {
            assertTrue(out.contains(m), "should mention '" + m + "': " + out);
        }
        assertFalse(out.contains(db.password().reveal()) || out.contains("ro-secret-pw") || out.contains("wrong-pw-123"), "no password: " + out);
        try (var files = Files.list(work)) {
            assertEquals(List.of(), files.toList(), "nothing written to the directory");
        }
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + SCHEMA + "'"), "no schema created");
    }
}
