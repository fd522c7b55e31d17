package org.fleetgen.postgres;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.DayValues;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.stats.LargestValues;
import org.fleetgen.stats.PercentileCont;

/**
 * The analytics views' answers computed from the rows as a load generates them, so that a load that writes
 * every chunk of a new dataset needs no pass over the rollups afterwards: the per-archetype totals are the
 * same {@link Rollups.TypeTotals}, and the daily and monthly 95th percentiles are exact from the largest
 * values of each archetype's day and month ({@link LargestValues}: a group's size is known from the plan).
 * Every sum is in whole hundredths, so the answers are bit for bit those of {@link Rollups#recompute}.
 *
 * <p>Used only when it applies: {@link Rollups#writeStreamed} writes these answers only when the ledger holds
 * exactly the chunks streamed (no other process loaded any) and every group was complete; otherwise the load
 * computes its answers from the rollups as before. Workers add their blocks concurrently: each keeps its own
 * archetype totals (merged at the end), and a day or month group is locked while a server's day is added to it.
 */
public final class StreamedAnswers {
    private static final double P95 = 0.95;
    private static final int METRICS = Metric.ALL.size();

    private final TimeGrid grid;
    private final boolean daily;
    /** Archetype index per server index, -1 for a server outside the dataset. */
    private final int[] typeOfServer;
    private final List<String> types;
    private final long[] serversOfType;
    /** Per day index: weekend (1) or not (0), and the calendar effects in Rollups' order. */
    private final int[] kindOfDay;
    private final boolean[][] effectsOfDay;
    private final int windowDays;
    private final int windowFirstDay;
    /** Each worker's archetype totals (merged at the end: no lock, no cache line shared while loading). */
    private final List<Rollups.TypeTotals[]> totals = new ArrayList<>();
    private final Group[][] days;
    private final Group[][] months;
    /** Month index per day index, and the first day of each month index. */
    private final int[] monthOfDay;
    private final List<LocalDate> monthStarts = new ArrayList<>();
    private final List<Object[]> window = new ArrayList<>();
    private final BitSet chunks = new BitSet();
    private long rollupRows;
    private long stamps;
    private volatile String invalid;

    /**
     * @param typeOfServer the archetype of each server index (null for a server the dataset leaves out)
     * @param effectsOfDay per day index of the grid: in the quarter-end window, a generator holiday (the
     *                     calendar's weekend and holiday flags come from the grid)
     * @param windowDays   the risk window's length, in days up to the grid's end
     */
    public StreamedAnswers(TimeGrid grid, String[] typeOfServer, boolean[][] effectsOfDay, int windowDays) {
        this.grid = grid;
        this.daily = grid.granularity() == Granularity.DAILY;
        this.types = new ArrayList<>(new java.util.TreeSet<>(java.util.Arrays.stream(typeOfServer).filter(java.util.Objects::nonNull).toList()));
        this.typeOfServer = new int[typeOfServer.length];
        this.serversOfType = new long[types.size()];
        for (int i = 0; i < typeOfServer.length; i++) {
            this.typeOfServer[i] = typeOfServer[i] == null ? -1 : types.indexOf(typeOfServer[i]);
            if (this.typeOfServer[i] >= 0) {
                serversOfType[this.typeOfServer[i]]++;
            }
        }
        int dayCount = grid.dayCount();
        kindOfDay = new int[dayCount];
        this.effectsOfDay = new boolean[dayCount][];
        monthOfDay = new int[dayCount];
        long[] stampsOfMonth = new long[dayCount];
        for (int d = 0; d < dayCount; d++) {
            TimeGrid.Day day = grid.day(d);
            kindOfDay[d] = day.date().getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() ? 1 : 0;
            // Rollups' order: weekend, quarter end, generator holiday, federal holiday.
            this.effectsOfDay[d] = new boolean[] {day.isWeekend(), effectsOfDay[d][0], effectsOfDay[d][1], day.isHoliday()};
            LocalDate first = day.date().withDayOfMonth(1);
            if (monthStarts.isEmpty() || !monthStarts.get(monthStarts.size() - 1).equals(first)) {
                monthStarts.add(first);
            }
            monthOfDay[d] = monthStarts.size() - 1;
            stampsOfMonth[monthOfDay[d]] += stampsOfDay(d);
        }
        this.windowDays = windowDays;
        this.windowFirstDay = Math.max(0, dayCount - windowDays);
        days = new Group[types.size()][dayCount];
        months = new Group[types.size()][monthStarts.size()];
        for (int t = 0; t < types.size(); t++) {
            for (int d = 0; d < dayCount; d++) {
                days[t][d] = new Group(serversOfType[t] * stampsOfDay(d));
            }
            for (int m = 0; m < monthStarts.size(); m++) {
                months[t][m] = new Group(serversOfType[t] * stampsOfMonth[m]);
            }
        }
    }

    /**
     * The memory the kept values take, in bytes: the largest 5 % of every archetype's day and month per metric.
     * A load streams its answers only within a budget (the rollups give the same answers in bounded memory).
     */
    public static long bytesNeeded(TimeGrid grid, Map<String, Integer> serversOfType) {
        long ints = 0;
        int dayCount = grid.dayCount();
        long stampsPerDay = grid.granularity() == Granularity.DAILY ? 1 : 24;
        for (int servers : serversOfType.values()) {
            if (servers == 0) {
                continue;
            }
            ints += (long) dayCount * METRICS * LargestValues.keptFor(servers * stampsPerDay, P95);
            ints += (long) (dayCount / 28 + 2) * METRICS * LargestValues.keptFor(servers * stampsPerDay * 31, P95);
        }
        return ints * 4 + (long) dayCount * serversOfType.size() * 2 * (METRICS * 80 + 64);
    }

    private int stampsOfDay(int d) {
        if (daily) {
            return 1;
        }
        int next = d + 1 < grid.dayCount() ? grid.firstStampOfDay(d + 1) : grid.size();
        return next - grid.firstStampOfDay(d);
    }

    /** One archetype's day or month: counts, exact sums, maxima, and the largest values per metric. */
    private static final class Group {
        final long expected;
        long rows;
        long servers;
        /** The servers seen: workers add their servers' days to a group interleaved. */
        final BitSet seen = new BitSet();
        final long[] cents = new long[METRICS];
        final int[] max = new int[METRICS];
        final LargestValues[] largest = new LargestValues[METRICS];

        Group(long expected) {
            this.expected = expected;
            java.util.Arrays.fill(max, Integer.MIN_VALUE);
            if (expected > 0) {
                for (int k = 0; k < METRICS; k++) {
                    largest[k] = new LargestValues(LargestValues.keptFor(expected, P95));
                }
            }
        }

        /** Adds a server's day, its values all in hundredths. */
        synchronized void add(int server, DayValues d) {
            if (!seen.get(server)) {
                seen.set(server);
                servers++;
            }
            int n = d.size();
            rows += n;
            for (int k = 0; k < METRICS; k++) {
                int[] c = d.hundredthsOf(Metric.ALL.get(k));
                for (int i = 0; i < n; i++) {
                    cents[k] += c[i];
                    max[k] = Math.max(max[k], c[i]);
                    largest[k].add(c[i]);
                }
            }
        }

        Object[] row(LocalDate date, String type) {
            Object[] r = new Object[4 + 3 * METRICS];
            r[0] = date;
            r[1] = type;
            r[2] = servers;
            r[3] = rows;
            for (int k = 0; k < METRICS; k++) {
                r[4 + 3 * k] = Rollups.TypeTotals.sum(cents[k], 0) / rows;
                r[5 + 3 * k] = largest[k].percentileCont(rows, P95);
                r[6 + 3 * k] = max[k] / 100.0;
            }
            return r;
        }
    }

    /** What one worker adds: the server it is on, its risk window, the rollup rows it made. */
    public final class Worker {
        private final DayValues.Builder builder = new DayValues.Builder();
        private final Rollups.TypeTotals[] workerTotals = new Rollups.TypeTotals[types.size()];

        Worker() {
            for (int t = 0; t < workerTotals.length; t++) {
                workerTotals[t] = new Rollups.TypeTotals();
            }
            synchronized (StreamedAnswers.this) {
                totals.add(workerTotals);
            }
        }

        private int server = -1;
        private int lastChunk = -1;
        private long lastGroup = Long.MIN_VALUE;
        private long windowRows;
        private long cpuCents;
        private long rollupRowsMade;
        private double[][] windowValues = new double[3][64];

        /** Adds a block of a chunk this worker is writing. */
        public void add(Chunk chunk, SampleBlock block) {
            if (invalid != null) {
                return;
            }
            int s = chunk.serverIndex();
            int t = s < typeOfServer.length ? typeOfServer[s] : -1;
            if (t < 0) {
                invalid = "server " + s + " is not in the dataset";
                return;
            }
            if (s != server) {
                endServer();
                server = s;
            }
            int r = 0;
            while (r < block.size()) {
                int day = grid.dayIndexOf(block.stamp(r));
                int end = r + 1;
                while (end < block.size() && grid.dayIndexOf(block.stamp(end)) == day) {
                    end++;
                }
                // A rollup row: a server's day of hourly data, or month of daily data, within a chunk (ChunkRollup).
                long group = daily ? monthOfDay[day] : day;
                if (chunk.number() != lastChunk || group != lastGroup) {
                    rollupRowsMade++;
                    lastChunk = chunk.number();
                    lastGroup = group;
                }
                if (daily) {
                    for (int i = r; i < end; i++) {
                        builder.clear();
                        builder.addRun(block, i, i + 1, 0);
                        addDay(t, day, builder.build());
                    }
                } else {
                    builder.clear();
                    builder.addRun(block, r, end, grid.hourOf(block.stamp(r)));
                    addDay(t, day, builder.build());
                }
                r = end;
            }
            synchronized (StreamedAnswers.this) {
                stamps += block.size();
            }
        }

        private void addDay(int t, int day, DayValues d) {
            for (Metric m : Metric.ALL) {
                if (!d.inHundredths(m)) {
                    invalid = "a value of " + m.column() + " is not a whole number of hundredths";
                    return;
                }
            }
            workerTotals[t].add(d, kindOfDay[day], effectsOfDay[day], true);
            days[t][day].add(server, d);
            months[t][monthOfDay[day]].add(server, d);
            if (day >= windowFirstDay) {
                int n = d.size();
                if (windowRows + n > windowValues[0].length) {
                    for (int k = 0; k < 3; k++) {
                        windowValues[k] = java.util.Arrays.copyOf(windowValues[k], (int) Math.max(windowRows + n, windowValues[k].length * 2L));
                    }
                }
                for (int i = 0; i < n; i++) {
                    windowValues[0][(int) windowRows + i] = d.value(Metric.CPU, i);
                    windowValues[1][(int) windowRows + i] = d.value(Metric.MEM, i);
                    windowValues[2][(int) windowRows + i] = d.value(Metric.DISK, i);
                    cpuCents += d.hundredths(Metric.CPU, i);
                }
                windowRows += n;
            }
        }

        /** The server's risk window is complete: servers come whole, one after another. */
        private void endServer() {
            if (server >= 0 && windowRows > 0) {
                LocalDate start = grid.end().minusDays(windowDays - 1L);
                Object[] row = {server, windowDays, start, grid.end(), windowRows,
                        PercentileCont.of(windowValues[0], (int) windowRows, P95), PercentileCont.of(windowValues[1], (int) windowRows, P95),
                        PercentileCont.of(windowValues[2], (int) windowRows, P95), Rollups.TypeTotals.sum(cpuCents, 0) / windowRows};
                synchronized (StreamedAnswers.this) {
                    window.add(row);
                }
            }
            server = -1;
            windowRows = 0;
            cpuCents = 0;
        }

        /** A partition was committed: its chunks count, and its last server is complete. */
        public void committed(List<Chunk> partitionChunks) {
            endServer();
            lastChunk = -1;
            lastGroup = Long.MIN_VALUE;
            synchronized (StreamedAnswers.this) {
                partitionChunks.forEach(c -> chunks.set(c.number()));
                rollupRows += rollupRowsMade;
            }
            rollupRowsMade = 0;
        }
    }

    public Worker worker() {
        return new Worker();
    }

    /** The chunks of the partitions committed with these answers. */
    synchronized BitSet chunks() {
        return (BitSet) chunks.clone();
    }

    int windowDays() {
        return windowDays;
    }

    /** Why the answers cannot be used (a value not in hundredths, a group not complete), or null. */
    synchronized String invalid() {
        if (invalid != null) {
            return invalid;
        }
        for (int t = 0; t < types.size(); t++) {
            for (Group[] groups : new Group[][] {days[t], months[t]}) {
                for (Group g : groups) {
                    if (g.rows != g.expected) {
                        return "an archetype's day or month has " + g.rows + " rows, not " + g.expected;
                    }
                }
            }
        }
        return null;
    }

    /** The answers, with the targets of archetype_correlation (per archetype) from the archetype table. */
    synchronized Rollups.Answers answers(Map<String, double[]> targets) throws java.io.IOException {
        Rollups.Answers a = new Rollups.Answers();
        Rollups.TypeTotals[] merged = new Rollups.TypeTotals[types.size()];
        for (int t = 0; t < merged.length; t++) {
            merged[t] = new Rollups.TypeTotals();
            for (Rollups.TypeTotals[] w : totals) {
                merged[t].merge(w[t]);
            }
        }
        java.util.Map<String, Long> servers = new java.util.TreeMap<>();
        for (int t = 0; t < types.size(); t++) {
            servers.put(types.get(t), serversOfType[t]);
            for (int d = 0; d < days[t].length; d++) {
                if (days[t][d].rows > 0) {
                    a.daily.add(days[t][d].row(grid.day(d).date(), types.get(t)));
                }
            }
            for (int m = 0; m < months[t].length; m++) {
                if (months[t][m].rows > 0) {
                    a.monthly.add(months[t][m].row(monthStarts.get(m), types.get(t)));
                }
            }
        }
        a.addTotals(types, merged, servers, targets);
        a.window.addAll(window);
        a.days = rollupRows;
        a.stamps = stamps;
        return a;
    }
}
