package org.fleetgen.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.config.Secret;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.EmbeddedServer;
import picocli.CommandLine.Option;

/**
 * Where the data goes: {@code --url} (or FLEETGEN_DB_URL) with {@code --user} and a password from
 * PGPASSWORD or {@code --password-file}; with no URL, the embedded server in {@code --data-dir}.
 */
final class DatabaseOptions {
    @Option(names = "--url", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL (default: $FLEETGEN_DB_URL, else the embedded server).")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "Database user (default: the URL's, else the driver's).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password (default: $PGPASSWORD).")
    Path passwordFile;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "fleet", description = "Schema of the dataset (default fleet).")
    String schema;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "fleetgen-data", description = "Home of the embedded server (default ./fleetgen-data).")
    Path dataDir;

    /** The embedded server, when no URL is given; null otherwise. */
    EmbeddedServer.Endpoint embedded;

    String url() {
        if (url != null) {
            return url;
        }
        String env = System.getenv("FLEETGEN_DB_URL");
        return env == null || env.isBlank() ? null : env;
    }

    /** Checks what can be checked without connecting, so bad input never starts a server. */
    void validate() {
        DatabaseTarget.requireSchema(schema);
        if (url() != null) {
            target();
        }
    }

    private DatabaseTarget target() {
        try {
            return new DatabaseTarget(url(), user, password(), schema);
        } catch (ConfigException e) {
            if (url == null && "--url".equals(e.field())) {
                throw new ConfigException("FLEETGEN_DB_URL", url(), "must be a PostgreSQL JDBC URL, jdbc:postgresql://HOST[:PORT]/DATABASE");
            }
            throw e;
        }
    }

    DatabaseTarget resolve(PrintStream err, boolean quiet) throws DatabaseException {
        validate();
        if (url() != null) {
            return target();
        }
        EmbeddedServer server = new EmbeddedServer(dataDir);
        if (!quiet) {
            err.println("fleetgen: using the embedded PostgreSQL in " + server.home()
                    + (server.initialised() ? "" : " (first run: installing and initialising it)"));
        }
        embedded = server.start();
        return new DatabaseTarget(embedded.jdbcUrl(), EmbeddedServer.USER, embedded.password(), schema);
    }

    private Secret password() {
        if (passwordFile != null) {
            try {
                String first = Files.readAllLines(passwordFile).stream().findFirst().orElse("");
                return new Secret(first);
            } catch (IOException e) {
                throw new ConfigException("--password-file", passwordFile, "cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        }
        String env = System.getenv("PGPASSWORD");
        return new Secret(env);
    }
}
