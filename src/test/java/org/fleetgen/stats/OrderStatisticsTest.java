package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Selection, the hundredths histogram and Welford's moments against the plain definitions: a full sort
 * with PostgreSQL's percentile_cont arithmetic, and two-pass moments. Many seeded random multisets each,
 * with ties, constants, both ends of the range, and values that are not whole hundredths.
 */
class OrderStatisticsTest {
    /** percentile_cont as PostgreSQL computes it, from a fully sorted copy. */
    static double sorted(double[] values, int n, double p) {
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        double pos = p * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return lo == hi ? s[lo] : s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double[] sample(Random r, int n, int kind) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case 0 -> Math.rint(r.nextGaussian() * 2000 + 4000) / 100;          // hundredths, many ties
                case 1 -> Math.min(100, Math.max(0, Math.rint(r.nextGaussian() * 3000 + 9000) / 100));  // clipped at both ends
                case 2 -> 42.0;                                                    // constant
                case 3 -> r.nextDouble() * 1000 - 100;                             // not hundredths, negatives
                default -> r.nextBoolean() ? Math.rint(r.nextDouble() * 100000) / 100 : r.nextGaussian() * 5;  // mixed
            };
        }
        return v;
    }

    @ParameterizedTest(name = "kind {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void selectionAndHistogramGiveThePercentilesOfASort(int kind) {
        Random r = new Random(1000 + kind);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(trial < 20 ? 5 : 3000);
            double[] v = sample(r, n, kind);
            HundredthsHistogram h = new HundredthsHistogram(100_001);
            for (double x : v) {
                h.add(x);
            }
            for (double p : new double[] {0.0, 0.05, 0.5, 0.95, 1.0}) {
                double want = sorted(v, n, p);
                assertEquals(want, PercentileCont.of(v.clone(), n, p), "selection, n=" + n + " p=" + p);
                assertEquals(want, h.percentileCont(p), "histogram, n=" + n + " p=" + p);
            }
            // Adding a histogram bin by bin equals adding its values one by one.
            HundredthsHistogram halves = new HundredthsHistogram(100_001);
            HundredthsHistogram second = new HundredthsHistogram(100_001);
            for (int i = 0; i < n; i++) {
                (i % 2 == 0 ? halves : second).add(v[i]);
            }
            halves.addAll(second);
            assertEquals(n, halves.count());
            for (double p : new double[] {0.05, 0.5, 0.95}) {
                assertEquals(sorted(v, n, p), halves.percentileCont(p), "merged, n=" + n + " p=" + p);
            }
            double[] s = v.clone();
            Arrays.sort(s);
            assertEquals(s[0], h.kth(0));
            assertEquals(s[n - 1], h.kth(n - 1));
            h.clear();
            assertEquals(0, h.count());
        }
    }

    @Test
    void welfordAgreesWithTwoPassMomentsAndCorrelation() {
        Random r = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + r.nextInt(5000);
            double[][] x = new double[n][3];
            WelfordMoments w = new WelfordMoments(3);
            for (int i = 0; i < n; i++) {
                double a = r.nextGaussian() * 20 + 50;
                x[i] = new double[] {a, 0.7 * a + r.nextGaussian() * 5, r.nextGaussian() + 1e4};
                w.add(x[i]);
            }
            double[] mean = new double[3];
            for (double[] row : x) {
                for (int k = 0; k < 3; k++) {
                    mean[k] += row[k] / n;
                }
            }
            double[][] c = new double[3][3];
            for (double[] row : x) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        c[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]);
                    }
                }
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(mean[k], w.mean(k), 1e-12 * Math.abs(mean[k]));
                assertEquals(c[k][k] / (n - 1), w.sampleVariance(k), 1e-9 * c[k][k] / (n - 1));
            }
            double corr = c[0][1] / Math.sqrt(c[0][0] * c[1][1]);
            assertEquals(corr, w.correlation(0, 1), 1e-12);
            assertEquals(w.correlation(0, 1), w.correlation(1, 0));
        }
        WelfordMoments constant = new WelfordMoments(2);
        constant.add(new double[] {1, 2});
        constant.add(new double[] {1, 3});
        assertTrue(Double.isNaN(constant.correlation(0, 1)), "corr with a constant is undefined, as PostgreSQL's NULL");
        assertTrue(Double.isNaN(new WelfordMoments(1).sampleVariance(0)));
    }

    /** Counts move from ints to longs before a bin overflows: 2^33 equal values and a few others stay exact. */
    @Test
    void binsBeyondTwoBillionStayExact() {
        HundredthsHistogram h = new HundredthsHistogram(10_001);
        h.addHundredths(4200);
        for (int i = 0; i < 33; i++) {
            h.addAll(h);
        }
        h.add(-1.5);
        h.addHundredths(9999);
        assertEquals((1L << 33) + 2, h.count());
        assertEquals(-1.5, h.kth(0));
        assertEquals(42.0, h.kth(1));
        assertEquals(42.0, h.kth(1L << 33));
        assertEquals(99.99, h.kth((1L << 33) + 1));
        assertEquals(42.0, h.percentileCont(0.5));
    }
    /**
     * A server's day counted at once equals its values counted one by one: the same bytes written, the same
     * order statistics. Values below zero, at and beyond the limit (kept as others), beyond the bins grown so far,
     * and arrays longer than the count given.
     */
    @ParameterizedTest(name = "kind {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void countingADayAtOnceEqualsCountingItsValuesOneByOne(int kind) throws Exception {
        Random r = new Random(7000 + kind);
        int limit = 10_001;
        HundredthsHistogram once = new HundredthsHistogram(limit);
        HundredthsHistogram each = new HundredthsHistogram(limit);
        for (int day = 0; day < 400; day++) {
            int n = 1 + r.nextInt(31);
            int[] v = new int[n + r.nextInt(4)];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (kind) {
                    case 0 -> (int) Math.rint(r.nextGaussian() * 500 + 4000);              // inside the first bins
                    case 1 -> Math.min(limit - 1, Math.max(0, (int) Math.rint(r.nextGaussian() * 3000 + 9000)));  // clipped, bins grow
                    case 2 -> r.nextInt(3 * limit) - limit;                                // below zero and beyond the limit
                    default -> day % 50 == 0 ? limit + day : r.nextInt(limit);             // mostly in, now and then beyond
                };
            }
            once.addHundredths(v, n);
            for (int i = 0; i < n; i++) {
                each.addHundredths(v[i]);
            }
            assertEquals(each.count(), once.count(), "day " + day);
            assertTrue(Arrays.equals(bytes(each), bytes(once)), "the two histograms write different bytes after day " + day);
        }
        for (long k = 0; k < each.count(); k += 1 + each.count() / 97) {
            assertEquals(each.kth(k), once.kth(k), "rank " + k);
        }
        for (double p : new double[] {0.0, 0.05, 0.5, 0.95, 0.99, 1.0}) {
            assertEquals(each.percentileCont(p), once.percentileCont(p), "p" + p);
        }
    }

    /** A day counted at once that takes a bin past two billion moves the counts to longs mid-day and stays exact. */
    @Test
    void countingADayAtOnceAcrossTheIntOverflowStaysExact() throws Exception {
        HundredthsHistogram once = binAt(4200, Integer.MAX_VALUE - 4L);
        HundredthsHistogram each = binAt(4200, Integer.MAX_VALUE - 4L);
        int[] day = {4200, 17, 4200, 4200, 4200, 4200, 9999, 4200, 20_000, 4200};
        once.addHundredths(day, day.length);
        for (int v : day) {
            each.addHundredths(v);
        }
        assertEquals(Integer.MAX_VALUE - 4L + day.length, once.count());
        assertTrue(Arrays.equals(bytes(each), bytes(once)), "the two histograms write different bytes");
        assertEquals(0.17, once.kth(0));
        assertEquals(42.0, once.kth(1));
        assertEquals(42.0, once.kth(Integer.MAX_VALUE + 1L));
        assertEquals(99.99, once.kth(once.count() - 2));
        assertEquals(200.0, once.kth(once.count() - 1));
    }

    /** A histogram whose bin b holds {@code count} values, built by doubling (count's bits, each a doubled single value). */
    private static HundredthsHistogram binAt(int b, long count) {
        HundredthsHistogram h = new HundredthsHistogram(10_001);
        HundredthsHistogram power = new HundredthsHistogram(10_001);
        power.addHundredths(b);
        for (int bit = 0; bit < 63 && (count >> bit) != 0; bit++) {
            if (((count >> bit) & 1) != 0) {
                h.addAll(power);
            }
            power.addAll(power);
        }
        return h;
    }

    private static byte[] bytes(HundredthsHistogram h) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        h.writeTo(new java.io.DataOutputStream(out));
        return out.toByteArray();
    }
}
