package org.fleetgen.api;

/**
 * What a load reports while it runs, for a progress display; every method is optional. Chunks are
 * reported from the loader's worker threads, as they commit.
 */
public interface LoadProgress {
    /** Another load holds the schema; this one waits for it. */
    default void waitingForLock(String schema) {
    }

    /** Before anything is written: rows still to load and about how many bytes of table and index they take. */
    default void estimated(long rowsToLoad, long bytes) {
    }

    /** The dataset's rows and chunks, and how many of them earlier loads already committed. */
    default void planned(long totalRows, int totalChunks, long rowsAlreadyLoaded, int chunksAlreadyLoaded) {
    }

    /** A chunk of {@code rows} rows committed (any thread). */
    default void chunkLoaded(long rows) {
    }

    /**
     * The schema holds this dataset to the earlier end {@code from}, and the model can extend it: the days after
     * it are being added, the rows before stay as they are.
     */
    default void extending(java.time.LocalDate from, java.time.LocalDate to) {
    }

    /** Every row is in; the analytics views' answers are being computed. */
    default void refreshing() {
    }

    /**
     * Where the views' answers came from: {@code "rows"}, computed as this load generated its rows (a new
     * dataset loaded whole by one process), or {@code "rollups"}, from the rollups of the chunks that were new.
     *
     * @param source {@code "rows"} or {@code "rollups"}
     */
    default void answersFrom(String source) {
    }

    /**
     * Called at the end of a load whose dataset is a TimescaleDB hypertable (not on plain PostgreSQL).
     *
     * @param extensionVersion the timescaledb extension's version
     * @param chunkInterval    the hypertable's chunk interval, as {@code 7d} or {@code 12h}
     * @param compressed       whether the loaded chunks were compressed
     */
    default void timescale(String extensionVersion, String chunkInterval, boolean compressed) {
    }
}
