package org.fleetgen.cli;

import java.util.concurrent.Callable;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fleetgen grant-read ROLE}: read access to the views for a BI user, and nothing more. */
@Command(name = "grant-read", mixinStandardHelpOptions = true,
        description = "Grants an existing role USAGE on the schema and SELECT on the views only (not the tables, manifest or ledger).")
final class GrantReadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ROLE", description = "An existing role.")
    String role;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        AnalyticsViews.requireRole(role);
        database.validate();
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(System.err, common.quiet), 1)) {
            new AnalyticsViews(pool.dsl(), pool.target().schema()).grantRead(role);
            if (!common.quiet) {
                System.err.println("fleetgen: " + role + " may now read the " + AnalyticsViews.VIEWS.size()
                        + " views of schema " + pool.target().schema());
            }
        }
        return Fleetgen.OK;
    }
}
