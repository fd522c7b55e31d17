package org.fleetgen.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.TimeGrid;

/**
 * A dataset cut into chunks: for each generated server in fleet order, consecutive time ranges of at
 * most {@code chunkRows} rows, cut at day boundaries, numbered from 0. The cut depends only on the
 * servers, the grid and {@code chunkRows}, so a rerun finds the same chunks.
 */
public final class ChunkPlan {
    public static final int DEFAULT_CHUNK_ROWS = 100_000;

    private final List<Chunk> chunks;

    public ChunkPlan(int[] servers, TimeGrid grid, int chunkRows) {
        if (chunkRows < 1) {
            throw new ConfigException("chunk_rows", chunkRows, "must be a positive integer");
        }
        int stampsPerDay = grid.granularity() == Granularity.HOURLY ? 24 : 1;
        int step = Math.max(stampsPerDay, chunkRows / stampsPerDay * stampsPerDay);
        List<Chunk> out = new ArrayList<>();
        int number = 0;
        for (int s : servers) {
            for (int from = 0; from < grid.size(); from += step) {
                out.add(new Chunk(number++, s, from, Math.min(grid.size(), from + step)));
            }
        }
        this.chunks = Collections.unmodifiableList(out);
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    public long rows() {
        long n = 0;
        for (Chunk c : chunks) {
            n += c.rows();
        }
        return n;
    }
}
