package org.fleetgen.api;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Secret;
import org.fleetgen.load.DatasetLoader;
import org.fleetgen.load.DatasetVerifier;
import org.fleetgen.load.LoadListener;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.sink.SinkException;

/**
 * Loads and verifies datasets in PostgreSQL, as {@code fleetgen load} and {@code fleetgen verify} do and
 * with their guarantees: every statement is pinned to {@code schema} (created if missing), each chunk
 * commits with its ledger row, a load interrupted at any moment is finished by the same call again, and a
 * schema holding another dataset is refused unless {@link LoadOptions#withReplace(boolean) replace} is set.
 * Objects in the schema that fleetgen did not create are never touched, and a name fleetgen needs that
 * one of them holds is refused.
 *
 * <pre>{@code
 * LoadResult r = DatasetLoads.load(dataSource, "fleet", DatasetSpec.defaults());
 * VerifyResult v = DatasetLoads.verify(dataSource, "fleet");
 * }</pre>
 */
public final class DatasetLoads {
    private DatasetLoads() {
    }

    public static LoadResult load(DataSource dataSource, String schema, DatasetSpec spec) {
        return load(dataSource, schema, spec, LoadOptions.defaults());
    }

    /** Loads into the database a {@link DataSource} connects to (any pool or driver data source; fleetgen opens at most one connection a worker, no more workers than partitions, and 2 more). */
    public static LoadResult load(DataSource dataSource, String schema, DatasetSpec spec, LoadOptions options) {
        requireSchema(schema);
        try (ConnectionPool pool = pool(dataSource, schema, spec, options)) {
            return load(pool, spec, options);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /** Loads into the database at a JDBC URL ({@code jdbc:postgresql://host:port/db}); user and password may be null. */
    public static LoadResult load(String jdbcUrl, String user, String password, String schema, DatasetSpec spec, LoadOptions options) {
        DatabaseTarget target = target(jdbcUrl, user, password, schema);
        try (ConnectionPool pool = pool(target, spec, options)) {
            return load(pool, spec, options);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /**
     * The load's connections: a pool of one per worker that can have a partition (no more workers than the plan has
     * partitions) and 2 more, or one connection with {@link LoadOptions#withSingleConnection}.
     */
    private static ConnectionPool pool(DataSource dataSource, String schema, DatasetSpec spec, LoadOptions options) throws DatabaseException {
        return options.singleConnection() ? ConnectionPool.single(dataSource, schema) : ConnectionPool.open(dataSource, schema, connections(spec, options));
    }

    private static ConnectionPool pool(DatabaseTarget target, DatasetSpec spec, LoadOptions options) throws DatabaseException {
        return options.singleConnection() ? ConnectionPool.single(target) : ConnectionPool.open(target, connections(spec, options));
    }

    /**
     * Workers beyond the plan's partitions would each open a connection and find nothing to load (a small dataset on
     * a many-core host: a connection per core for one partition's work). A chunk size the load will refuse leaves
     * the count to the workers, and the refusal to the load.
     */
    static int connections(DatasetSpec spec, LoadOptions options) {
        int workers = options.workers();
        if (options.chunkRows() >= 1) {
            workers = Math.max(1, Math.min(workers, spec.dataset().chunks(options.chunkRows()).partitions().size()));
        }
        return workers + 2;
    }

    private static LoadResult load(ConnectionPool pool, DatasetSpec spec, LoadOptions options) throws DatabaseException {
        long start = System.nanoTime();
        LoadProgress progress = options.progress();
        try {
            DatasetLoader.Options o = options.options(version());
            DatasetLoader.Result r = new DatasetLoader(pool).load(spec.dataset(), o, listener(progress));
            LoadResult.Outcome outcome = switch (r.outcome()) {
                case LOADED -> LoadResult.Outcome.LOADED;
                case ALREADY_COMPLETE -> LoadResult.Outcome.ALREADY_COMPLETE;
                case SHARD_LOADED -> LoadResult.Outcome.SHARD_LOADED;
            };
            return new LoadResult(outcome, r.rowsLoaded(), r.chunksLoaded(), r.totalRows(), r.bytesSent(), (System.nanoTime() - start) / 1e9);
        } catch (DatasetLoader.OtherDataset e) {
            throw new OtherDatasetException(pool.target().schema(), e.reason(), e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (SinkException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /** Waits until a clock reads an instant: the system's sleeps; a test's fake clock simply moves there. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(java.time.Instant instant) throws InterruptedException;

        /** Sleeps on the system clock. */
        static Sleeper system() {
            return instant -> {
                long ms;
                while ((ms = java.time.Duration.between(java.time.Instant.now(), instant).toMillis()) > 0) {
                    Thread.sleep(Math.min(ms, 60_000));
                }
            };
        }
    }

    /**
     * Keeps a dataset's end on the clock, as {@code fleetgen load --follow}: loads {@code spec} to the last day whose
     * stamps have all passed (the spec's own end is not used), then, each time another day's have, extends it by that
     * day, exactly once, as {@code load --end LATER} does. Runs {@code steps} loads (0: until the thread is
     * interrupted), handing each one's end and result to {@code afterEach}. Only for a model whose datasets extend
     * ({@link DatasetSpec#extendable()}: realistic).
     *
     * @param clock   the time it follows (the system's UTC clock, or a test's)
     * @param sleeper waits for the clock between steps
     */
    public static void follow(DataSource dataSource, String schema, DatasetSpec spec, LoadOptions options, java.time.Clock clock,
                              Sleeper sleeper, int steps, java.util.function.BiConsumer<java.time.LocalDate, LoadResult> afterEach) throws InterruptedException {
        requireSchema(schema);
        try (ConnectionPool pool = pool(dataSource, schema, spec, options)) {
            follow(pool, spec, options, clock, sleeper, steps, afterEach);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /** {@link #follow(DataSource, String, DatasetSpec, LoadOptions, java.time.Clock, Sleeper, int, java.util.function.BiConsumer)} at a JDBC URL. */
    public static void follow(String jdbcUrl, String user, String password, String schema, DatasetSpec spec, LoadOptions options,
                              java.time.Clock clock, Sleeper sleeper, int steps, java.util.function.BiConsumer<java.time.LocalDate, LoadResult> afterEach)
            throws InterruptedException {
        DatabaseTarget target = target(jdbcUrl, user, password, schema);
        try (ConnectionPool pool = pool(target, spec, options)) {
            follow(pool, spec, options, clock, sleeper, steps, afterEach);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /**
     * Refuses, before anything is opened, what {@link #follow} cannot do: a model whose datasets do not extend, a
     * shard, a finish-only load. IllegalArgumentException, carrying the field and value as its cause.
     */
    public static void requireFollowable(DatasetSpec spec, LoadOptions options) {
        if (!spec.extendable()) {
            ConfigException e = new ConfigException("follow", true, "the " + spec.dataset().model().name() + " model cannot extend a "
                    + "dataset (its growth is spread over the whole range, so every earlier row would change); use --model realistic");
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!options.shard().whole() || options.finishOnly()) {
            ConfigException e = new ConfigException("follow", true, "takes the whole dataset in one process: leave out --shard and --finish");
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void follow(ConnectionPool pool, DatasetSpec spec, LoadOptions options, java.time.Clock clock, Sleeper sleeper, int steps,
                               java.util.function.BiConsumer<java.time.LocalDate, LoadResult> afterEach) throws InterruptedException, DatabaseException {
        requireFollowable(spec, options);
        if (steps < 0) {
            throw new IllegalArgumentException("steps: " + steps + " must be 0 (no limit) or more");
        }
        try {
            new org.fleetgen.load.Follower(clock, sleeper::sleepUntil, spec.dataset().config().granularity())
                    .run(spec.dataset().config().start(), steps, new org.fleetgen.load.Follower.Step<DatabaseException>() {
                        private boolean first = true;

                        @Override
                        public void loadTo(java.time.LocalDate end) throws DatabaseException {
                            // --replace replaces what the schema held before following began, not the followed dataset's own days.
                            LoadResult r = load(pool, spec.withEnd(end), first ? options : options.withReplace(false));
                            first = false;
                            afterEach.accept(end, r);
                        }
                    });
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** About how many bytes of table, index and rollups the dataset takes in PostgreSQL (the CLI's free-space estimate). */
    public static long estimatedBytes(DatasetSpec spec) {
        return DatasetLoader.estimatedBytes(spec.rows(), spec.dataset().config().granularity());
    }

    /** Checks the dataset in {@code schema} row by row against its manifest, as {@code fleetgen verify}. */
    public static VerifyResult verify(DataSource dataSource, String schema) {
        requireSchema(schema);
        int workers = DatasetLoader.defaultWorkers();
        try (ConnectionPool pool = ConnectionPool.open(dataSource, schema, workers + 1)) {
            return verify(pool, workers, new LoadProgress() { });
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /** The same at a JDBC URL, on {@code workers} connections, reporting the dataset's size and each checked chunk to {@code progress}. */
    public static VerifyResult verify(String jdbcUrl, String user, String password, String schema, int workers, LoadProgress progress) {
        return verify(jdbcUrl, user, password, schema, workers, progress, false);
    }

    /** The same; with {@code singleConnection}, on one database connection and one worker (targets that take one client). */
    public static VerifyResult verify(String jdbcUrl, String user, String password, String schema, int workers, LoadProgress progress,
                                      boolean singleConnection) {
        if (workers < 1 || workers > DatasetLoader.MAX_WORKERS) {
            throw new IllegalArgumentException("workers: " + workers + " must be an integer from 1 to " + DatasetLoader.MAX_WORKERS,
                    new ConfigException("workers", workers, "must be an integer from 1 to " + DatasetLoader.MAX_WORKERS));
        }
        DatabaseTarget target = target(jdbcUrl, user, password, schema);
        try (ConnectionPool pool = singleConnection ? ConnectionPool.single(target) : ConnectionPool.open(target, workers + 1)) {
            return verify(pool, singleConnection ? 1 : workers, progress == null ? new LoadProgress() { } : progress);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    private static VerifyResult verify(ConnectionPool pool, int workers, LoadProgress progress) throws DatabaseException {
        DatasetVerifier.Report r = new DatasetVerifier(pool).verify(workers, listener(progress));
        List<VerifyResult.Difference> differences = new ArrayList<>();
        for (DatasetVerifier.Mismatch m : r.mismatches()) {
            differences.add(new VerifyResult.Difference(m.chunk().number(), m.rollup(), m.serverId(), m.from(), m.to(), m.stored().rows(),
                    m.expected().rows(), m.describe()));
        }
        return new VerifyResult(r.parameters(), r.complete(), r.chunks(), r.expectedRows(), r.rowsChecked(), r.rowsOutsideChunks(), differences);
    }

    /** The loader's and verifier's listener, reporting to the caller's progress. */
    private static LoadListener listener(LoadProgress progress) {
        return new LoadListener() {
            @Override
            public void waitingForLock(String schema) {
                progress.waitingForLock(schema);
            }

            @Override
            public void estimated(long rowsToLoad, long bytes) {
                progress.estimated(rowsToLoad, bytes);
            }

            @Override
            public void planned(long totalRows, int totalChunks, long rowsAlreadyLoaded, int chunksAlreadyLoaded) {
                progress.planned(totalRows, totalChunks, rowsAlreadyLoaded, chunksAlreadyLoaded);
            }

            @Override
            public void chunkLoaded(org.fleetgen.sample.Chunk chunk) {
                progress.chunkLoaded(chunk.rows());
            }

            @Override
            public void extending(java.time.LocalDate from, java.time.LocalDate to) {
                progress.extending(from, to);
            }

            @Override
            public void refreshing() {
                progress.refreshing();
            }

            @Override
            public void answersFrom(String source) {
                progress.answersFrom(source);
            }

            @Override
            public void timescale(String extensionVersion, String chunkInterval, boolean compressed) {
                progress.timescale(extensionVersion, chunkInterval, compressed);
            }
        };
    }

    private static void requireSchema(String schema) {
        try {
            DatabaseTarget.requireSchema(schema);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static DatabaseTarget target(String jdbcUrl, String user, String password, String schema) {
        try {
            ConnectionPool.requireDriverAccepts("jdbcUrl", jdbcUrl);
            return new DatabaseTarget(jdbcUrl, user, new Secret(password == null ? "" : password), schema);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String version() {
        String v = DatasetLoads.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
