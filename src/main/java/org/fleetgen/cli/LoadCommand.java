package org.fleetgen.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fleetgen.api.DatasetLoads;
import org.fleetgen.api.DatasetSpec;
import org.fleetgen.api.LoadOptions;
import org.fleetgen.api.LoadProgress;
import org.fleetgen.api.LoadResult;
import org.fleetgen.api.OtherDatasetException;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Shard;
import org.fleetgen.config.Timescale;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.load.DatasetLoader;
import org.fleetgen.load.LoadMethod;
import org.fleetgen.postgres.EmbeddedServer;
import org.fleetgen.simulation.ChunkPlan;
import org.fleetgen.sink.OutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetgen load}: generate the dataset and load it into PostgreSQL, exactly once, resumably. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Generates the dataset and bulk-loads it into PostgreSQL (the embedded server unless --url).")
final class LoadCommand extends StreamCommand {
    @Mixin
    GenerationOptions generation;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel loading connections (default: the number of cores).")
    Integer workers;

    @Option(names = "--method", paramLabel = "copy|jooq", defaultValue = "copy", description = "Binary COPY (default) or jOOQ multi-row INSERTs.")
    String method;

    @Option(names = "--replace", description = "Replace a different dataset already in the schema.")
    boolean replace;

    @Option(names = "--chunk-rows", paramLabel = "N", defaultValue = "" + ChunkPlan.DEFAULT_CHUNK_ROWS,
            description = "Largest chunk, in rows (default ${DEFAULT-VALUE}); chunks commit in partitions of whole servers, about 5 chunks each.")
    int chunkRows;

    @Option(names = "--no-refresh", description = "Leave the materialized views unrefreshed (run fleetgen refresh later).")
    boolean noRefresh;

    @Option(names = "--json-summary", paramLabel = "FILE", description = "Also write the final summary as JSON.")
    Path jsonSummary;

    @Option(names = "--skip-space-check", description = "Load even when the estimated size exceeds the embedded server's free disk space.")
    boolean skipSpaceCheck;

    @Option(names = "--shard", paramLabel = "I/N", description = "Load only shard I of N (from 0) of the dataset's partitions; "
            + "N processes, on any machines, fill one dataset, and the one that commits the last partition finishes it.")
    String shard;

    @Option(names = "--distributed", description = "Citus: distribute server_metrics and the rollups by server_key, "
            + "the other tables as reference tables (needs the citus extension).")
    boolean distributed;

    @Option(names = "--timescaledb", negatable = true, description = "TimescaleDB: server_metrics as a hypertable and the time-bucketed "
            + "views as continuous aggregates (default: when the target database has the timescaledb extension; --timescaledb creates "
            + "it if available, --no-timescaledb keeps plain tables).")
    Boolean timescaledb;

    @Option(names = "--chunk-interval", paramLabel = "DURATION", description = "TimescaleDB: the hypertable's chunk interval, days or hours "
            + "(e.g. 7d, 12h; default 7d for hourly data, 364d for daily).")
    String chunkInterval;

    @Option(names = "--compress", description = "TimescaleDB: compress the loaded chunks at the end of the load (segmented by server_key, "
            + "ordered by ts).")
    boolean compress;

    @Option(names = "--single-connection", description = "Do all of the load's work on one database connection, for targets that take "
            + "one client at a time (a pooler's single slot, an embedded engine); implies --workers 1.")
    boolean singleConnection;

    @Option(names = "--follow", description = "Realistic model: keep the dataset's end on the clock (UTC): load to the last complete "
            + "day, then add each day as it completes, until stopped (Ctrl-C; a stop at any moment loses nothing). Instead of --end.")
    boolean follow;

    @Option(names = "--finish", description = "Only finish a dataset whose shards are all loaded (the views' answers, the completion mark).")
    boolean finish;


    /** Concepts whose value came from the config file, by the key that gave it (for error messages). */
    private final java.util.Map<String, String> origin = new java.util.HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintStream err = streams.err();
        if (follow && generation.end != null) {
            throw new ConfigException("--end", generation.end, "cannot be combined with --follow, which moves the end with the clock");
        }
        if (follow && jsonSummary != null) {
            throw new ConfigException("--json-summary", jsonSummary, "is written when a load ends, and --follow does not end; "
                    + "each step prints its line instead");
        }
        if (follow) {
            // A stand-in end, so that the configuration can be checked whole; each step sets the clock's.
            java.time.LocalDate placeholder = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            try {
                placeholder = generation.start == null || !java.time.LocalDate.parse(generation.start).isAfter(placeholder) ? placeholder
                        : java.time.LocalDate.parse(generation.start);
            } catch (java.time.format.DateTimeParseException e) {
                // A bad --start is reported by the check below, under its own name.
            }
            generation.end = placeholder.toString();
        }
        DatasetSpec spec = generation.spec(err, common.quiet);  // the whole configuration checked before anything starts
        if (singleConnection && workers != null && workers != 1) {
            throw new ConfigException("--workers", workers, "must be 1 with --single-connection, which does all the work on one connection");
        }
        int workerCount = singleConnection ? 1 : workers == null ? DatasetLoader.defaultWorkers() : workers;
        Timescale fileTimescale = generation.timescale;
        Boolean useTimescale = timescaledb != null ? timescaledb : fileTimescale.use() == Timescale.Use.AUTO ? null
                : fileTimescale.use() == Timescale.Use.ON;
        String interval = chunkInterval != null ? chunkInterval
                : fileTimescale.chunkInterval() == null ? null : Timescale.text(fileTimescale.chunkInterval());
        boolean compressChunks = compress || fileTimescale.compress();
        // A TimescaleDB value the config file gave is reported under its key.
        if (timescaledb == null && fileTimescale.use() != Timescale.Use.AUTO) {
            origin.put(Timescale.FIELD, "timescaledb.enabled");
        }
        if (chunkInterval == null && fileTimescale.chunkInterval() != null) {
            origin.put(Timescale.INTERVAL_FIELD, "timescaledb.chunk_interval");
        }
        if (!compress && fileTimescale.compress()) {
            origin.put(Timescale.COMPRESS_FIELD, "timescaledb.compress");
        }
        Shard shardOf;
        LoadMethod loadMethod;
        LoadOptions options;
        try {
            shardOf = shard == null ? Shard.WHOLE : Shard.parse("shard", shard);
            loadMethod = LoadMethod.parse(method);
            RiskThresholds r = generation.risk;
            options = flags(() -> LoadOptions.defaults().withWorkers(workerCount).withChunkRows(chunkRows).withReplace(replace)
                    .withMethod(LoadOptions.Method.valueOf(loadMethod.name())).withRefreshViews(!noRefresh)
                    .withRisk(r.windowDays(), r.highRisk(), r.veryHighRisk(), r.underutilized()).withShard(shardOf.index(), shardOf.count())
                    .withFinishOnly(finish).withDistributed(distributed)
                    .withTimescale(useTimescale == null ? "auto" : useTimescale ? "on" : "off", interval, compressChunks)
                    .withSingleConnection(singleConnection).checked());
        } catch (ConfigException e) {
            throw FlagNames.rename(e, origin);
        }
        if (finish && shard != null) {
            throw new ConfigException("--finish", true, "completes the whole dataset; leave out --shard");
        }
        if (follow) {
            LoadOptions checked = options;
            flags(() -> {
                DatasetLoads.requireFollowable(spec, checked);
                return null;
            });
        }
        database.validate();
        if (database.url() == null && !new EmbeddedServer(database.dataDir).initialised()) {
            requireSpace(DatasetLoads.estimatedBytes(spec));  // a new server: refuse before installing it
        }
        try (OutputFile summary = jsonSummary == null ? null : OutputPaths.prepare("--json-summary", jsonSummary)) {
            DatabaseTarget target = database.resolve(DatabaseOptions.Embedded.CREATE, common.quiet);
            Progress progress = new Progress(err, Progress.wanted(common), 0);
            ProgressListener listener = new ProgressListener(err, common.quiet, progress);
            LoadResult result;
            Thread ticker = listener.startTicker();
            try {
                LoadOptions run = options.withProgress(listener).withSpaceCheck(this::requireSpace);
                if (follow) {
                    follow(target, spec, run, progress, listener);
                    return Fleetgen.OK;
                }
                result = flags(() -> DatasetLoads.load(target.jdbcUrl(), target.user(), target.password().reveal(), target.schema(), spec, run));
            } catch (OtherDatasetException e) {
                throw new ConfigException("--schema", e.schema(), e.reason() + "; use --replace to overwrite it, or another --schema", e);
            } finally {
                ticker.interrupt();
                progress.finish();
            }
            report(target, result, progress, listener, shardOf, loadMethod, workerCount, summary);
        }
        return Fleetgen.OK;
    }

    /** {@code --follow}: one load per completed day, one line each, until the process is stopped. */
    private void follow(DatabaseTarget target, DatasetSpec spec, LoadOptions options, Progress progress, ProgressListener listener)
            throws InterruptedException {
        PrintStream err = streams.err();
        flags(() -> {
            try {
                DatasetLoads.follow(target.jdbcUrl(), target.user(), target.password().reveal(), target.schema(), spec, options,
                        java.time.Clock.systemUTC(), DatasetLoads.Sleeper.system(), 0, (end, r) -> {
                            if (!common.quiet) {
                                err.printf(Locale.ROOT, "fleetgen: following: loaded %,d rows in %.1f s; the dataset runs to %s (%,d rows); the next "
                                        + "day at %s%n", r.rowsLoaded(), r.seconds(), end, r.totalRows(),
                                        org.fleetgen.load.Follower.nextAfter(end, spec.granularity() == DatasetSpec.Granularity.HOURLY
                                                ? org.fleetgen.config.Granularity.HOURLY : org.fleetgen.config.Granularity.DAILY));
                            }
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }

    /** Runs a library call; its bad input comes back as the ConfigException it carries, so flags are named as the user typed them. */
    private <T> T flags(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (OtherDatasetException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw FlagNames.rename(ce, origin);
            }
            throw e;
        }
    }

    /**
     * The embedded server's disk is known: a load that cannot fit is refused before anything is written.
     * A URL's server may be anywhere, so there the estimate is only shown.
     */
    private void requireSpace(long bytes) {
        if (skipSpaceCheck || database.url() != null) {
            return;
        }
        long free = Sizes.usableSpace(database.dataDir);
        if (free >= 0 && bytes > free) {
            throw new ConfigException("--data-dir", database.dataDir, String.format(Locale.ROOT,
                    "the dataset needs about %s of table and index but the disk has %s free "
                            + "(fewer --servers or a shorter --start/--end; --skip-space-check loads anyway)",
                    Sizes.bytes(bytes), Sizes.bytes(free)));
        }
    }

    private void report(DatabaseTarget target, LoadResult result, Progress progress, ProgressListener listener,
                        Shard shardOf, LoadMethod loadMethod, int workerCount, OutputFile summary) throws IOException {
        PrintStream err = streams.err();
        double seconds = progress.elapsedSeconds();
        double[] phases = listener.phaseSeconds(seconds);
        double rate = result.rowsLoaded() / Math.max(seconds, 1e-9);
        double mbPerSecond = result.bytesSent() / 1e6 / Math.max(seconds, 1e-9);
        if (!common.quiet) {
            if (result.outcome() == LoadResult.Outcome.ALREADY_COMPLETE) {
                err.printf(Locale.ROOT, "fleetgen: schema %s already holds this dataset, complete (%,d rows); nothing to do%n",
                        target.schema(), result.totalRows());
            } else if (result.outcome() == LoadResult.Outcome.SHARD_LOADED) {
                err.printf(Locale.ROOT, "fleetgen: shard %s: loaded %,d rows in %d chunks into %s in %.1f s; other shards' partitions are "
                                + "still missing: the shard that commits the last one finishes the dataset (or run fleetgen load --finish)%n",
                        shardOf, result.rowsLoaded(), result.chunksLoaded(), target.schema(), seconds);
            } else {
                err.printf(Locale.ROOT, "fleetgen: loaded %,d rows in %d chunks into %s in %.1f s (%s rows/s, %.1f MB/s); %,d rows in the dataset%n",
                        result.rowsLoaded(), result.chunksLoaded(), target.schema(), seconds, Progress.compact(rate),
                        mbPerSecond, result.totalRows());
            }
            if (listener.timescaleLine != null) {
                err.println(listener.timescaleLine);
            }
            if (result.outcome() != LoadResult.Outcome.SHARD_LOADED) {
                err.println(reportHint(target));
            }
            if (database.embedded != null) {
                err.println("fleetgen: the embedded server keeps running; stop it with ./fleetgen db stop"
                        + (database.dataDir.equals(Path.of("fleetgen-data")) ? "" : " --data-dir " + database.dataDir));
                err.println("fleetgen: connect with: PGOPTIONS='-c search_path=" + target.schema() + "' " + database.embedded.psqlCommand());
                err.println("fleetgen:   or as JDBC: " + database.embedded.jdbcUrl() + " (user " + "postgres"
                        + ", password in " + database.embedded.passwordFile() + ")");
            }
        }
        if (summary != null) {
            String json = String.format(Locale.ROOT,
                    "{\"outcome\":\"%s\",\"schema\":\"%s\",\"rows_loaded\":%d,\"chunks_loaded\":%d,\"total_rows\":%d,"
                            + "\"seconds\":%.3f,\"rows_per_second\":%.1f,\"bytes_sent\":%d,\"mb_per_second\":%.2f,\"method\":\"%s\",\"workers\":%d,"
                            + "\"phases\":{\"setup_seconds\":%.3f,\"copy_seconds\":%.3f,\"views_seconds\":%.3f},\"views_from\":\"%s\",\"timescaledb\":%s}%n",
                    result.outcome().name().toLowerCase(Locale.ROOT), target.schema(), result.rowsLoaded(), result.chunksLoaded(),
                    result.totalRows(), seconds, rate, result.bytesSent(), mbPerSecond, loadMethod.label(), workerCount,
                    phases[0], phases[1], phases[2], listener.answersFrom, listener.timescale);
            try {
                summary.writeAndCommit(json);
            } catch (IOException e) {
                throw new IOException("cannot write " + jsonSummary + ": " + e.getMessage(), e);
            }
        }
    }

    /** The command that writes the report of what was just loaded; a URL is not repeated (it may hold a password). */
    private String reportHint(DatabaseTarget target) {
        StringBuilder b = new StringBuilder(noRefresh ? "fleetgen: after fleetgen refresh, a report: " : "fleetgen: a report with charts: ");
        b.append(database.embedded != null ? "./fleetgen report" : "fleetgen report");
        if (!DatabaseOptions.DEFAULT_SCHEMA.equals(target.schema())) {
            b.append(" --schema ").append(target.schema());
        }
        if (database.embedded != null && !database.dataDir.equals(Path.of("fleetgen-data"))) {
            b.append(" --data-dir ").append(database.dataDir);
        }
        b.append(" --out fleetgen-report.html");
        if (database.embedded == null) {
            b.append(" (with this load's --url and --user)");
        }
        return b.toString();
    }

    /** Counts chunks as workers commit them; a ticker thread draws the progress line once a second. */
    static final class ProgressListener implements LoadProgress {
        private final PrintStream err;
        private final boolean quiet;
        private final Progress progress;
        private final AtomicLong rows = new AtomicLong();
        private final AtomicInteger chunks = new AtomicInteger();
        private volatile long totalRows;
        private volatile int totalChunks;
        private volatile long baseRows;
        private volatile boolean finished;
        private final long started = System.nanoTime();
        private volatile long plannedAt;
        private volatile long refreshingAt;
        private volatile String answersFrom = "none";
        private volatile String timescale = "null";
        private volatile String timescaleLine;

        ProgressListener(PrintStream err, boolean quiet, Progress progress) {
            this.err = err;
            this.quiet = quiet;
            this.progress = progress;
        }

        @Override
        public void waitingForLock(String schema) {
            if (!quiet) {
                err.println("fleetgen: another load is running on schema " + schema + "; waiting for it to finish");
            }
        }

        @Override
        public void extending(java.time.LocalDate from, java.time.LocalDate to) {
            if (!quiet) {
                err.println("fleetgen: extending the dataset from " + from + " to " + to + "; its rows up to " + from + " stay as they are");
            }
        }

        @Override
        public void estimated(long rowsToLoad, long bytes) {
            // With the progress line only: elsewhere a failure later must stay the only line.
            if (!quiet && progress.enabled() && rowsToLoad > 0) {
                err.printf(Locale.ROOT, "fleetgen: %,d rows to load, about %s of table and index%n", rowsToLoad, Sizes.bytes(bytes));
            }
        }

        @Override
        public void planned(long total, int allChunks, long already, int chunksAlready) {
            plannedAt = System.nanoTime();
            totalRows = total;
            totalChunks = allChunks;
            baseRows = already;
            rows.set(already);
            chunks.set(chunksAlready);
            progress.total(total);
            if (!quiet && already > 0 && already < total) {
                err.printf(Locale.ROOT, "fleetgen: resuming: %,d of %,d chunks already loaded%n", chunksAlready, allChunks);
            }
        }

        @Override
        public void chunkLoaded(long chunkRows) {
            rows.addAndGet(chunkRows);
            chunks.incrementAndGet();
        }

        @Override
        public void refreshing() {
            refreshingAt = System.nanoTime();
            if (!finished) {
                draw();
                finished = true;
                if (!quiet && progress.enabled()) {
                    progress.finish();
                }
            }
            if (!quiet && progress.enabled()) {
                err.println("fleetgen: computing the analytics views' answers");
            }
        }

        @Override
        public void answersFrom(String source) {
            answersFrom = source;
        }

        @Override
        public void timescale(String extensionVersion, String chunkInterval, boolean compressed) {
            timescale = String.format(Locale.ROOT, "{\"version\":\"%s\",\"chunk_interval\":\"%s\",\"compressed\":%b}",
                    extensionVersion.replaceAll("[^0-9A-Za-z._+-]", "?"), chunkInterval, compressed);
            timescaleLine = "fleetgen: TimescaleDB " + extensionVersion.replaceAll("[^0-9A-Za-z._+-]", "?") + ": server_metrics is a hypertable of " + chunkInterval + " chunks"
                    + (compressed ? ", compressed" : "") + "; archetype_daily, archetype_monthly and archetype_hourly_profile read continuous aggregates";
        }

        /** Seconds of set-up (connect, schema, manifest), loading (partitions keyed and analyzed), and the views' answers. */
        double[] phaseSeconds(double total) {
            long end = started + (long) (total * 1e9);
            long p = plannedAt == 0 ? end : plannedAt;
            long r = refreshingAt == 0 ? end : refreshingAt;
            return new double[] {(p - started) / 1e9, (r - p) / 1e9, (end - r) / 1e9};
        }

        void draw() {
            progress.update(rows.get(), chunks.get() + "/" + totalChunks + " chunks", baseRows);
        }

        Thread startTicker() {
            return org.fleetgen.parallel.Parallel.background("fleetgen-progress", () -> {
                try {
                    while (true) {
                        Thread.sleep(1000);
                        if (totalRows > 0 && !finished) {
                            draw();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
