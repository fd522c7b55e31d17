package org.fleetgen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.ConnectionUrl;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.config.Secret;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.EmbeddedServer;
import picocli.CommandLine.Option;

/**
 * Where the data goes: {@code --url} (or FLEETGEN_DB_URL) with {@code --user} and a password from
 * PGPASSWORD or {@code --password-file}; with no URL, the embedded server in {@code --data-dir}.
 * Every secret met here is handed to the {@link Redactor} before anything can print it.
 */
final class DatabaseOptions implements Streams.User {
    @Option(names = "--url", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL (default: $FLEETGEN_DB_URL, else the embedded server).")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "Database user (default: the URL's, else the driver's).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password (default: $PGPASSWORD).")
    Path passwordFile;

    static final String DEFAULT_SCHEMA = "fleet";

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = DEFAULT_SCHEMA, description = "Schema of the dataset (default fleet).")
    String schema;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "fleetgen-data", description = "Home of the embedded server (default ./fleetgen-data).")
    Path dataDir;

    /** What a command may do to the embedded server. */
    enum Embedded {
        /** Install, initialise and start it as needed (load). */
        CREATE,
        /** Start an existing one; never create one (commands that only read or refresh). */
        EXISTING
    }

    /** The embedded server, when no URL is given; null otherwise. */
    EmbeddedServer.Endpoint embedded;

    private Streams streams;

    @Override
    public void use(Streams s) {
        this.streams = s;
    }

    String url() {
        String u = url;
        if (u == null) {
            String env = System.getenv("FLEETGEN_DB_URL");
            u = env == null || env.isBlank() ? null : env;
        }
        if (streams != null) {
            streams.redactor().learnUrl(u);
        }
        return u;
    }

    /** Checks what can be checked without connecting, so bad input never starts a server or writes a thing. */
    void validate() {
        DatabaseTarget.requireSchema(schema);
        if (url() != null) {
            target();
        } else {
            new EmbeddedServer(dataDir).requireUsable();
        }
    }

    private DatabaseTarget target() {
        String u = url();
        String field = url == null ? "FLEETGEN_DB_URL" : "--url";
        ConnectionUrl.requireJdbc(field, u);
        ConnectionPool.requireDriverAccepts(field, u);
        return new DatabaseTarget(u, user, password(), schema);
    }

    DatabaseTarget resolve(Embedded mode, boolean quiet) throws DatabaseException {
        validate();
        if (url() != null) {
            return target();
        }
        EmbeddedServer server = new EmbeddedServer(dataDir);
        if (mode == Embedded.CREATE) {
            if (!quiet && !server.initialised()) {
                // Only the first run says so: it takes seconds, and an error later must stay the only line.
                streams.err().println("fleetgen: first run: installing and initialising the embedded PostgreSQL in " + server.home());
            }
            embedded = server.start();
        } else {
            embedded = server.startExisting();
        }
        streams.redactor().learn(embedded.password().reveal());
        return new DatabaseTarget(embedded.jdbcUrl(), EmbeddedServer.USER, embedded.password(), schema);
    }

    private Secret password() {
        if (passwordFile != null) {
            try {
                String first = Files.readAllLines(passwordFile).stream().findFirst().orElse("");
                streams.redactor().learn(first);
                return new Secret(first);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new ConfigException("--password-file", passwordFile, "cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        }
        String env = System.getenv("PGPASSWORD");
        streams.redactor().learn(env);
        return new Secret(env);
    }
}
