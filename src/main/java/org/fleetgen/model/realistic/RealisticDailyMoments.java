package org.fleetgen.model.realistic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.stats.CholeskyFactor;
import org.fleetgen.stats.PercentileCont;
import org.fleetgen.stats.SplitMix64;

/**
 * What the realistic model implies for one archetype over a daily grid, by Monte Carlo integration.
 *
 * <p>A daily row is the 95th percentile (percentile_cont) of the day's 24 hourly values, each a clipped, AR(1)-
 * correlated, event-scaled normal (see {@link HourlyProcess}); the moments of such an order statistic have no closed
 * form. Days that look alike to the model (the same region, the same 24 expected values and noise scales: a month's
 * working days, its weekends and holidays, a summer-time change) share one pattern; for each pattern, up to
 * {@link #MAX_DRAWS} days ({@link #REGION_DRAWS} shared among a region's patterns) are simulated from the model's equations written out here a second time (not by calling the generator): the
 * AR(1) state drawn from its stationary distribution N(0, R) at the day's first hour (what the generator's burn-in
 * reaches), 24 steps with innovations through the Cholesky factor of R, clipping, the events of the day and of the
 * day before (which may run into it), rounding to 0.01, the percentile, rounding again. The draws come from one fixed
 * counter stream per pattern, keyed by the pattern's values (so the result does not depend on the order patterns are met,
 * and the patterns' errors are independent and average out). The moments are the day and region averages of the patterns',
 * as the hourly check's are of the hours'. The Monte Carlo error (about sd / sqrt(REGION_DRAWS) per region) is a
 * fraction of a dataset's own standard error. The lag-1 autocorrelation of a server's daily values comes from the same draws, each
 * simulated over two days.
 */
final class RealisticDailyMoments implements ImpliedStatistics {
    /**
     * Simulated days per region, shared among its patterns (at most {@link #MAX_DRAWS} and at least {@link #LAG_DRAWS}
     * each): 65,536 keeps the Monte Carlo error of a mean below a third of a default dataset's own standard error, and
     * the daily default's fidelity check at a few seconds.
     */
    static final int REGION_DRAWS = 1 << 16;
    static final int MAX_DRAWS = 1024;
    /** Of each pattern's draws, the first this many also simulate a second day, for the lag-1 autocorrelation. */
    static final int LAG_DRAWS = 128;
    private static final long KEY = SplitMix64.mix(0x6461696c79L);  // "daily": streams no server uses
    private static final double[] UPPER = HourlyProcess.UPPER;

    private final int servers;
    /** Per region, per day of the grid: its pattern. */
    private final Map<String, int[]> dayPatterns = new HashMap<>();
    /** Per region, its servers. */
    private final Map<String, Integer> regions;
    /** Per pattern: E[v_m] (4), E[v_m²] (4), E[v_a v_b] (4×4), E[v_m³] (4), E[v_m⁴] (4). */
    private final List<double[]> moments = new ArrayList<>();
    private final double lag1;

    RealisticDailyMoments(RealisticProfile p, TimeGrid grid, Map<String, Integer> serversPerRegion) {
        this.regions = Map.copyOf(serversPerRegion);
        this.servers = serversPerRegion.values().stream().mapToInt(Integer::intValue).sum();
        long firstDay = grid.epochSecond(0) / 86_400 - RegionTime.ORIGIN_EPOCH_SECOND / 86_400;
        double[][] lower = new CholeskyFactor(p.correlation()).lower();
        Map<Pattern, Integer> seen = new HashMap<>();
        double[] within = new double[3];  // over all patterns, within each: cov(a, b), var a, var b (cpu, day 1 and day 2)
        for (String region : serversPerRegion.keySet()) {
            HourlyProcess process = new HourlyProcess(p, 0, region);
            int[] of = new int[grid.size()];
            List<double[]> levelsOf = new ArrayList<>();
            for (int t = 0; t < grid.size(); t++) {
                double[] levels = new double[2 * 4 * 24];
                long h0 = (firstDay + t) * 24;
                for (int m = 0; m < 4; m++) {
                    for (int k = 0; k < 24; k++) {
                        levels[m * 24 + k] = process.expected(m, h0 + k);
                        levels[96 + m * 24 + k] = process.noiseScale(m, h0 + k);
                    }
                }
                Pattern key = new Pattern(levels);
                Integer index = seen.get(key);
                if (index == null) {
                    index = moments.size() + levelsOf.size();
                    seen.put(key, index);
                    levelsOf.add(levels);
                }
                of[t] = index;
            }
            int draws = Math.max(LAG_DRAWS, Math.min(MAX_DRAWS, REGION_DRAWS / Math.max(1, levelsOf.size())));
            for (double[] levels : levelsOf) {
                double[] lag = new double[5];
                moments.add(simulate(p, lower, levels, draws, lag));
                double ma = lag[0] / LAG_DRAWS;
                double mb = lag[1] / LAG_DRAWS;
                within[0] += lag[4] / LAG_DRAWS - ma * mb;
                within[1] += lag[2] / LAG_DRAWS - ma * ma;
                within[2] += lag[3] / LAG_DRAWS - mb * mb;
            }
            dayPatterns.put(region, of);
        }
        // Within patterns, so that the spread between day types does not pass for persistence; never below 0.
        double r = within[0] / Math.sqrt(within[1] * within[2]);
        this.lag1 = Double.isNaN(r) ? 0 : Math.max(0, Math.min(0.99, r));
    }

    /** A day's 24 expected values and noise scales of the four metrics, compared by value. */
    private record Pattern(double[] levels) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern other && java.util.Arrays.equals(levels, other.levels);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(levels);
        }
    }

    /**
     * {@code draws} simulated days of one pattern, the first LAG_DRAWS followed by a second day of the same pattern for the
     * lag-1 autocorrelation (its sums into {@code lag}: cpu of day 1, of day 2, their squares and product).
     */
    private static double[] simulate(RealisticProfile p, double[][] lower, double[] levels, int draws, double[] lag) {
        double phi = p.phi();
        double innovation = Math.sqrt(1 - phi * phi);
        double[] out = new double[4 + 4 + 16 + 4 + 4];
        double[] x = new double[4];
        double[] z = new double[4];
        double[][] hours = new double[4][48];
        double[] factor = new double[48];
        double[] v = new double[4];
        // Each pattern its own stream, keyed by its content: independent of the others (their errors average out over
        // the patterns) and of the order they are met in.
        long key = SplitMix64.mix(KEY ^ java.util.Arrays.hashCode(levels));
        long c = 0;
        for (int n = 0; n < draws; n++) {
            java.util.Arrays.fill(factor, 1);
            // Events starting on the day before and on each of the two days (counter draws: start, length, size).
            for (int d = -1; d < 2; d++) {
                double u = SplitMix64.uniform(key, c++);
                long start = d * 24L + (long) (SplitMix64.uniform(key, c++) * 24);
                long end = start + 1 + (long) (SplitMix64.uniform(key, c++) * p.eventMaxHours());
                double f = 1 + (p.eventFactor() - 1) * (0.5 + SplitMix64.uniform(key, c++));
                if (u < p.eventsPerDay()) {
                    for (long h = Math.max(0, start); h < Math.min(48, end); h++) {
                        factor[(int) h] = Math.max(factor[(int) h], f);
                    }
                }
            }
            int hoursToSimulate = n < LAG_DRAWS ? 48 : 24;
            long counter = c;
            c += 2 * 48;  // the same counters whatever is simulated
            for (int k = 0; k < hoursToSimulate; k++) {
                SplitMix64.gaussianPair(key, counter++, z, 0);
                SplitMix64.gaussianPair(key, counter++, z, 2);
                for (int m = 0; m < 4; m++) {
                    double e = 0;
                    for (int j = 0; j <= m; j++) {
                        e += lower[m][j] * z[j];
                    }
                    // The first hour starts from the stationary distribution N(0, R).
                    x[m] = k == 0 ? e : phi * x[m] + innovation * e;
                }
                for (int m = 0; m < 4; m++) {
                    int i = m * 24 + k % 24;
                    double y = Math.min(Math.max(levels[i] + levels[96 + i] * x[m], 0), UPPER[m]);
                    if (m != 2) {
                        y = Math.min(y * factor[k], UPPER[m]);
                    }
                    hours[m][k] = Math.rint(y * 100) / 100;
                }
            }
            for (int m = 0; m < 4; m++) {
                v[m] = Math.rint(PercentileCont.of(hours[m], 24, 0.95) * 100) / 100;
                out[m] += v[m];
                out[4 + m] += v[m] * v[m];
                out[24 + m] += v[m] * v[m] * v[m];
                out[28 + m] += v[m] * v[m] * v[m] * v[m];
            }
            for (int m = 0; m < 4; m++) {
                for (int b = 0; b < 4; b++) {
                    out[8 + m * 4 + b] += v[m] * v[b];
                }
            }
            if (n >= LAG_DRAWS) {
                continue;
            }
            double next = Math.rint(PercentileCont.of(java.util.Arrays.copyOfRange(hours[0], 24, 48), 24, 0.95) * 100) / 100;
            lag[0] += v[0];
            lag[1] += next;
            lag[2] += v[0] * v[0];
            lag[3] += next * next;
            lag[4] += v[0] * next;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= draws;
        }
        return out;
    }

    /**
     * The averages, over the days that pass {@code days} (each region weighted by its servers), of the patterns' raw
     * moments at {@code slots} (offsets into a pattern's moments, see {@link #moments}); the last element is the number
     * of days.
     */
    private double[] average(IntPredicate days, int... slots) {
        double[] sums = new double[slots.length + 1];
        int n = 0;
        for (Map.Entry<String, int[]> r : dayPatterns.entrySet()) {
            double w = regions.get(r.getKey()) / (double) servers;
            int[] of = r.getValue();
            n = 0;
            for (int t = 0; t < of.length; t++) {
                if (days.test(t)) {
                    double[] mo = moments.get(of[t]);
                    for (int k = 0; k < slots.length; k++) {
                        sums[k] += w * mo[slots[k]];
                    }
                    n++;
                }
            }
        }
        for (int k = 0; k < slots.length; k++) {
            sums[k] /= n;
        }
        sums[slots.length] = n;
        return sums;
    }

    @Override
    public Moments moments(Metric metric, IntPredicate stamps) {
        int m = RealisticMoments.index(metric);
        double[] e = average(stamps, m, 4 + m);
        return new Moments(e[0], Math.sqrt(Math.max(0, e[1] - e[0] * e[0])), (int) e[2]);
    }

    @Override
    public double correlation(Metric a, Metric b) {
        int i = RealisticMoments.index(a);
        int j = RealisticMoments.index(b);
        double[] e = average(t -> true, i, j, 4 + i, 4 + j, 8 + i * 4 + j);
        double cov = e[4] - e[0] * e[1];
        return cov / Math.sqrt((e[2] - e[0] * e[0]) * (e[3] - e[1] * e[1]));
    }

    /** Over all days and regions, from the patterns' raw moments: a mixture's fourth central moment over its variance squared. */
    @Override
    public double kurtosis(Metric metric) {
        int m = RealisticMoments.index(metric);
        double[] e = average(t -> true, m, 4 + m, 24 + m, 28 + m);
        double mu = e[0];
        double variance = e[1] - mu * mu;
        double central4 = e[3] - 4 * mu * e[2] + 6 * mu * mu * e[1] - 3 * mu * mu * mu * mu;
        return variance <= 0 ? 3 : central4 / (variance * variance);
    }

    @Override
    public double noiseAutocorrelation() {
        return lag1;
    }

    /** Distinct day patterns simulated (for tests and the cost note). */
    int patterns() {
        return moments.size();
    }
}
