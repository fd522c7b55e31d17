package org.fleetgen.api;

import java.util.List;

/**
 * What a verification found: {@link #ok()} when the load is complete and every chunk's rows (and their
 * rollups) are exactly those of the dataset, with no row outside the dataset's chunks.
 *
 * @param parameters  the dataset's canonical parameters, from its manifest
 * @param chunks      chunks checked
 * @param differences the chunks that differ, in chunk order
 */
public record VerifyResult(String parameters, boolean complete, int chunks, long expectedRows, long rowsFound, long rowsOutsideChunks,
                           List<Difference> differences) {
    /**
     * A chunk whose stored rows, or whose rollup, differ from what the dataset generates.
     *
     * @param rollup      true when the rows are right but the chunk's rollup does not describe them
     * @param from        the chunk's first time stamp; {@code to} its last
     * @param description one line, as {@code fleetgen verify} prints it
     */
    public record Difference(int chunk, boolean rollup, String serverId, String from, String to, long rows, long expectedRows,
                             String description) {
    }

    public VerifyResult {
        differences = List.copyOf(differences);
    }

    public boolean ok() {
        return complete && differences.isEmpty() && rowsOutsideChunks == 0 && rowsFound == expectedRows;
    }
}
