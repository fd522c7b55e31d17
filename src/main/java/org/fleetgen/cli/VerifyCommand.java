package org.fleetgen.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.fleetgen.config.ConfigException;
import org.fleetgen.api.DatasetLoads;
import org.fleetgen.api.LoadProgress;
import org.fleetgen.api.VerifyResult;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.load.FidelityReport;
import org.fleetgen.load.LoadListener;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.sink.OutputFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetgen verify}: proves that a schema holds exactly the dataset its manifest describes. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Regenerates every chunk of the dataset in the schema and compares it with the stored rows "
                + "(count, exact sums, a hash of every row). Exit code 1 when anything differs.")
final class VerifyCommand extends StreamCommand {
    private static final int MAX_WORKERS = org.fleetgen.load.DatasetLoader.MAX_WORKERS;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel connections (default: the number of cores).")
    Integer workers;

    @Option(names = "--single-connection", description = "Check on one database connection, for targets that take one client at a time; "
            + "implies --workers 1.")
    boolean singleConnection;

    @Option(names = "--max-listed", paramLabel = "N", defaultValue = "20", description = "Differing chunks to list (default 20).")
    int maxListed;

    @Option(names = "--fidelity", description = "Instead of checking rows, compare each archetype's statistics with what the model implies.")
    boolean fidelity;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    java.nio.file.Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    /** A JSON number, or null where the statistic is undefined (JSON has no NaN). */
    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    @Override
    public Integer call() throws Exception {
        if (singleConnection && workers != null && workers != 1) {
            throw new ConfigException("--workers", workers, "must be 1 with --single-connection, which checks on one connection");
        }
        if (singleConnection && fidelity) {
            throw new ConfigException("--single-connection", true, "applies to the row check; leave it out with --fidelity");
        }
        int w = singleConnection ? 1 : workers == null ? org.fleetgen.load.DatasetLoader.defaultWorkers() : workers;
        if (w < 1 || w > MAX_WORKERS) {
            throw new ConfigException("--workers", w, "must be an integer from 1 to " + MAX_WORKERS);
        }
        if (maxListed < 0) {
            throw new ConfigException("--max-listed", maxListed, "must be zero or a positive integer");
        }
        database.validate();
        try (OutputFile jsonFile = json == null ? null : OutputPaths.prepare("--json", json)) {
            return fidelity ? fidelity(w, jsonFile) : rows(w, jsonFile);
        }
    }

    private int rows(int w, OutputFile jsonFile) throws Exception {
        Progress progress = new Progress(streams.err(), Progress.wanted(common), 0);
        VerifyResult report;
        try {
            DatabaseTarget target = database.resolve(DatabaseOptions.Embedded.EXISTING, common.quiet);
            long[] rows = {0};
            report = DatasetLoads.verify(target.jdbcUrl(), target.user(), target.password().reveal(), target.schema(), w, new LoadProgress() {
                @Override
                public void planned(long totalRows, int totalChunks, long already, int chunksAlready) {
                    progress.total(totalRows);
                }

                @Override
                public synchronized void chunkLoaded(long chunkRows) {
                    rows[0] += chunkRows;
                    progress.update(rows[0], "verifying");
                }
            }, singleConnection);
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "dataset: %s%n", report.parameters());
        out.printf(Locale.ROOT, "load: %s%n", report.complete() ? "complete" : "NOT complete (rerun the load to finish it)");
        out.printf(Locale.ROOT, "checked %d chunks: %,d rows found, %,d expected%n", report.chunks(), report.rowsFound(), report.expectedRows());
        int listed = 0;
        for (VerifyResult.Difference d : report.differences()) {
            if (listed++ < maxListed) {
                out.println("DIFFERS " + d.description());
            }
        }
        if (report.differences().size() > maxListed) {
            out.printf(Locale.ROOT, "... and %d more differing chunks%n", report.differences().size() - maxListed);
        }
        if (report.rowsOutsideChunks() > 0) {
            out.printf(Locale.ROOT, "EXTRA %,d rows belong to no chunk of the dataset (unknown servers or times outside the grid)%n",
                    report.rowsOutsideChunks());
        }
        if (report.differences().stream().anyMatch(VerifyResult.Difference::rollup)) {
            out.println("rollups that differ from their rows: fleetgen refresh --rebuild rebuilds them from the table");
        }
        boolean ok = report.differences().isEmpty() && report.rowsOutsideChunks() == 0 && report.complete();
        out.println(ok ? "OK: every row is present exactly once with its exact values"
                : "FAILED: " + report.differences().size() + " chunks differ" + (report.rowsOutsideChunks() > 0 ? ", extra rows" : ""));
        out.flush();
        if (jsonFile != null) {
            StringBuilder js = new StringBuilder(String.format(Locale.ROOT,
                    "{\"ok\":%b,\"complete\":%b,\"chunks\":%d,\"expected_rows\":%d,\"rows_found\":%d,\"rows_outside_chunks\":%d,\"differing_chunks\":[",
                    ok, report.complete(), report.chunks(), report.expectedRows(), report.rowsFound(), report.rowsOutsideChunks()));
            for (int i = 0; i < report.differences().size(); i++) {
                VerifyResult.Difference d = report.differences().get(i);
                js.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"chunk\":%d,\"kind\":\"%s\",\"server_id\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"rows\":%d,\"expected_rows\":%d}",
                        d.chunk(), d.rollup() ? "rollup" : "rows", d.serverId(), d.from(), d.to(), d.rows(), d.expectedRows()));
            }
            jsonFile.writeAndCommit(js.append("]}\n").toString());
        }
        return ok ? Fleetgen.OK : Fleetgen.RUNTIME_FAILURE;
    }

    private int fidelity(int w, OutputFile jsonFile) throws Exception {
        java.util.List<FidelityReport.Check> checks;
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(DatabaseOptions.Embedded.EXISTING, common.quiet), w + 1)) {
            checks = new FidelityReport(pool).checks(w);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-12s %-36s %12s %12s %10s  %s%n", "archetype", "quantity", "observed", "implied", "diff", "verdict");
        StringBuilder js = new StringBuilder("{\"checks\":[");
        int flagged = 0;
        for (FidelityReport.Check c : checks) {
            out.printf(Locale.ROOT, "%-12s %-36s %12.4f %12.4f %+10.4f  %s%n", c.archetype(), c.quantity(), c.observed(), c.implied(),
                    c.difference(), (c.ok() ? "ok" : "OUTSIDE") + String.format(Locale.ROOT, " (tolerance ±%.4f)", c.tolerance()));
            flagged += c.ok() ? 0 : 1;
            if (js.charAt(js.length() - 1) != '[') {
                js.append(',');
            }
            js.append(String.format(Locale.ROOT, "{\"archetype\":\"%s\",\"quantity\":\"%s\",\"observed\":%s,\"implied\":%s,"
                    + "\"tolerance\":%s,\"ok\":%b}", c.archetype(), c.quantity(), number(c.observed()), number(c.implied()),
                    number(c.tolerance()), c.ok()));
        }
        js.append("],\"flagged\":").append(flagged).append("}\n");
        out.println(flagged == 0 ? "OK: every statistic is within tolerance of the model" : "FLAGGED: " + flagged + " statistics outside tolerance");
        out.flush();
        if (jsonFile != null) {
            jsonFile.writeAndCommit(js.toString());
        }
        return flagged == 0 ? Fleetgen.OK : Fleetgen.RUNTIME_FAILURE;
    }
}
