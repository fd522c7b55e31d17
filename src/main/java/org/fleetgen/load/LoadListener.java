package org.fleetgen.load;

import org.fleetgen.sample.Chunk;

/** Hears how a load goes, for progress output. {@link #chunkLoaded} is called from worker threads. */
public interface LoadListener {
    default void waitingForLock(String schema) {
    }

    /** Before anything is written: the rows still to load and the table and index space they will take. */
    default void estimated(long rowsToLoad, long bytes) {
    }

    default void planned(long totalRows, int totalChunks, long rowsAlreadyLoaded, int chunksAlreadyLoaded) {
    }

    default void chunkLoaded(Chunk chunk) {
    }

    /** The schema's dataset is being extended from its end {@code from} to {@code to}: only the new days load. */
    default void extending(java.time.LocalDate from, java.time.LocalDate to) {
    }

    default void refreshing() {
    }

    /**
     * Where the views' answers came from: {@code "rows"}, computed as this load generated them (a new dataset
     * loaded whole), or {@code "rollups"}, from the rollups of the new chunks.
     */
    default void answersFrom(String source) {
    }

    /** The dataset is a TimescaleDB hypertable: the extension's version, the chunk interval ("7d"), whether compressed. */
    default void timescale(String extensionVersion, String chunkInterval, boolean compressed) {
    }
}
