package org.fleetgen.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.FleetPlan;
import org.fleetgen.load.SinkVisitor;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.simulation.TimeGrids;
import org.fleetgen.sink.csv.CsvFileSink;
import org.fleetgen.sink.csv.CsvLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetgen export}: the reference CSV, to a file or standard output. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes the dataset as the reference's 19-column CSV (gzip when PATH ends in .gz).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    GenerationOptions generation;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH|-", description = "Output file, or - for standard output (default -).")
    String out = "-";

    @Option(names = "--no-metadata", description = "Leave out app_name, business_unit, criticality, region, server_type.")
    boolean noMetadata;

    @Option(names = "--no-calendar", description = "Leave out year, month, quarter, dayofweek, is_weekend, is_eoq, is_holiday.")
    boolean noCalendar;

    @Option(names = "--threads", paramLabel = "N", description = "Generator threads (default: the number of cores); the output does not depend on it.")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GenerationConfig config = generation.resolve();
        int threads = this.threads == null ? Runtime.getRuntime().availableProcessors() : this.threads;
        if (threads < 1 || threads > 256) {
            throw new ConfigException("--threads", threads, "must be an integer from 1 to 256");
        }
        FleetPlan plan = new FleetPlan(config);
        TimeGrid grid = TimeGrids.of(config);
        Path target = "-".equals(out) ? null : Path.of(out);
        if (target != null) {
            OutputPaths.requireWritableLocation("--out", target);
        }
        CsvLayout layout = new CsvLayout(grid, !noMetadata, !noCalendar);
        FleetSimulator simulator = new FleetSimulator(plan, grid, threads);
        long total = (long) plan.size() * grid.size();
        PrintStream err = System.err;
        Progress progress = new Progress(err, Progress.wanted(common), total);
        long[] done = {0};
        try (CsvFileSink sink = target == null ? CsvFileSink.toStream(layout, System.out) : CsvFileSink.toFile(layout, target)) {
            simulator.run(simulator.wholeServers(), sink::encode, SinkVisitor.into(sink, chunk -> {
                done[0] += chunk.rows();
                progress.update(done[0], null);
            }));
            sink.finish();
        } finally {
            progress.finish();
        }
        if (!common.quiet) {
            double s = progress.elapsedSeconds();
            err.printf(Locale.ROOT, "fleetgen: wrote %,d rows to %s in %.2f s (%s rows/s)%n",
                    done[0], target == null ? "standard output" : target, s, Progress.compact(done[0] / Math.max(s, 1e-9)));
        }
        return Fleetgen.OK;
    }
}
