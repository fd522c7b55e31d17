package org.fleetgen.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.TimeGrid;

/**
 * A dataset cut into chunks: for each generated server in fleet order, consecutive time ranges of at
 * most {@code chunkRows} rows, cut at day boundaries, numbered from 0. The cut depends only on the
 * servers, the grid and {@code chunkRows}, so a rerun finds the same chunks.
 */
public final class ChunkPlan {
    public static final int DEFAULT_CHUNK_ROWS = 100_000;
    /**
     * A partition holds whole servers, as few as make at least this many chunks' worth of rows (500,000 rows
     * at the default chunk size): large enough that a table, its key and its attachment cost little per
     * row, small enough that two workers end together and a kill loses little work.
     */
    public static final int PARTITION_CHUNKS = 5;

    private final List<Chunk> chunks;
    private final List<Partition> partitions;

    public ChunkPlan(int[] servers, TimeGrid grid, int chunkRows) {
        this(servers, grid, chunkRows, new int[0]);
    }

    /**
     * The plan of a dataset extended from earlier ends: {@code earlierSizes} are the stamp counts of the grids it
     * was loaded to before (ascending, below the grid's size). The stamps up to the first are cut as a plan of
     * that grid alone; each later run of stamps, {@code [earlierSizes[k], next)}, is cut the same way into chunks
     * numbered after all earlier ones, and grouped by the first plan's partitions' servers, into the same
     * partition numbers, marked {@link Partition#extension()}: rows added to tables the first load created.
     */
    public ChunkPlan(int[] servers, TimeGrid grid, int chunkRows, int[] earlierSizes) {
        if (chunkRows < 1) {
            throw new ConfigException("chunk_rows", chunkRows, "must be a positive integer");
        }
        int[] bounds = new int[earlierSizes.length + 2];
        for (int k = 0; k < earlierSizes.length; k++) {
            bounds[k + 1] = earlierSizes[k];
            if (earlierSizes[k] <= bounds[k] || earlierSizes[k] >= grid.size()) {
                throw new IllegalArgumentException("earlier grid sizes must ascend below " + grid.size() + ": " + java.util.Arrays.toString(earlierSizes));
            }
        }
        bounds[bounds.length - 1] = grid.size();
        int stampsPerDay = grid.granularity() == Granularity.HOURLY ? 24 : 1;
        int step = Math.max(stampsPerDay, chunkRows / stampsPerDay * stampsPerDay);
        long target = (long) PARTITION_CHUNKS * chunkRows;
        // Partitions hold the servers the first load gave them: their tables exist once it has run.
        int firstSize = bounds[1];
        int perPartition = (int) Math.max(1, Math.min(servers.length, (target + firstSize - 1) / firstSize));
        List<Chunk> out = new ArrayList<>();
        List<Partition> parts = new ArrayList<>();
        int number = 0;
        for (int seg = 0; seg + 1 < bounds.length; seg++) {
            int segmentStart = out.size();
            for (int s : servers) {
                for (int from = bounds[seg]; from < bounds[seg + 1]; from += step) {
                    out.add(new Chunk(number++, s, from, Math.min(bounds[seg + 1], from + step)));
                }
            }
            int c = segmentStart;
            int partition = 0;
            for (int first = 0; first < servers.length; first += perPartition) {
                int last = Math.min(servers.length, first + perPartition) - 1;
                List<Chunk> in = new ArrayList<>();
                while (c < out.size() && out.get(c).serverIndex() <= servers[last]) {
                    in.add(out.get(c++));
                }
                parts.add(new Partition(partition++, servers[first], servers[last] + 1, in, seg > 0));
            }
        }
        this.chunks = Collections.unmodifiableList(out);
        this.partitions = Collections.unmodifiableList(parts);
    }

    /**
     * The chunks grouped into partitions of {@code ceil(PARTITION_CHUNKS * chunkRows / rows per server)}
     * consecutive servers (at least one), numbered from 0; like the chunks, a function of the servers, the
     * grid and {@code chunkRows} only. Servers must be in ascending order.
     */
    public List<Partition> partitions() {
        return partitions;
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
