package org.fleetgen.api;

/**
 * How to load, as the CLI's flags: {@code workers} parallel connections (default: one per core),
 * {@code replace} another dataset already in the schema, {@code refreshViews} (compute the
 * analytics views' answers at the end; default true), {@code chunkRows} (the largest chunk; default 100,000).
 * Immutable: each {@code with} method returns a copy.
 */
public final class LoadOptions {
    private final int workers;
    private final boolean replace;
    private final boolean refreshViews;
    private final int chunkRows;

    private LoadOptions(int workers, boolean replace, boolean refreshViews, int chunkRows) {
        this.workers = workers;
        this.replace = replace;
        this.refreshViews = refreshViews;
        this.chunkRows = chunkRows;
    }

    public static LoadOptions defaults() {
        return new LoadOptions(org.fleetgen.load.DatasetLoader.defaultWorkers(), false, true,
                org.fleetgen.simulation.ChunkPlan.DEFAULT_CHUNK_ROWS);
    }

    public LoadOptions withWorkers(int n) {
        if (n < 1 || n > org.fleetgen.load.DatasetLoader.MAX_WORKERS) {
            throw new IllegalArgumentException("workers: " + n + " must be an integer from 1 to " + org.fleetgen.load.DatasetLoader.MAX_WORKERS);
        }
        return new LoadOptions(n, replace, refreshViews, chunkRows);
    }

    public LoadOptions withReplace(boolean v) {
        return new LoadOptions(workers, v, refreshViews, chunkRows);
    }

    public LoadOptions withRefreshViews(boolean v) {
        return new LoadOptions(workers, replace, v, chunkRows);
    }

    public LoadOptions withChunkRows(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunkRows: " + n + " must be a positive integer");
        }
        return new LoadOptions(workers, replace, refreshViews, n);
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
}
