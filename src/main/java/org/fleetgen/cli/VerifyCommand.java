package org.fleetgen.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fleetgen.config.ConfigException;
import org.fleetgen.load.DatasetVerifier;
import org.fleetgen.load.LoadListener;
import org.fleetgen.postgres.ConnectionPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetgen verify}: proves that a schema holds exactly the dataset its manifest describes. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Regenerates every chunk of the dataset in the schema and compares it with the stored rows "
                + "(count, exact sums, a hash of every row). Exit code 1 when anything differs.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel connections (default: the number of cores).")
    Integer workers;

    @Option(names = "--max-listed", paramLabel = "N", defaultValue = "20", description = "Differing chunks to list (default 20).")
    int maxListed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (w < 1 || w > 64) {
            throw new ConfigException("--workers", w, "must be an integer from 1 to 64");
        }
        database.validate();
        Progress progress = new Progress(System.err, Progress.wanted(common), 0);
        DatasetVerifier.Report report;
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(System.err, common.quiet), w + 1)) {
            long[] rows = {0};
            report = new DatasetVerifier(pool).verify(w, new LoadListener() {
                @Override
                public void planned(long totalRows, int totalChunks, long already, int chunksAlready) {
                    progress.total(totalRows);
                }

                @Override
                public synchronized void chunkLoaded(org.fleetgen.sample.Chunk chunk) {
                    rows[0] += chunk.rows();
                    progress.update(rows[0], "verifying");
                }
            });
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "dataset: %s%n", report.parameters());
        out.printf(Locale.ROOT, "load: %s%n", report.complete() ? "complete" : "NOT complete (rerun the load to finish it)");
        out.printf(Locale.ROOT, "checked %d chunks: %,d rows found, %,d expected%n", report.chunks(), report.rowsChecked(), report.expectedRows());
        int listed = 0;
        for (DatasetVerifier.Mismatch m : report.mismatches()) {
            if (listed++ < maxListed) {
                out.println("DIFFERS " + m.describe());
            }
        }
        if (report.mismatches().size() > maxListed) {
            out.printf(Locale.ROOT, "... and %d more differing chunks%n", report.mismatches().size() - maxListed);
        }
        if (report.rowsOutsideChunks() > 0) {
            out.printf(Locale.ROOT, "EXTRA %,d rows belong to no chunk of the dataset (unknown servers or times outside the grid)%n",
                    report.rowsOutsideChunks());
        }
        boolean ok = report.ok() && report.complete();
        out.println(ok ? "OK: every row is present exactly once with its exact values"
                : "FAILED: " + report.mismatches().size() + " chunks differ" + (report.rowsOutsideChunks() > 0 ? ", extra rows" : ""));
        out.flush();
        return ok ? Fleetgen.OK : Fleetgen.RUNTIME_FAILURE;
    }
}
