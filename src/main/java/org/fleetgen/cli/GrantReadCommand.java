package org.fleetgen.cli;

import java.util.Locale;
import org.fleetgen.config.ConfigException;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetgen grant-read ROLE}: read access to the views for a BI user, and nothing more. */
@Command(name = "grant-read", mixinStandardHelpOptions = true,
        description = "Grants an existing role USAGE on the schema and SELECT on the views only (not the tables, manifest or ledger).")
final class GrantReadCommand extends StreamCommand {
    @Parameters(index = "0", paramLabel = "ROLE", description = "An existing role.")
    String role;

    @Option(names = "--force", description = "Allow ROLE public, which grants the views to every role of the server.")
    boolean force;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;


    @Override
    public Integer call() throws Exception {
        AnalyticsViews.requireRole(role);
        // PostgreSQL reads the role name public, in any case, as PUBLIC: every role, present and future.
        boolean everyone = role.toLowerCase(Locale.ROOT).equals("public");
        if (everyone && !force) {
            throw new ConfigException("ROLE", role, "means PUBLIC, every role of the server, present and future; "
                    + "name a role, or add --force to grant the views to everyone");
        }
        database.validate();
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(DatabaseOptions.Embedded.EXISTING, common.quiet), 1)) {
            new AnalyticsViews(pool).grantRead(role);
            if (!common.quiet) {
                streams.err().println("fleetgen: " + (everyone ? "every role (PUBLIC)" : role) + " may now read the "
                        + AnalyticsViews.VIEWS.size() + " views of schema " + pool.target().schema());
            }
        }
        return Fleetgen.OK;
    }
}
