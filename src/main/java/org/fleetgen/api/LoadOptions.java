package org.fleetgen.api;

import java.util.function.LongConsumer;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Shard;
import org.fleetgen.config.Timescale;
import org.fleetgen.load.DatasetLoader;
import org.fleetgen.simulation.ChunkPlan;

/**
 * How to load, as the CLI's flags: {@code workers} parallel connections (default: one per core),
 * {@code replace} another dataset already in the schema, {@code refreshViews} (compute the analytics
 * views' answers at the end; default true), {@code chunkRows} (the largest chunk; default 100,000), the
 * {@code method} (binary COPY, or jOOQ INSERTs), the risk thresholds the views use, a {@code shard} of the
 * dataset's partitions for one of several processes, {@code finishOnly} (complete a dataset whose shards
 * are all in), {@code distributed} (Citus), TimescaleDB's use, a single connection, a {@link LoadProgress} and a space check. Immutable: each
 * {@code with} method returns a copy.
 */
public final class LoadOptions {
    /** Binary COPY (the default, fastest) or jOOQ multi-row INSERTs. */
    public enum Method { COPY, JOOQ }

    // Written only by the constructors and, on a fresh copy, by the with methods: the object is immutable once returned.
    private int workers;
    private boolean replace;
    private boolean refreshViews;
    private int chunkRows;
    private Method method;
    private RiskThresholds risk;
    private Shard shard;
    private boolean finishOnly;
    private boolean distributed;
    private Timescale timescale = Timescale.DEFAULTS;
    private boolean singleConnection;
    private LoadProgress progress;
    private LongConsumer spaceCheck;

    private LoadOptions(int workers, boolean replace, boolean refreshViews, int chunkRows, Method method, RiskThresholds risk, Shard shard,
                        boolean finishOnly, boolean distributed, LoadProgress progress, LongConsumer spaceCheck) {
        this.workers = workers;
        this.replace = replace;
        this.refreshViews = refreshViews;
        this.chunkRows = chunkRows;
        this.method = method;
        this.risk = risk;
        this.shard = shard;
        this.finishOnly = finishOnly;
        this.distributed = distributed;
        this.progress = progress;
        this.spaceCheck = spaceCheck;
    }

    private LoadOptions copy() {
        LoadOptions c = new LoadOptions(workers, replace, refreshViews, chunkRows, method, risk, shard, finishOnly, distributed, progress, spaceCheck);
        c.timescale = timescale;
        c.singleConnection = singleConnection;
        return c;
    }

    public static LoadOptions defaults() {
        return new LoadOptions(DatasetLoader.defaultWorkers(), false, true, ChunkPlan.DEFAULT_CHUNK_ROWS, Method.COPY, RiskThresholds.DEFAULTS,
                Shard.WHOLE, false, false, new LoadProgress() { }, bytes -> { });
    }

    public LoadOptions withWorkers(int n) {
        if (n < 1 || n > DatasetLoader.MAX_WORKERS) {
            throw bad(new ConfigException("workers", n, "must be an integer from 1 to " + DatasetLoader.MAX_WORKERS));
        }
        LoadOptions c = copy();
        c.workers = n;
        return c;
    }

    public LoadOptions withReplace(boolean v) {
        LoadOptions c = copy();
        c.replace = v;
        return c;
    }

    public LoadOptions withRefreshViews(boolean v) {
        LoadOptions c = copy();
        c.refreshViews = v;
        return c;
    }

    public LoadOptions withChunkRows(int n) {
        if (n < 1) {
            throw bad(new ConfigException("chunk_rows", n, "must be a positive integer"));
        }
        LoadOptions c = copy();
        c.chunkRows = n;
        return c;
    }

    public LoadOptions withMethod(Method m) {
        LoadOptions c = copy();
        c.method = m;
        return c;
    }

    /**
     * The thresholds {@code server_capacity_risk} applies: its window in days, the high and very high risk
     * levels of the largest p95 and the mean cpu below which a server is underutilised (defaults 90, 80, 90, 40).
     */
    public LoadOptions withRisk(int windowDays, double highRisk, double veryHighRisk, double underutilized) {
        RiskThresholds r;
        try {
            r = new RiskThresholds(windowDays, highRisk, veryHighRisk, underutilized);
        } catch (ConfigException e) {
            throw bad(e);
        }
        LoadOptions c = copy();
        c.risk = r;
        return c;
    }

    /** Only shard {@code index} (from 0) of {@code count} of the dataset's partitions; the load that commits the last one finishes the dataset. */
    public LoadOptions withShard(int index, int count) {
        Shard s;
        try {
            s = new Shard(index, count);
        } catch (ConfigException e) {
            throw bad(e);
        }
        LoadOptions c = copy();
        c.shard = s;
        return c;
    }

    public LoadOptions withFinishOnly(boolean v) {
        LoadOptions c = copy();
        c.finishOnly = v;
        return c;
    }

    public LoadOptions withDistributed(boolean v) {
        LoadOptions c = copy();
        c.distributed = v;
        return c;
    }

    /**
     * TimescaleDB: {@code use} "auto" (a hypertable when the target has the timescaledb extension; the default),
     * "on" (required) or "off"; {@code chunkInterval} the hypertable's chunk interval ("7d", "12h"; null for the
     * rule: 7 days for hourly data, 364 for daily); {@code compress} the loaded chunks at the end.
     */
    public LoadOptions withTimescale(String use, String chunkInterval, boolean compress) {
        Timescale.Use u;
        try {
            u = Timescale.Use.valueOf(use == null ? "AUTO" : use.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(new ConfigException(Timescale.FIELD, use, "must be auto, on or off"));
        }
        try {
            LoadOptions c = copy();
            c.timescale = new Timescale(u, chunkInterval == null ? null : Timescale.parseInterval(Timescale.INTERVAL_FIELD, chunkInterval), compress);
            return c;
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    /**
     * Every statement of the load on one database connection, for targets that take one connection at a time (a
     * pooler's single slot, an embedded engine); one worker then, and the views' answers on one thread.
     */
    public LoadOptions withSingleConnection(boolean v) {
        LoadOptions c = copy();
        c.singleConnection = v;
        return c;
    }

    public LoadOptions withProgress(LoadProgress p) {
        LoadOptions c = copy();
        c.progress = p == null ? new LoadProgress() { } : p;
        return c;
    }

    /**
     * Called with the estimated bytes of table and index still to write, before anything is written; it
     * refuses the load by throwing (an {@link IllegalArgumentException} reaches the caller as it is).
     */
    public LoadOptions withSpaceCheck(LongConsumer check) {
        LoadOptions c = copy();
        c.spaceCheck = check == null ? bytes -> { } : check;
        return c;
    }

    /**
     * These options, checked together (a shard with replace, finishOnly with replace): an
     * {@link IllegalArgumentException} naming the option, before anything is connected.
     */
    public LoadOptions checked() {
        options("check");
        return this;
    }

    /** The loader's options; {@code version} is what the manifest records. */
    DatasetLoader.Options options(String version) {
        try {
            return new DatasetLoader.Options(workers, method == Method.JOOQ ? org.fleetgen.load.LoadMethod.JOOQ : org.fleetgen.load.LoadMethod.COPY,
                    replace, chunkRows, version, risk, refreshViews, spaceCheck::accept, shard, finishOnly, distributed, timescale,
                    singleConnection);
        } catch (ConfigException e) {
            throw bad(e);
        }
    }

    /** Bad input keeps its field and value as the cause, for callers that name their own flags (the CLI). */
    private static IllegalArgumentException bad(ConfigException e) {
        return new IllegalArgumentException(e.getMessage(), e);
    }

    public int workers() {
        return workers;
    }

    public boolean replace() {
        return replace;
    }

    public boolean refreshViews() {
        return refreshViews;
    }

    public int chunkRows() {
        return chunkRows;
    }

    public Method method() {
        return method;
    }

    RiskThresholds risk() {
        return risk;
    }

    Shard shard() {
        return shard;
    }

    boolean finishOnly() {
        return finishOnly;
    }

    boolean distributed() {
        return distributed;
    }

    Timescale timescale() {
        return timescale;
    }

    public boolean singleConnection() {
        return singleConnection;
    }

    LoadProgress progress() {
        return progress;
    }

    LongConsumer spaceCheck() {
        return spaceCheck;
    }
}
