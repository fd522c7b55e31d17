package org.fleetgen.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.config.Secret;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.EmbeddedServer;

/**
 * The real PostgreSQL servers database tests run against: always the embedded PostgreSQL 17 (one per
 * test JVM, in target/it-embedded, stopped at exit), and the server named by FLEETGEN_TEST_DB_URL when
 * it is set (CI sets it to the PostgreSQL 15 service). Each test takes a fresh schema.
 */
public final class TestDatabases {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedServer server;
    private static EmbeddedServer.Endpoint endpoint;

    private TestDatabases() {
    }

    /** One database a test runs against. */
    public record Db(String name, String jdbcUrl, String user, Secret password) {
        public DatabaseTarget target(String schema) {
            return new DatabaseTarget(jdbcUrl, user, password, schema);
        }

        public Connection connect() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (!password.isEmpty()) {
                p.setProperty("password", password.reveal());
            }
            return DriverManager.getConnection(jdbcUrl, p);
        }

        /** A plain PgJDBC data source for this database, as a library user would pass one. */
        public javax.sql.DataSource dataSource() {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(jdbcUrl);
            if (user != null) {
                ds.setUser(user);
            }
            if (!password.isEmpty()) {
                ds.setPassword(password.reveal());
            }
            return ds;
        }

        /** Arguments that point the CLI at this database (the password through a file). */
        public List<String> cliArgs(String schema, Path passwordFile) throws java.io.IOException {
            List<String> args = new ArrayList<>(List.of("--url", jdbcUrl, "--schema", schema));
            if (user != null) {
                args.addAll(List.of("--user", user));
            }
            if (!password.isEmpty()) {
                java.nio.file.Files.writeString(passwordFile, password.reveal() + "\n");
                args.addAll(List.of("--password-file", passwordFile.toString()));
            }
            return args;
        }

        public void dropSchema(String schema) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");  // test-generated identifier
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static synchronized List<Db> all() {
        List<Db> out = new ArrayList<>();
        out.add(embedded());
        String url = System.getenv("FLEETGEN_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            out.add(new Db("service", url, null, new Secret("")));
        }
        return out;
    }

    public static synchronized Db embedded() {
        if (endpoint == null) {
            server = new EmbeddedServer(Path.of("target", "it-embedded"));
            try {
                endpoint = server.start();
            } catch (DatabaseException e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL for tests: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (DatabaseException ignored) {
                    // The JVM is exiting; a server left running is reused by the next test run.
                }
            }));
        }
        return new Db("embedded", endpoint.jdbcUrl(), EmbeddedServer.USER, endpoint.password());
    }

    public static EmbeddedServer.Endpoint embeddedEndpoint() {
        embedded();
        return endpoint;
    }

    /** A schema name no other test uses. */
    public static String freshSchema(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    }
}
