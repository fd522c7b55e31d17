package org.fleetgen.api;

import java.util.function.LongConsumer;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Shard;
import org.fleetgen.load.DatasetLoader;
import org.fleetgen.simulation.ChunkPlan;

/**
 * How to load, as the CLI's flags: {@code workers} parallel connections (default: one per core),
 * {@code replace} another dataset already in the schema, {@code refreshViews} (compute the analytics
 * views' answers at the end; default true), {@code chunkRows} (the largest chunk; default 100,000), the
 * {@code method} (binary COPY, or jOOQ INSERTs), the risk thresholds the views use, a {@code shard} of the
 * dataset's partitions for one of several processes, {@code finishOnly} (complete a dataset whose shards
 * are all in), {@code distributed} (Citus), a {@link LoadProgress} and a space check. Immutable: each
 * {@code with} method returns a copy.
 */
public final class LoadOptions {
    /** Binary COPY (the default, fastest) or jOOQ multi-row INSERTs. */
    public enum Method { COPY, JOOQ }

    private final int workers;
    private final boolean replace;
    private final boolean refreshViews;
    private final int chunkRows;
    private final Method method;
    private final RiskThresholds risk;
    private final Shard shard;
    private final boolean finishOnly;
    private final boolean distributed;
    private final LoadProgress progress;
    private final LongConsumer spaceCheck;

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

    public static LoadOptions defaults() {
        return new LoadOptions(DatasetLoader.defaultWorkers(), false, true, ChunkPlan.DEFAULT_CHUNK_ROWS, Method.COPY, RiskThresholds.DEFAULTS,
                Shard.WHOLE, false, false, new LoadProgress() { }, bytes -> { });
    }

    public LoadOptions withWorkers(int n) {
        if (n < 1 || n > DatasetLoader.MAX_WORKERS) {
            throw bad(new ConfigException("workers", n, "must be an integer from 1 to " + DatasetLoader.MAX_WORKERS));
        }
        return new LoadOptions(n, replace, refreshViews, chunkRows, method, risk, shard, finishOnly, distributed, progress, spaceCheck);
    }

    public LoadOptions withReplace(boolean v) {
        return new LoadOptions(workers, v, refreshViews, chunkRows, method, risk, shard, finishOnly, distributed, progress, spaceCheck);
    }

    public LoadOptions withRefreshViews(boolean v) {
        return new LoadOptions(workers, replace, v, chunkRows, method, risk, shard, finishOnly, distributed, progress, spaceCheck);
    }

    public LoadOptions withChunkRows(int n) {
        if (n < 1) {
            throw bad(new ConfigException("chunk_rows", n, "must be a positive integer"));
        }
        return new LoadOptions(workers, replace, refreshViews, n, method, risk, shard, finishOnly, distributed, progress, spaceCheck);
    }

    public LoadOptions withMethod(Method m) {
        return new LoadOptions(workers, replace, refreshViews, chunkRows, m, risk, shard, finishOnly, distributed, progress, spaceCheck);
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
        return new LoadOptions(workers, replace, refreshViews, chunkRows, method, r, shard, finishOnly, distributed, progress, spaceCheck);
    }

    /** Only shard {@code index} (from 0) of {@code count} of the dataset's partitions; the load that commits the last one finishes the dataset. */
    public LoadOptions withShard(int index, int count) {
        Shard s;
        try {
            s = new Shard(index, count);
        } catch (ConfigException e) {
            throw bad(e);
        }
        return new LoadOptions(workers, replace, refreshViews, chunkRows, method, risk, s, finishOnly, distributed, progress, spaceCheck);
    }

    public LoadOptions withFinishOnly(boolean v) {
        return new LoadOptions(workers, replace, refreshViews, chunkRows, method, risk, shard, v, distributed, progress, spaceCheck);
    }

    public LoadOptions withDistributed(boolean v) {
        return new LoadOptions(workers, replace, refreshViews, chunkRows, method, risk, shard, finishOnly, v, progress, spaceCheck);
    }

    public LoadOptions withProgress(LoadProgress p) {
        return new LoadOptions(workers, replace, refreshViews, chunkRows, method, risk, shard, finishOnly, distributed,
                p == null ? new LoadProgress() { } : p, spaceCheck);
    }

    /**
     * Called with the estimated bytes of table and index still to write, before anything is written; it
     * refuses the load by throwing (an {@link IllegalArgumentException} reaches the caller as it is).
     */
    public LoadOptions withSpaceCheck(LongConsumer check) {
        return new LoadOptions(workers, replace, refreshViews, chunkRows, method, risk, shard, finishOnly, distributed, progress,
                check == null ? bytes -> { } : check);
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
                    replace, chunkRows, version, risk, refreshViews, spaceCheck::accept, shard, finishOnly, distributed);
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

    LoadProgress progress() {
        return progress;
    }

    LongConsumer spaceCheck() {
        return spaceCheck;
    }
}
