package org.fleetgen.api;

/**
 * What a load did.
 *
 * @param outcome     whether rows were loaded, the dataset was already complete (nothing written), or this
 *                    load filled its shard while others are still missing
 * @param rowsLoaded  rows written by this load (a resumed load writes only what was missing)
 * @param totalRows   rows in the dataset
 * @param bytesSent   bytes of row data sent to the server
 */
public record LoadResult(Outcome outcome, long rowsLoaded, int chunksLoaded, long totalRows, long bytesSent, double seconds) {
    /** How a load ended. */
    public enum Outcome { LOADED, ALREADY_COMPLETE, SHARD_LOADED }

    /** True when the schema already held this dataset, complete: nothing was written. */
    public boolean alreadyComplete() {
        return outcome == Outcome.ALREADY_COMPLETE;
    }
}
