package org.fleetgen.sink;

import java.util.ArrayList;
import java.util.List;
import org.fleetgen.postgres.MetricDayRows;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.DayValues;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * The {@code metric_day} rows of one chunk, collected from its blocks as a database sink writes them and
 * written in the chunk's transaction: a chunk is in the fact table, the rollups and the ledger together
 * or not at all. Chunks are cut at day boundaries, so each of its days is whole.
 */
public final class ChunkRollup {
    private final Chunk chunk;
    private final List<MetricDayRows.Row> days = new ArrayList<>();
    private final DayValues.Builder current = new DayValues.Builder();
    private TimeGrid grid;
    private int currentDay = -1;

    public ChunkRollup(Chunk chunk) {
        this.chunk = chunk;
    }

    public void add(SampleBlock block) {
        grid = block.grid();
        int r = 0;
        while (r < block.size()) {
            int day = grid.dayIndexOf(block.stamp(r));
            int end = r + 1;
            while (end < block.size() && grid.dayIndexOf(block.stamp(end)) == day) {
                end++;
            }
            if (day != currentDay) {
                flush();
                currentDay = day;
            }
            // A day's stamps within a block are consecutive hours: copy them as one run.
            current.addRun(block, r, end, grid.hourOf(block.stamp(r)));
            r = end;
        }
    }

    private void flush() {
        if (current.size() > 0) {
            days.add(new MetricDayRows.Row(chunk.serverIndex(), grid.day(currentDay).date(), chunk.number(), current.size(), current.encode()));
            current.clear();
        }
    }

    /** The chunk's days, once every block is added. */
    public List<MetricDayRows.Row> days() {
        flush();
        return days;
    }
}
