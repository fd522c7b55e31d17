package org.fleetgen.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Shard;
import org.fleetgen.load.SinkVisitor;
import org.fleetgen.simulation.ChunkPlan;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.load.SeedScript;
import org.fleetgen.sink.OutputFile;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.TextOutput;
import org.fleetgen.sink.csv.CsvFileSink;
import org.fleetgen.sink.csv.CsvLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetgen export}: the reference CSV, or a SQL seed script, to a file or standard output. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes the dataset as the reference's 19-column CSV, or as a SQL seed script that psql runs into an empty "
                + "database (--format sql); gzip when PATH ends in .gz.")
final class ExportCommand extends StreamCommand {
    /** Bytes a row of a seed script takes, plain and gzipped, at most (daily data: 80.1 and 29.3; hourly 79.2 and 27.6; bench/sizes.sh). */
    static final double[] SEED_BYTES_PER_ROW = {81, 30};

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

    @Option(names = "--format", paramLabel = "csv|sql", defaultValue = "csv",
            description = "csv (default): the reference's CSV; sql: a seed script with the schema, the rows and the views.")
    String format;

    @Option(names = "--schema", paramLabel = "NAME", description = "With --format sql: the schema the script creates (default fleet).")
    String schema;

    @Option(names = "--skip-space-check", description = "Write even when the estimated size exceeds the free space of the target's file system.")
    boolean skipSpaceCheck;

    @Option(names = "--shard", paramLabel = "I/N", description = "Write only shard I of N (from 0): a run of whole servers, balanced by rows; "
            + "the N outputs concatenated in shard order are the whole export, byte for byte (the header is shard 0's).")
    String shard;


    private static Shard parseShard(String text) {
        try {
            return Shard.parse("shard", text);
        } catch (ConfigException e) {
            throw FlagNames.rename(e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = streams.err();
        Dataset dataset = generation.dataset(err, common.quiet);
        int threads = this.threads == null ? Math.min(256, Runtime.getRuntime().availableProcessors()) : this.threads;
        if (threads < 1 || threads > 256) {
            throw new ConfigException("--threads", threads, "must be an integer from 1 to 256");
        }
        boolean sql = switch (format) {
            case "csv" -> false;
            case "sql" -> true;
            default -> throw new ConfigException("--format", format, "must be csv or sql");
        };
        if (!sql && schema != null) {
            throw new ConfigException("--schema", schema, "names the schema of a SQL seed script; add --format sql");
        }
        if (sql && (noMetadata || noCalendar)) {
            throw new ConfigException(noMetadata ? "--no-metadata" : "--no-calendar", true, "shapes the CSV; a seed script holds every table");
        }
        String seedSchema = sql ? DatabaseTarget.requireSchema(schema == null ? DatabaseOptions.DEFAULT_SCHEMA : schema) : null;
        CsvLayout layout = new CsvLayout(dataset.grid(), !noMetadata, !noCalendar);
        Shard part = shard == null ? Shard.WHOLE : parseShard(shard);
        if (sql && !part.whole()) {
            throw new ConfigException("--shard", shard, "splits a CSV export; a seed script is one transaction (load shards with fleetgen load --shard)");
        }
        if (!part.whole() && out.endsWith(".gz")) {
            throw new ConfigException("--shard", shard, "concatenates plain CSV; gzip the shards' concatenation instead of each shard");
        }
        java.util.List<org.fleetgen.sample.Chunk> servers = part.of(dataset.wholeServers());
        long total = 0;
        for (org.fleetgen.sample.Chunk c : servers) {
            total += c.rows();
        }
        boolean toStdout = "-".equals(out);
        boolean gzip = !toStdout && out.endsWith(".gz");
        long estimate = (long) (total * (sql ? SEED_BYTES_PER_ROW[gzip ? 1 : 0] : layout.estimatedRowBytes(gzip)));
        Progress progress = new Progress(err, Progress.wanted(common), total);
        long[] done = {0};
        try (OutputFile file = toStdout ? null : OutputPaths.prepare("--out", Path.of(out))) {
            long free = file == null ? -1 : file.usableSpace();
            if (free >= 0 && estimate > free && !skipSpaceCheck) {
                throw new ConfigException("--out", out, String.format(Locale.ROOT,
                        "the export needs about %s but its file system has %s free (--skip-space-check writes anyway)",
                        Sizes.bytes(estimate), Sizes.bytes(free)));
            }
            if (!common.quiet && progress.enabled()) {
                err.printf(Locale.ROOT, "fleetgen: exporting %,d rows, about %s%n", total, Sizes.bytes(estimate));
            }
            FleetSimulator simulator = dataset.simulator(threads);
            TextOutput text = file == null ? TextOutput.toStream(streams.out()) : TextOutput.toFile(file, java.util.function.UnaryOperator.identity());
            try (SampleSink<byte[]> sink = sql ? SeedScript.open(dataset, seedSchema, generation.risk, Fleetgen.version(), text)
                    : CsvFileSink.to(layout, text, part.index() == 0)) {
                java.util.function.Consumer<org.fleetgen.sample.Chunk> written = chunk -> {
                    done[0] += chunk.rows();
                    progress.update(done[0], null);
                };
                if (sql) {
                    // A seed script writes the partitions a load would, each created, filled, keyed and attached in turn.
                    ChunkPlan plan = SeedScript.plan(dataset);
                    simulator.run(plan.chunks(), sink::encode, SinkVisitor.into(sink, plan.partitions(), written));
                } else {
                    simulator.run(servers, sink::encode, SinkVisitor.into(sink, written));
                }
                sink.finish();
            } finally {
                progress.finish();
            }
        }
        if (!common.quiet) {
            double s = progress.elapsedSeconds();
            err.printf(Locale.ROOT, "fleetgen: wrote %,d rows to %s in %.2f s (%s rows/s)%n",
                    done[0], toStdout ? "standard output" : out, s, Progress.compact(done[0] / Math.max(s, 1e-9)));
        }
        return Fleetgen.OK;
    }
}
