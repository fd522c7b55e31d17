package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeding a schema that already holds an application's objects (public of its own database included):
 * fleetgen adds its own, keeps its history in its own table, and leaves every other object byte for byte
 * as it was, through a load and a --replace; a name it needs that another object holds is refused before
 * anything is created.
 */
class ExistingSchemaIT {
    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    private CliRun run(Db db, String schema, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags[0], "--quiet"));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        args.addAll(List.of(flags).subList(1, flags.length));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The application's objects: tables with data, a view, a sequence, an index, a function, a type. */
    private static void createApplication(Connection c, String schema) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE " + schema + ".customers (id serial PRIMARY KEY, name text NOT NULL, created date)");
            s.execute("INSERT INTO " + schema + ".customers (name, created) SELECT 'c' || g, date '2020-01-01' + g FROM generate_series(1, 500) g");
            s.execute("CREATE TABLE " + schema + ".orders (id bigint PRIMARY KEY, customer int REFERENCES " + schema + ".customers, total numeric(10,2))");
            s.execute("INSERT INTO " + schema + ".orders SELECT g, 1 + g % 500, g * 1.25 FROM generate_series(1, 2000) g");
            s.execute("CREATE INDEX orders_total ON " + schema + ".orders (total)");
            s.execute("CREATE VIEW " + schema + ".big_orders AS SELECT * FROM " + schema + ".orders WHERE total > 100");
            s.execute("CREATE SEQUENCE " + schema + ".invoice_no START 1000");
            s.execute("CREATE TYPE " + schema + ".mood AS ENUM ('ok', 'bad')");
            s.execute("CREATE FUNCTION " + schema + ".twice(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 2'");
        }
    }

    /** Every object of the schema that is not fleetgen's, with its kind, and every such table's content digest. */
    private static String application(Connection c, String schema) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = '" + schema + "' AND c.relname IN ('customers', 'orders', 'orders_total', 'big_orders', 'invoice_no', "
                    + "'customers_pkey', 'orders_pkey', 'customers_id_seq') ORDER BY 1")) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append(':').append(rs.getString(2)).append('\n');
                }
            }
            for (String t : List.of("customers", "orders", "big_orders")) {
                try (ResultSet rs = s.executeQuery("SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM " + schema + "." + t + " t")) {
                    rs.next();
                    out.append(t).append('=').append(rs.getString(1)).append('\n');
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT last_value, " + schema + ".twice(21), enum_range(NULL::" + schema + ".mood)::text FROM "
                    + schema + ".invoice_no")) {
                rs.next();
                out.append(rs.getLong(1)).append(' ').append(rs.getInt(2)).append(' ').append(rs.getString(3)).append('\n');
            }
        }
        return out.toString();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSchemaWithAnApplicationIsSeededAndReseededAndTheApplicationIsUntouched(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("app");
        String before;
        try (Connection c = db.connect()) {
            createApplication(c, schema);
            before = application(c, schema);
        }
        CliRun load = run(db, schema, "load", "--servers", "5", "--end", "2022-02-28");
        assertEquals(0, load.exitCode(), load.err());
        CliRun replace = run(db, schema, "load", "--servers", "7", "--end", "2022-03-31", "--replace");
        assertEquals(0, replace.exitCode(), replace.err());
        assertTrue(run(db, schema, "verify").out().contains("OK: every row"));
        try (Connection c = db.connect()) {
            assertEquals(before, application(c, schema));
            assertEquals(7 * 90, count(c, "SELECT count(*) FROM " + schema + ".server_metrics"));
            assertEquals(0, count(c, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = '" + schema + "' AND c.relname = 'flyway_schema_history'"));
        }
        db.dropSchema(schema);
    }

    /** public of a database of its own, as a developer's database would be. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void publicOfAnApplicationDatabaseIsSeeded(Db db) throws Exception {
        String name = "fleetgen_app_" + ProcessHandle.current().pid() + "_" + (db.name().hashCode() & 0xffff);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        Db app = new Db(db.name() + "/" + name, db.jdbcUrl().replaceFirst("(//[^/]+/)[^?]*", "$1" + name), db.user(), db.password());
        try {
            String before;
            try (Connection c = app.connect()) {
                createApplication(c, "public");
                before = application(c, "public");
            }
            CliRun load = run(app, "public", "load", "--servers", "4", "--end", "2022-01-31");
            assertEquals(0, load.exitCode(), load.err());
            CliRun query = run(app, "public", "query", "archetype_summary");
            assertEquals(0, query.exitCode(), query.err());
            assertTrue(query.out().contains("cpu_p95"), query.out());
            try (Connection c = app.connect()) {
                assertEquals(before, application(c, "public"));
            }
        } finally {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    static Stream<Arguments> clashes() {
        List<Arguments> out = new ArrayList<>();
        for (Db db : TestDatabases.all()) {
            out.add(Arguments.of(db, "a table", "CREATE TABLE %s.server (id int); INSERT INTO %s.server VALUES (1)", "table \"server\""));
            out.add(Arguments.of(db, "a view", "CREATE VIEW %s.calendar AS SELECT 1 AS x", "view \"calendar\""));
            out.add(Arguments.of(db, "an index", "CREATE TABLE %s.t (x int); CREATE INDEX metric_day_pk ON %s.t (x)", "index \"metric_day_pk\""));
            out.add(Arguments.of(db, "a sequence", "CREATE SEQUENCE %s.dataset", "sequence \"dataset\""));
            out.add(Arguments.of(db, "a type", "CREATE TYPE %s.archetype AS ENUM ('x')", "type \"archetype\""));
            out.add(Arguments.of(db, "a view of fleetgen's", "CREATE VIEW %s.archetype_summary AS SELECT 1 AS x", "view \"archetype_summary\""));
        }
        return out.stream();
    }

    /** A name fleetgen needs, held by an object it did not create: one line naming it, exit 2, nothing created. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clashes")
    void aNameFleetgenNeedsHeldByAnotherObjectIsRefused(Db db, String what, String ddl, String named) throws Exception {
        String schema = TestDatabases.freshSchema("clash");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute(ddl.replace("%s", schema));
        }
        long objects;
        try (Connection c = db.connect()) {
            objects = count(c, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "'");
        }
        CliRun load = run(db, schema, "load", "--servers", "2", "--end", "2022-01-05");
        assertEquals(2, load.exitCode(), load.err());
        assertEquals(1, load.errLines(), load.err());
        assertTrue(load.err().contains(named) && load.err().contains("--schema"), load.err());
        try (Connection c = db.connect()) {
            assertEquals(objects, count(c, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                    + schema + "'"), "nothing created");
        }
        db.dropSchema(schema);
    }

    /** A schema fleetgen loaded before its history table had its own name is still fleetgen's to reuse. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSchemaWithTheFormerHistoryTableIsStillFleetgens(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("legacy");
        assertEquals(0, run(db, schema, "load", "--servers", "3", "--end", "2022-01-20").exitCode());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + schema + ".fleetgen_schema_history RENAME TO flyway_schema_history");
        }
        CliRun again = run(db, schema, "load", "--servers", "3", "--end", "2022-01-20");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(run(db, schema, "verify").out().contains("OK: every row"));
        db.dropSchema(schema);
    }

    /** Commands that read a dataset say so in one line where the schema holds none (empty, foreign, or absent). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void commandsOnASchemaWithoutADatasetSaySoInOneLine(Db db) throws Exception {
        String empty = TestDatabases.freshSchema("nodata");
        try (Connection c = db.connect()) {
            createApplication(c, empty);
        }
        for (String schema : List.of(empty, "no_such_schema_" + ProcessHandle.current().pid())) {
            for (List<String> command : List.of(List.of("refresh"), List.of("refresh", "--rebuild"), List.of("verify"),
                    List.of("verify", "--fidelity"))) {
                CliRun r = run(db, schema, command.toArray(String[]::new));
                assertEquals(1, r.exitCode(), command + ": " + r.err());
                assertEquals(1, r.errLines(), r.err());
                assertTrue(r.err().contains("holds no fleetgen dataset"), command + ": " + r.err());
            }
        }
        db.dropSchema(empty);
    }
}
