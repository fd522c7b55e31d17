package org.fleetgen.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.DatasetParameters;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Shard;
import org.fleetgen.parallel.Parallel;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.DatasetManifest;
import org.fleetgen.postgres.DatasetStore;
import org.fleetgen.postgres.Distribution;
import org.fleetgen.postgres.Hypertable;
import org.fleetgen.postgres.MetricsPartitions;
import org.fleetgen.postgres.SchemaMigrator;
import org.fleetgen.postgres.StreamedAnswers;
import org.fleetgen.postgres.Rollups;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Partition;
import org.fleetgen.simulation.ChunkPlan;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SinkException;
import org.fleetgen.sink.copy.CopySink;
import org.fleetgen.sink.jooq.JooqSink;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Loads a dataset into a schema, exactly once and resumably.
 *
 * <ol>
 *   <li>Migrate the schema (Flyway) and take the schema's load lock, so a second load waits.</li>
 *   <li>Compare the manifest: a complete dataset with the same parameters is a no-op; another dataset is
 *       refused unless {@code replace}; a new one gets its manifest and reference tables first.</li>
 *   <li>Load the partitions the ledger lacks, on {@code workers} threads, each with its own connection and
 *       sink: a worker generates a partition's chunks and streams them into the partition's new table, keys,
 *       analyzes and attaches it, one transaction per partition.</li>
 *   <li>Check the ledger's total, compute the views' answers, and mark the dataset complete.</li>
 * </ol>
 * A kill at any point leaves only whole partitions; a rerun loads the rest and finishes.
 */
public final class DatasetLoader {
    /** Loading connections at most; the default is the core count, capped here (a 128-core host included). */
    public static final int MAX_WORKERS = 64;

    /** The default worker count: one per core, at most {@link #MAX_WORKERS}. */
    public static int defaultWorkers() {
        return Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * LOADED: the dataset is complete, finished by this process or another; SHARD_LOADED: this shard's
     * partitions are in, and other shards' are still missing.
     */
    public enum Outcome { LOADED, ALREADY_COMPLETE, SHARD_LOADED }

    /** The schema holds a dataset with other parameters, and the options do not say to replace it. */
    public static final class OtherDataset extends ConfigException {
        public OtherDataset(String schema, String parameters) {
            super("schema", schema, "already holds another dataset (" + parameters + ")");
        }
    }

    /**
     * @param refreshViews fill the materialized views at the end (off: {@code fleetgen refresh} does it later)
     */
    public record Options(int workers, LoadMethod method, boolean replace, int chunkRows, String fleetgenVersion,
                          RiskThresholds risk, boolean refreshViews, SpaceCheck spaceCheck, Shard shard, boolean finishOnly,
                          boolean distributed, org.fleetgen.config.Timescale timescale, boolean singleConnection) {
        public Options(int workers, LoadMethod method, boolean replace, int chunkRows, String fleetgenVersion,
                       RiskThresholds risk, boolean refreshViews, SpaceCheck spaceCheck) {
            this(workers, method, replace, chunkRows, fleetgenVersion, risk, refreshViews, spaceCheck, Shard.WHOLE, false, false);
        }

        public Options(int workers, LoadMethod method, boolean replace, int chunkRows, String fleetgenVersion,
                       RiskThresholds risk, boolean refreshViews, SpaceCheck spaceCheck, Shard shard, boolean finishOnly, boolean distributed) {
            this(workers, method, replace, chunkRows, fleetgenVersion, risk, refreshViews, spaceCheck, shard, finishOnly, distributed,
                    org.fleetgen.config.Timescale.DEFAULTS, false);
        }

        public Options {
            if (spaceCheck == null) {
                spaceCheck = bytes -> { };
            }
            if (shard == null) {
                shard = Shard.WHOLE;
            }
            if (timescale == null) {
                timescale = org.fleetgen.config.Timescale.DEFAULTS;
            }
            if (singleConnection) {
                // One connection holds the schema's lock and does the work: one worker.
                workers = 1;
            }
            if (distributed && timescale.use() == org.fleetgen.config.Timescale.Use.ON) {
                throw new ConfigException("distributed", true, "cannot be combined with timescaledb on: a dataset is either distributed "
                        + "by Citus or a TimescaleDB hypertable");
            }
            if (replace && !shard.whole()) {
                throw new ConfigException("replace", true, "cannot be combined with a shard: replace the dataset with one process first");
            }
            if (replace && finishOnly) {
                throw new ConfigException("replace", true, "cannot be combined with finish, which only completes a loaded dataset");
            }
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new ConfigException("workers", workers, "must be an integer from 1 to " + MAX_WORKERS);
            }
            if (chunkRows < 1) {
                throw new ConfigException("chunk_rows", chunkRows, "must be a positive integer");
            }
        }
    }

    /** Refuses a load whose estimated size the target cannot hold; called before anything is written. */
    @FunctionalInterface
    public interface SpaceCheck {
        void require(long bytes);
    }

    /**
     * Table and primary-key bytes a row takes in PostgreSQL: 84.5 + 31.6 measured on 700,820 hourly
     * rows (pg_relation_size and pg_indexes_size), rounded up for the views. WAL comes on top while
     * loading, up to max_wal_size.
     */
    public static final long BYTES_PER_ROW = 120;
    /**
     * The rollups' bytes a row (metric_day with its key, bench/sizes.sh): 15.2 for daily data (a rollup row
     * holds a server's month), 15.6 for hourly data (a server's day); rounded up.
     */
    public static final long ROLLUP_BYTES_PER_ROW = 16;

    public static long estimatedBytes(long rows, org.fleetgen.config.Granularity granularity) {
        return rows * (BYTES_PER_ROW + ROLLUP_BYTES_PER_ROW);
    }

    public record Result(Outcome outcome, long rowsLoaded, int chunksLoaded, long totalRows, long bytesSent) {
    }

    private final ConnectionPool pool;
    private final String schema;

    public DatasetLoader(ConnectionPool pool) {
        this.pool = pool;
        this.schema = pool.target().schema();
    }

    public Result load(Dataset dataset, Options options, LoadListener listener) throws DatabaseException, SinkException {
        GenerationConfig config = dataset.config();

        // --method jooq promises a load without COPY: the reference tables and the answers go in as INSERTs too.
        pool.copyFromStdin(options.method() == LoadMethod.COPY);
        // jOOQ's first use costs ~0.7 s of class loading and set-up; overlap it with the schema checks and migration.
        Parallel.background("fleetgen-jooq-init", () -> DSL.using(SQLDialect.POSTGRES).render(DSL.selectOne()));
        // Checked before the chunk plan is built: a dataset too large for the disk may be too large for memory too.
        // A schema holding objects fleetgen did not create under names it needs is refused before anything is read or written.
        SchemaMigrator.requireOwnable(pool.dataSource(), schema);
        DatasetParameters requested = new DatasetParameters(config, options.chunkRows());
        String storedText = options.replace() ? null : DatasetStore.storedParameters(pool.dataSource(), schema);
        DatasetParameters target = target(requested, storedText, dataset.model());
        String parameters = target.canonical();
        // Extending: the schema holds the dataset to an earlier end, whose rows count as loaded.
        DatasetParameters extendsFrom = storedText == null || storedText.equals(parameters) || target == requested
                ? null : DatasetParameters.parse(storedText);
        // Rows already in: those of this dataset (or, extending, of the same dataset to its earlier end).
        long toLoad = dataset.rows() - (storedText != null && (extendsFrom != null || storedText.equals(parameters))
                ? DatasetStore.ledgerRows(pool.dataSource(), schema) : 0);
        options.spaceCheck().require(estimatedBytes(toLoad, config.granularity()));
        listener.estimated(toLoad, estimatedBytes(toLoad, config.granularity()));
        ChunkPlan chunks = dataset.chunks(options.chunkRows(), target.extendedFrom());
        if (options.distributed()) {
            Distribution.requireCitus(pool.dataSource());
        }
        // TimescaleDB: refused or resolved (the extension created when asked for) before the schema is touched.
        Hypertable.Extension timescale = options.distributed() ? null : Hypertable.resolve(pool.dsl(), options.timescale());
        SchemaMigrator.migrate(pool.dataSource(), schema);
        if (options.distributed()) {
            Distribution.distribute(pool.dataSource(), schema);
        }
        List<Partition> mine = options.shard().of(chunks.partitions());
        try (java.sql.Connection session = pool.connection()) {
            DSLContext lockSession = DSL.using(session, SQLDialect.POSTGRES);
            // Set-up under the schema's lock: one process at a time compares, writes or replaces the manifest.
            lock(lockSession, listener);
            Result complete;
            try {
                complete = prepare(dataset, options, listener, chunks, parameters, extendsFrom, mine, timescale);
            } catch (Throwable failure) {
                unlockAfter(lockSession, failure);
                throw failure;
            }
            DatasetStore.unlockLoad(lockSession, schema);
            if (complete != null) {
                return complete;
            }
            boolean hypertable = timescale != null && Hypertable.is(pool.dsl());
            long[] sent = {0, 0};
            int chunksLoaded = 0;
            StreamedAnswers streamed = streamed(dataset, options, chunks, mine, extendsFrom);
            if (!options.finishOnly()) {
                // First pass: partitions no other process holds; then the ones others held, waiting for them, so
                // that every partition of this shard is committed when the load returns (by this process or another).
                List<Partition> held = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<Partition> loaded = new java.util.concurrent.CopyOnWriteArrayList<>();
                long[] first = loadPartitions(dataset, missing(mine), false, options, listener, held, loaded, streamed, hypertable);
                long[] second = loadPartitions(dataset, held, true, options, listener, new ArrayList<>(), loaded, streamed, hypertable);
                sent = new long[] {first[0] + second[0], first[1] + second[1]};
                for (Partition p : loaded) {
                    chunksLoaded += p.chunks().size();
                }
            }
            DatasetStore store = new DatasetStore(pool.dsl());
            long ledger = store.ledgerRows();
            if (ledger != chunks.rows()) {
                if (options.shard().whole() || options.finishOnly()) {
                    throw new DatabaseException("the load ledger holds " + ledger + " rows, expected " + chunks.rows()
                            + (options.finishOnly() ? "; load the missing shards first" : "; rerun the load to add the missing chunks"));
                }
                return new Result(Outcome.SHARD_LOADED, sent[0], chunksLoaded, chunks.rows(), sent[1]);
            }
            // Finishing: once, by whichever process finds every chunk committed.
            lock(lockSession, listener);
            try {
                DatasetManifest m = store.manifest();
                if (m == null || !m.parameters().equals(parameters)) {
                    throw new DatabaseException("the dataset of schema " + schema + " was replaced during the load");
                }
                if (!m.complete()) {
                    finish(store, options, listener, streamed, hypertable ? timescale : null);
                }
            } catch (Throwable failure) {
                unlockAfter(lockSession, failure);
                throw failure;
            }
            DatasetStore.unlockLoad(lockSession, schema);
            reportTimescale(listener);
            return new Result(Outcome.LOADED, sent[0], chunksLoaded, chunks.rows(), sent[1]);
        } catch (java.sql.SQLException | org.jooq.exception.DataAccessException e) {
            throw new DatabaseException("database error: " + ConnectionPool.rootMessage(e), e);
        }
    }

    /**
     * The parameters this load is to leave in the schema: the requested ones; or, when the schema holds the same
     * dataset to an earlier end and the model's rows do not depend on the range, that dataset extended to the
     * requested end (or already extended to it). Anything else is left to {@link #prepare} to refuse or replace.
     */
    static DatasetParameters target(DatasetParameters requested, String storedText, org.fleetgen.model.Model model) {
        if (storedText == null) {
            return requested;
        }
        DatasetParameters stored;
        try {
            stored = DatasetParameters.parse(storedText);
        } catch (ConfigException e) {
            return requested;
        }
        if (stored.asRequested().canonical().equals(requested.canonical())) {
            return stored;
        }
        java.time.LocalDate end = requested.generation().end();
        java.time.LocalDate storedEnd = stored.generation().end();
        DatasetParameters storedToEnd = new DatasetParameters(stored.generation().toBuilder().end(end).build(), stored.chunkRows());
        if (!end.isAfter(storedEnd) || !storedToEnd.canonical().equals(requested.canonical())) {
            return requested;
        }
        if (!model.appendable()) {
            throw new ConfigException("end", end, "the schema holds this " + model.name() + " dataset to " + storedEnd + " and the "
                    + model.name() + " model cannot extend it: its growth is spread over the whole range, so every earlier row would "
                    + "change; load the longer range anew with --replace, or use --model realistic");
        }
        return stored.extendedTo(end);
    }

    /**
     * Releases the schema's lock after {@code failure}, which the caller rethrows: when the connection broke, the
     * unlock fails too (the server released the lock with the session), and that second error must not hide the first.
     */
    private void unlockAfter(DSLContext lockSession, Throwable failure) {
        try {
            DatasetStore.unlockLoad(lockSession, schema);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Tells the listener how the dataset is stored on TimescaleDB; nothing on plain PostgreSQL. */
    private void reportTimescale(LoadListener listener) {
        Hypertable.Recorded r = Hypertable.recorded(pool.dsl());
        if (r != null) {
            listener.timescale(r.extensionVersion(), r.chunkInterval(), r.compressed());
        }
    }

    private void lock(DSLContext lockSession, LoadListener listener) {
        if (!DatasetStore.tryLockLoad(lockSession, schema)) {
            listener.waitingForLock(schema);
            DatasetStore.lockLoad(lockSession, schema);
        }
    }

    /** The partitions of {@code mine} whose chunks the ledger lacks (read now; a claim checks again). */
    private List<Partition> missing(List<Partition> mine) throws DatabaseException {
        BitSet done = new DatasetStore(pool.dsl()).loadedChunks();
        List<Partition> out = new ArrayList<>();
        for (Partition p : mine) {
            if (!done.get(p.chunks().get(0).number())) {
                out.add(p);
            }
        }
        return out;
    }

    private void finish(DatasetStore store, Options options, LoadListener listener, StreamedAnswers streamed, Hypertable.Extension timescale)
            throws DatabaseException {
        AnalyticsViews views = new AnalyticsViews(pool);
        if (timescale != null) {
            // The key first: the answers and the continuous aggregates read the hypertable by it.
            Hypertable.buildKey(pool.dsl());
        }
        views.storeRiskThresholds(options.risk());
        if (options.refreshViews()) {
            // Every partition came keyed and analyzed; what is left is the answers: computed as the rows were
            // generated when this load wrote the whole dataset, else from the rollups, on every core.
            listener.refreshing();
            if (streamed != null && new Rollups(pool).writeStreamed(streamed)) {
                listener.answersFrom("rows");
            } else {
                views.update(options.workers());
                listener.answersFrom("rollups");
            }
        }
        if (timescale != null) {
            Hypertable.finishLoad(pool.dsl(), timescale, options.refreshViews(), options.timescale().compress());
        }
        store.finish();
    }

    /**
     * Answers computed as the rows are generated, for a load that writes a new dataset whole (every partition,
     * no shard, no extension) and whose kept values fit in a quarter of the heap; null otherwise (the answers
     * then come from the rollups at the end).
     */
    private StreamedAnswers streamed(Dataset dataset, Options options, ChunkPlan chunks, List<Partition> mine, DatasetParameters extendsFrom)
            throws DatabaseException {
        if (!options.refreshViews() || options.finishOnly() || !options.shard().whole() || extendsFrom != null
                || mine.size() != chunks.partitions().size() || missing(mine).size() != mine.size()) {
            return null;
        }
        int[] servers = dataset.servers();
        String[] types = new String[servers.length == 0 ? 0 : servers[servers.length - 1] + 1];
        java.util.Map<String, Integer> perType = new java.util.TreeMap<>();
        for (int s : servers) {
            types[s] = dataset.fleet().server(s).type();
            perType.merge(types[s], 1, Integer::sum);
        }
        if (StreamedAnswers.bytesNeeded(dataset.grid(), perType) > Runtime.getRuntime().maxMemory() / 4) {
            return null;
        }
        boolean[][] effects = new boolean[dataset.grid().dayCount()][];
        for (int d = 0; d < effects.length; d++) {
            org.fleetgen.model.DayEffects e = dataset.scenario().dayEffects(d);
            effects[d] = new boolean[] {e.inQuarterEndWindow(), e.isModelHoliday()};
        }
        return new StreamedAnswers(dataset.grid(), types, effects, options.risk().windowDays());
    }

    /**
     * Under the schema's lock: checks the manifest against these parameters (replacing the dataset if asked),
     * writes a new one with the reference tables, and returns the result when the dataset is complete
     * already; null when there is loading or finishing to do.
     */
    private Result prepare(Dataset dataset, Options options, LoadListener listener, ChunkPlan chunks, String parameters,
                           DatasetParameters extendsFrom, List<Partition> mine, Hypertable.Extension timescale) throws DatabaseException {
        GenerationConfig config = dataset.config();
        DatasetStore store = new DatasetStore(pool.dsl());
        DatasetManifest manifest = store.manifest();
        if (manifest == null && options.finishOnly()) {
            throw new DatabaseException("schema " + schema + " holds no dataset to finish");
        }
        if (manifest != null && extendsFrom != null && manifest.parameters().equals(extendsFrom.canonical())) {
            if (!manifest.complete()) {
                throw new ConfigException("end", config.end(), "the schema's dataset to " + manifest.endDate()
                        + " is not completely loaded yet; finish it first (rerun the load with --end " + manifest.endDate() + ")");
            }
            if (options.finishOnly() || !options.shard().whole()) {
                throw new ConfigException("end", config.end(), "extending a dataset to a later end takes one whole load, not a shard or --finish");
            }
            listener.extending(manifest.endDate(), config.end());
            try {
                pool.dsl().transaction(cfg -> {
                    DSLContext tx = DSL.using(cfg);
                    DatasetStore.extendManifest(tx, parameters, config.end(), chunks.rows(), chunks.chunks().size());
                    ReferenceTables.extend(tx, dataset, extendsFrom.generation().end(), pool.copyFromStdin());
                });
            } catch (RuntimeException e) {
                throw new DatabaseException("cannot record the extension: " + ConnectionPool.rootMessage(e), e);
            }
            manifest = store.manifest();
        }
        if (manifest != null && (options.replace() || !manifest.parameters().equals(parameters))) {
            if (!options.replace()) {
                throw new OtherDataset(schema, manifest.parameters());
            }
            store.clear();
            manifest = null;
        }
        if (manifest != null) {
            requireLayout(options, timescale);
        }
        AnalyticsViews views = new AnalyticsViews(pool);
        if (manifest != null && manifest.complete()) {
            listener.planned(chunks.rows(), chunks.chunks().size(), chunks.rows(), chunks.chunks().size());
            // New thresholds, or views re-created by an upgrade, need a refresh; the data does not.
            if ((views.storeRiskThresholds(options.risk()) || !views.populated()) && options.refreshViews()) {
                listener.refreshing();
                views.update(options.workers());
            }
            if (timescale != null && Hypertable.is(pool.dsl())) {
                // Compression asked for on a complete dataset, or views an upgrade re-pointed: done now, the rest is a no-op.
                Hypertable.repointViews(pool.dsl());
                Hypertable.finishLoad(pool.dsl(), timescale, options.refreshViews(), options.timescale().compress());
            }
            reportTimescale(listener);
            return new Result(Outcome.ALREADY_COMPLETE, 0, 0, chunks.rows(), 0);
        }
        if (manifest == null) {
            DatasetManifest m = new DatasetManifest(dataset.model().name(), options.fleetgenVersion(), parameters, config.seed(), config.servers(),
                    config.start(), config.end(), config.granularity().label(), chunks.rows(), chunks.chunks().size(), null, null);
            try {
                java.time.Duration interval = options.timescale().chunkInterval(config.granularity());
                pool.dsl().transaction(cfg -> {
                    DSLContext tx = DSL.using(cfg);
                    if (timescale != null) {
                        // The dataset's layout is chosen with its manifest, in the same transaction.
                        Hypertable.create(tx, timescale, interval);
                        Hypertable.record(tx, timescale, interval, false);
                    }
                    DatasetStore.writeManifest(tx, m);
                    ReferenceTables.write(tx, dataset, pool.copyFromStdin());
                });
            } catch (RuntimeException e) {
                throw new DatabaseException("cannot write the dataset manifest: " + ConnectionPool.rootMessage(e), e);
            }
        }
        BitSet done = store.loadedChunks();
        long already = 0;
        int chunksDone = 0;
        long rows = 0;
        int chunkCount = 0;
        for (Partition p : chunks.partitions()) {
            int in = 0;
            for (Chunk c : p.chunks()) {
                in += done.get(c.number()) ? 1 : 0;
            }
            if (in != 0 && in != p.chunks().size()) {
                // Only a load by a fleetgen from before partitions (one transaction a chunk) leaves a partition in part.
                throw new ConfigException("schema", schema, "holds a dataset that an earlier fleetgen version loaded in part; "
                        + "load it anew with --replace");
            }
            if (mine.contains(p)) {
                rows += p.rows();
                chunkCount += p.chunks().size();
                if (in > 0) {
                    already += p.rows();
                    chunksDone += in;
                }
            }
        }
        listener.planned(rows, chunkCount, already, chunksDone);
        return null;
    }

    /**
     * A dataset keeps the layout it was loaded with: asked for TimescaleDB (or not) explicitly, a dataset in the other
     * layout is refused, since rows cannot move between the two without a new load.
     */
    private void requireLayout(Options options, Hypertable.Extension timescale) {
        boolean hypertable = Hypertable.isHypertable(pool.dsl());
        if (hypertable && timescale != null) {
            Hypertable.repointViews(pool.dsl());
        }
        if (options.timescale().use() == org.fleetgen.config.Timescale.Use.ON && !hypertable) {
            throw new ConfigException(org.fleetgen.config.Timescale.FIELD, true, "schema " + schema + " holds this dataset in plain PostgreSQL "
                    + "tables; load it anew with --replace to make server_metrics a hypertable");
        }
        if (options.timescale().use() == org.fleetgen.config.Timescale.Use.OFF && hypertable) {
            throw new ConfigException(org.fleetgen.config.Timescale.FIELD, false, "schema " + schema + " holds this dataset in a TimescaleDB "
                    + "hypertable; load it anew with --replace to keep it in plain tables");
        }
    }

    /**
     * Loads partitions on the workers, each claimed first: without {@code wait}, a partition another process
     * holds is skipped and added to {@code held}; with it, the claim waits for that process. A partition the
     * ledger already lists is skipped either way. Returns {rows loaded, bytes sent}.
     */
    private long[] loadPartitions(Dataset dataset, List<Partition> todo, boolean wait, Options options, LoadListener listener,
                                  List<Partition> held, List<Partition> loaded, StreamedAnswers streamed, boolean hypertable)
            throws DatabaseException, SinkException {
        if (todo.isEmpty()) {
            return new long[] {0, 0};
        }
        FleetSimulator simulator = dataset.simulator(1);
        ConcurrentLinkedQueue<Partition> partitions = new ConcurrentLinkedQueue<>(todo);
        AtomicLong rows = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        // No more workers than partitions: each opens a connection before it takes one.
        Exception e = Parallel.drain(Math.min(options.workers(), todo.size()), "fleetgen-load", partitions, next -> {
            try (SampleSink<Object> sink = openSink(options.method(), options.distributed() ? MetricsPartitions.Layout.PARTITION_OF
                    : hypertable ? MetricsPartitions.Layout.HYPERTABLE : MetricsPartitions.Layout.ATTACH)) {
                StreamedAnswers.Worker answers = streamed == null ? null : streamed.worker();
                if (answers != null) {
                    // The answers read each rollup row the sink builds: every value is rounded to hundredths once.
                    sink.alsoRollupsTo(answers::row);
                }
                Partition p;
                while ((p = next.get()) != null) {
                    if (!sink.claim(p, wait)) {
                        if (!wait) {
                            held.add(p);
                        }
                        continue;
                    }
                    FleetSimulator.ChunkVisitor<Object> visitor = SinkVisitor.into(sink, List.of(p), chunk -> {
                        rows.addAndGet(chunk.rows());
                        listener.chunkLoaded(chunk);
                    });
                    for (List<Chunk> run : FleetSimulator.runs(p.chunks())) {
                        simulator.generate(run, sink::encode, visitor);
                    }
                    if (answers != null) {
                        answers.committed(p.chunks());
                    }
                    loaded.add(p);
                }
                bytes.addAndGet(sink.bytesWritten());
            }
        });
        if (e instanceof SinkException se) {
            throw se;
        } else if (e instanceof DatabaseException de) {
            throw de;
        } else if (e != null) {
            throw new SinkException("load failed: " + ConnectionPool.rootMessage(e), e);
        }
        return new long[] {rows.get(), bytes.get()};
    }

    @SuppressWarnings("unchecked")
    private SampleSink<Object> openSink(LoadMethod method, MetricsPartitions.Layout layout) throws DatabaseException, SinkException {
        java.sql.Connection c = pool.connection();
        try {
            return (SampleSink<Object>) (SampleSink<?>) (method == LoadMethod.COPY ? new CopySink(c, layout) : new JooqSink(c, layout));
        } catch (SinkException e) {
            try {
                c.close();
            } catch (java.sql.SQLException ignored) {
                // Already failing; the pool discards a broken connection.
            }
            throw e;
        }
    }
}
