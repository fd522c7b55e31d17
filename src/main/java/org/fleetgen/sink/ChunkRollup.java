package org.fleetgen.sink;

import java.util.ArrayList;
import java.util.List;
import org.fleetgen.postgres.MetricDayRows;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.DayValues;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * The {@code metric_day} rows of one chunk, collected from its blocks as a database sink writes them and
 * written in the chunk's transaction: a chunk is in the fact table, the rollups and the ledger together
 * or not at all. A row holds a server's day of hourly data, or its month of daily data (within the chunk).
 */
public final class ChunkRollup {
    /** Receives each rollup row's values as they are built (the views' answers computed during a load). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param firstDay the row's day index in the grid: its only day (hourly data), or the day its slots count
         *                 from (a month of daily data: slot i is day {@code firstDay + values.hour(i)})
         */
        void row(Chunk chunk, int firstDay, DayValues values);
    }

    private final Chunk chunk;
    private final Listener listener;
    private final List<MetricDayRows.Row> days = new ArrayList<>();
    private final DayValues.Builder current = new DayValues.Builder();
    private TimeGrid grid;
    /** The group being collected: a day of hourly data, a month of daily data; its first day. */
    private long currentGroup = Long.MIN_VALUE;
    private int groupFirstDay = -1;

    public ChunkRollup(Chunk chunk) {
        this(chunk, null);
    }

    /** @param listener also given every row's values (null: none) */
    public ChunkRollup(Chunk chunk, Listener listener) {
        this.chunk = chunk;
        this.listener = listener;
    }

    /**
     * The rollup row a day belongs to. Hourly data: one row per day (24 values). Daily data: one row per
     * month (up to 31 values), so that a day's row overhead is not paid for a single value.
     */
    private long group(int dayIndex) {
        if (grid.granularity() == Granularity.HOURLY) {
            return dayIndex;
        }
        java.time.LocalDate d = grid.day(dayIndex).date();
        return d.getYear() * 12L + d.getMonthValue();
    }

    public void add(SampleBlock block) {
        grid = block.grid();
        int r = 0;
        while (r < block.size()) {
            int day = grid.dayIndexOf(block.stamp(r));
            long g = group(day);
            int end = r + 1;
            while (end < block.size() && grid.dayIndexOf(block.stamp(end)) == day) {
                end++;
            }
            if (g != currentGroup) {
                flush();
                currentGroup = g;
                groupFirstDay = day;
            }
            // Consecutive stamps: hours of one day (hourly data), or the next day of the month (daily data).
            int slot = grid.granularity() == Granularity.HOURLY ? grid.hourOf(block.stamp(r)) : day - groupFirstDay;
            current.addRun(block, r, end, slot);
            r = end;
        }
    }

    private void flush() {
        if (current.size() > 0) {
            // Built once: the hundredths found here serve the encoding and the listener alike.
            DayValues values = current.build();
            days.add(new MetricDayRows.Row(chunk.serverIndex(), grid.day(groupFirstDay).date(), chunk.number(), values.size(), values.encode()));
            current.clear();
            if (listener != null) {
                listener.row(chunk, groupFirstDay, values);
            }
        }
    }

    /** The chunk's rollup rows, once every block is added. */
    public List<MetricDayRows.Row> days() {
        flush();
        return days;
    }
}
