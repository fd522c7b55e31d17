package org.fleetgen.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.fleetgen.config.ConfigException;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.TXTFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetgen query NAME}: prints one of the views, so the aggregates are one command away. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Prints a view: server_metrics_wide, archetype_summary, archetype_correlation, archetype_calendar_effects, "
                + "archetype_daily, archetype_monthly, archetype_hourly_profile or server_capacity_risk.")
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The view.")
    String view;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", description = "Output format (default table).")
    String format;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AnalyticsViews.requireView(view);
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("table") && !f.equals("csv") && !f.equals("json")) {
            throw new ConfigException("--format", format, "must be table, csv or json");
        }
        database.validate();
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(System.err, true), 1)) {
            Result<Record> rows = new AnalyticsViews(pool.dsl(), pool.target().schema()).query(view);
            java.io.PrintWriter out = spec.commandLine().getOut();
            switch (f) {
                case "csv" -> out.print(rows.formatCSV());
                case "json" -> out.println(rows.formatJSON());
                default -> out.print(rows.format(new TXTFormat().maxRows(Integer.MAX_VALUE).maxColWidth(40)));
            }
            out.flush();
        }
        return Fleetgen.OK;
    }
}
