package org.fleetgen.api;

/**
 * What a load did.
 *
 * @param alreadyComplete true when the schema already held this dataset, complete: nothing was written
 * @param rowsLoaded      rows written by this load (a resumed load writes only what was missing)
 * @param totalRows       rows in the dataset
 */
public record LoadResult(boolean alreadyComplete, long rowsLoaded, int chunksLoaded, long totalRows, double seconds) {
}
