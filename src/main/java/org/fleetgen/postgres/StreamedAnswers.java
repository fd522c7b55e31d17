package org.fleetgen.postgres;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fleetgen.config.Granularity;
import org.fleetgen.parallel.Parallel;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.DayValues;
import org.fleetgen.sample.Metric;
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
    /** Each worker's day and month sums, in the same order. */
    private final List<Sums> daySums = new ArrayList<>();
    private final List<Sums> monthSums = new ArrayList<>();
    /** The workers' sums added up, once every worker is done (null before). */
    private Sums mergedDays;
    private Sums mergedMonths;
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
    /** Every server's stamps: once the workers have added this many, every group is complete. */
    private final long expectedStamps;
    private final AtomicLong stampsAdded = new AtomicLong();
    /** The merged totals and the daily and monthly rows, computed once every value is in (null before). */
    private Prepared prepared;

    private record Prepared(Rollups.TypeTotals[] merged, List<Object[]> daily, List<Object[]> monthly) {
    }

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
        long all = 0;
        for (int t = 0; t < types.size(); t++) {
            for (int d = 0; d < dayCount; d++) {
                all += days[t][d].expected;
            }
        }
        this.expectedStamps = all;
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

    /**
     * One archetype's day or month, shared by the workers: the largest values per metric, the only part that
     * needs the whole group. Its counts, sums and maxima are each worker's own ({@link Sums}), added up at the end.
     */
    private static final class Group {
        final long expected;
        final LargestValues[] largest = new LargestValues[METRICS];

        Group(long expected) {
            this.expected = expected;
            if (expected > 0) {
                for (int k = 0; k < METRICS; k++) {
                    largest[k] = new LargestValues(LargestValues.keptFor(expected, P95));
                }
            }
        }

        Object[] row(LocalDate date, String type, Sums sums, int g) {
            long rows = sums.rows[g];
            Object[] r = new Object[4 + 3 * METRICS];
            r[0] = date;
            r[1] = type;
            r[2] = sums.servers[g];
            r[3] = rows;
            for (int k = 0; k < METRICS; k++) {
                r[4 + 3 * k] = Rollups.TypeTotals.sum(sums.cents[g * METRICS + k], 0) / rows;
                r[5 + 3 * k] = largest[k].percentileCont(rows, P95);
                r[6 + 3 * k] = sums.max[g * METRICS + k] / 100.0;
            }
            return r;
        }
    }

    /**
     * A worker's counts, exact sums and maxima of every day or month group (index: archetype x groups + group).
     * Kept apart per worker: two workers go through the same days at the same pace, and a shared group's
     * lock and cache lines, taken for every server's day, cost the load about a CPU second on the hourly default.
     */
    private static final class Sums {
        final long[] rows;
        final long[] servers;
        /** Values of the group no metric's candidates included (counted into the largest values at the end). */
        final long[] belowFloor;
        final int[] lastServer;
        final long[] cents;
        final int[] max;

        Sums(int groups) {
            rows = new long[groups];
            servers = new long[groups];
            belowFloor = new long[groups];
            lastServer = new int[groups];
            java.util.Arrays.fill(lastServer, -1);
            cents = new long[groups * METRICS];
            max = new int[groups * METRICS];
            java.util.Arrays.fill(max, Integer.MIN_VALUE);
        }

        /** Adds the other worker's sums; servers add up because a server is loaded by one worker only. */
        void merge(Sums o) {
            for (int g = 0; g < rows.length; g++) {
                rows[g] += o.rows[g];
                servers[g] += o.servers[g];
                belowFloor[g] += o.belowFloor[g];
            }
            for (int i = 0; i < cents.length; i++) {
                cents[i] += o.cents[i];
                max[i] = Math.max(max[i], o.max[i]);
            }
        }
    }

    /** What one worker adds: the server it is on, its risk window, the rollup rows it made. */
    public final class Worker {
        private final Rollups.TypeTotals[] workerTotals = new Rollups.TypeTotals[types.size()];
        private final Sums daySums = new Sums(types.size() * grid.dayCount());
        private final Sums monthSums = new Sums(types.size() * monthStarts.size());
        /** Per metric, the values of a server's day at or above a group's floor. */
        private final int[][] candidates = new int[METRICS][24];
        private final int[] candidateCount = new int[METRICS];

        Worker() {
            for (int t = 0; t < workerTotals.length; t++) {
                workerTotals[t] = new Rollups.TypeTotals();
            }
            synchronized (StreamedAnswers.this) {
                totals.add(workerTotals);
                StreamedAnswers.this.daySums.add(this.daySums);
                StreamedAnswers.this.monthSums.add(this.monthSums);
            }
        }

        private int server = -1;
        private long windowRows;
        private long cpuCents;
        private long rollupRowsMade;
        private long stampsMade;
        private double[][] windowValues = new double[3][64];

        /**
         * Adds a rollup row of a chunk this worker is writing, as the sink built it (ChunkRollup): a server's day
         * of hourly data, or its month of daily data (slot i is day {@code firstDay + d.hour(i)}).
         */
        public void row(Chunk chunk, int firstDay, DayValues d) {
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
            rollupRowsMade++;
            stampsMade += d.size();
            if (daily) {
                for (int i = 0; i < d.size(); i++) {
                    addDay(t, firstDay + d.hour(i), d.single(i));
                }
            } else {
                addDay(t, firstDay, d);
            }
            // A partition is generated once, by one worker, so the count reaches every server's stamps only when
            // every value is in: then, while the last partitions' keys are still being built (the generating
            // threads idle), the percentiles are computed on another thread, not after the last commit.
            if (stampsAdded.addAndGet(d.size()) == expectedStamps && invalid == null) {
                Parallel.background("fleetgen-answers", () -> {
                    try {
                        prepared();
                    } catch (RuntimeException e) {
                        // Left to the load's own call, which computes them again and reports what went wrong.
                    }
                });
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
            addTo(days[t][day], daySums, t * grid.dayCount() + day, d);
            int month = monthOfDay[day];
            addTo(months[t][month], monthSums, t * monthStarts.size() + month, d);
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

        /**
         * Adds a server's day to a group: to this worker's sums, and the values not below a metric's floor to the
         * group's largest values, under the group's lock only when there are any (after a group's first values,
         * only about one value in twenty).
         */
        private void addTo(Group group, Sums sums, int g, DayValues d) {
            if (sums.lastServer[g] != server) {
                sums.lastServer[g] = server;
                sums.servers[g]++;
            }
            int n = d.size();
            sums.rows[g] += n;
            boolean any = false;
            for (int k = 0; k < METRICS; k++) {
                int[] c = d.hundredthsOf(Metric.ALL.get(k));
                if (candidates[k].length < n) {
                    candidates[k] = new int[n];
                }
                int[] kept = candidates[k];
                int floor = group.largest[k].floor();
                int count = 0;
                long cents = 0;
                int max = sums.max[g * METRICS + k];
                for (int i = 0; i < n; i++) {
                    int x = c[i];
                    cents += x;
                    max = Math.max(max, x);
                    if (x >= floor) {
                        kept[count++] = x;
                    }
                }
                sums.cents[g * METRICS + k] += cents;
                sums.max[g * METRICS + k] = max;
                candidateCount[k] = count;
                any |= count > 0;
            }
            if (!any) {
                sums.belowFloor[g] += n;
                return;
            }
            synchronized (group) {
                for (int k = 0; k < METRICS; k++) {
                    group.largest[k].addFiltered(candidates[k], candidateCount[k], n);
                }
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
            synchronized (StreamedAnswers.this) {
                partitionChunks.forEach(c -> chunks.set(c.number()));
                rollupRows += rollupRowsMade;
                stamps += stampsMade;
            }
            rollupRowsMade = 0;
            stampsMade = 0;
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
        merge();
        for (int t = 0; t < types.size(); t++) {
            for (int d = 0; d < days[t].length; d++) {
                long rows = mergedDays.rows[t * days[t].length + d];
                if (rows != days[t][d].expected) {
                    return "an archetype's day has " + rows + " rows, not " + days[t][d].expected;
                }
            }
            for (int m = 0; m < months[t].length; m++) {
                long rows = mergedMonths.rows[t * months[t].length + m];
                if (rows != months[t][m].expected) {
                    return "an archetype's month has " + rows + " rows, not " + months[t][m].expected;
                }
            }
        }
        return null;
    }

    private void merge() {
        if (mergedDays == null) {
            Sums dayTotals = new Sums(types.size() * grid.dayCount());
            daySums.forEach(dayTotals::merge);
            Sums monthTotals = new Sums(types.size() * monthStarts.size());
            monthSums.forEach(monthTotals::merge);
            for (int t = 0; t < types.size(); t++) {
                countBelowFloor(days[t], dayTotals, t);
                countBelowFloor(months[t], monthTotals, t);
            }
            mergedDays = dayTotals;
            mergedMonths = monthTotals;
        }
    }

    private static void countBelowFloor(Group[] groups, Sums sums, int t) {
        for (int i = 0; i < groups.length; i++) {
            for (LargestValues l : groups[i].largest) {
                if (l != null) {
                    l.countBelowFloor(sums.belowFloor[t * groups.length + i]);
                }
            }
        }
    }

    /**
     * The archetypes' merged totals and the daily and monthly rows: computed once, on the thread that finds every
     * value in or else by {@link #answers}; the percentiles read the groups' kept values without changing them.
     */
    private synchronized Prepared prepared() {
        if (prepared == null) {
            merge();
            Rollups.TypeTotals[] merged = new Rollups.TypeTotals[types.size()];
            List<Object[]> daily = new ArrayList<>();
            List<Object[]> monthly = new ArrayList<>();
            for (int t = 0; t < types.size(); t++) {
                merged[t] = new Rollups.TypeTotals();
                for (Rollups.TypeTotals[] w : totals) {
                    merged[t].merge(w[t]);
                }
                for (int d = 0; d < days[t].length; d++) {
                    int g = t * days[t].length + d;
                    if (mergedDays.rows[g] > 0) {
                        daily.add(days[t][d].row(grid.day(d).date(), types.get(t), mergedDays, g));
                    }
                }
                for (int m = 0; m < months[t].length; m++) {
                    int g = t * months[t].length + m;
                    if (mergedMonths.rows[g] > 0) {
                        monthly.add(months[t][m].row(monthStarts.get(m), types.get(t), mergedMonths, g));
                    }
                }
            }
            prepared = new Prepared(merged, daily, monthly);
        }
        return prepared;
    }

    /** Whether the merged totals and the daily and monthly rows are computed (by the thread the last row started, until asked). */
    synchronized boolean computedAhead() {
        return prepared != null;
    }

    /** The answers, with the targets of archetype_correlation (per archetype) from the archetype table. */
    synchronized Rollups.Answers answers(Map<String, double[]> targets) throws java.io.IOException {
        Prepared p = prepared();
        Rollups.Answers a = new Rollups.Answers();
        java.util.Map<String, Long> servers = new java.util.TreeMap<>();
        for (int t = 0; t < types.size(); t++) {
            servers.put(types.get(t), serversOfType[t]);
        }
        a.daily.addAll(p.daily());
        a.monthly.addAll(p.monthly());
        a.addTotals(types, p.merged(), servers, targets);
        a.window.addAll(window);
        a.days = rollupRows;
        a.stamps = stamps;
        return a;
    }
}
