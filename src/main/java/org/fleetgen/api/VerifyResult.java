package org.fleetgen.api;

import java.util.List;

/**
 * What a verification found: {@link #ok()} when the load is complete and every chunk's rows (and their
 * rollups) are exactly those of the dataset, with no row outside the dataset's chunks.
 *
 * @param differences one line per differing chunk, as {@code fleetgen verify} prints them
 */
public record VerifyResult(boolean complete, long expectedRows, long rowsFound, long rowsOutsideChunks, List<String> differences) {
    public VerifyResult {
        differences = List.copyOf(differences);
    }

    public boolean ok() {
        return complete && differences.isEmpty() && rowsOutsideChunks == 0 && rowsFound == expectedRows;
    }
}
