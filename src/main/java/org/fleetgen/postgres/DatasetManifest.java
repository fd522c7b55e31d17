package org.fleetgen.postgres;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * What a schema holds: the parameters a dataset was generated with and how far its load got.
 *
 * @param parameters  canonical text of every parameter that determines the rows and their chunking;
 *                    two loads with equal text produce the same table
 * @param completedAt when every chunk was in and the indexes were built; null while loading
 */
public record DatasetManifest(String model, String fleetgenVersion, String parameters, long seed, int servers,
                              LocalDate startDate, LocalDate endDate, String granularity, long expectedRows,
                              int chunkCount, OffsetDateTime createdAt, OffsetDateTime completedAt) {
    public boolean complete() {
        return completedAt != null;
    }
}
