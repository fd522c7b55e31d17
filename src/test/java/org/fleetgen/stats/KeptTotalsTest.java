package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Totals written between loads and read back go on as if never written: a histogram, exact moments and
 * Welford moments split at any point, written, read and fed the rest give the same answers, to the bit, as
 * one pass over everything (the incremental answers of the views rest on it).
 */
class KeptTotalsTest {
    private static final int LIMIT = 100_001;

    /** Values of three kinds: whole hundredths, hundredths past the limit, and values that are no hundredth. */
    private static double[] values(long seed, int n) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(100);
            v[i] = kind < 90 ? r.nextInt(20_000) / 100.0 : kind < 95 ? (LIMIT + r.nextInt(500)) / 100.0 : r.nextDouble() * 100 - 3;
        }
        return v;
    }

    private static byte[] write(IoWriter w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            w.write(out);
        }
        return b.toByteArray();
    }

    private interface IoWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 777, 5_000, 9_999, 10_000})
    void aHistogramWrittenAndReadGoesOnAsOnePass(int split) throws IOException {
        double[] v = values(split, 10_000);
        HundredthsHistogram whole = new HundredthsHistogram(LIMIT);
        HundredthsHistogram first = new HundredthsHistogram(LIMIT);
        for (int i = 0; i < v.length; i++) {
            whole.add(v[i]);
            if (i < split) {
                first.add(v[i]);
            }
        }
        HundredthsHistogram kept = HundredthsHistogram.readFrom(in(write(first::writeTo)), LIMIT);
        for (int i = split; i < v.length; i++) {
            kept.add(v[i]);
        }
        assertEquals(whole.count(), kept.count());
        for (double p : new double[] {0, 0.05, 0.5, 0.95, 0.999, 1}) {
            assertEquals(Double.doubleToRawLongBits(whole.percentileCont(p)), Double.doubleToRawLongBits(kept.percentileCont(p)), "p=" + p);
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < sorted.length; k += 97) {
            assertEquals(sorted[k], kept.kth(k));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 640, 1_000})
    void exactMomentsWrittenAndReadGoOnAsOnePass(int splitBlock) throws IOException {
        Random r = new Random(splitBlock);
        int k = 5;
        HundredthsMoments whole = new HundredthsMoments(k);
        HundredthsMoments first = new HundredthsMoments(k);
        HundredthsMoments kept = null;
        for (int b = 0; b < 1_000; b++) {
            if (b == splitBlock) {
                kept = HundredthsMoments.readFrom(in(write(first::writeTo)));
            }
            int[][] x = new int[k][24];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < 24; j++) {
                    // Large enough that the sums spill past a long before the end.
                    x[i][j] = HundredthsMoments.MAX_MAGNITUDE - r.nextInt(1000) * (i + 1);
                }
            }
            whole.add(x, 24);
            (b < splitBlock ? first : kept).add(x, 24);
        }
        if (kept == null) {
            kept = HundredthsMoments.readFrom(in(write(first::writeTo)));
        }
        WelfordMoments a = whole.toWelford();
        WelfordMoments c = kept.toWelford();
        assertEquals(a.count(), c.count());
        for (int i = 0; i < k; i++) {
            assertEquals(a.mean(i), c.mean(i), 0.0);
            assertEquals(a.sampleVariance(i), c.sampleVariance(i), 0.0);
            for (int j = i + 1; j < k; j++) {
                assertEquals(a.correlation(i, j), c.correlation(i, j), 0.0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 499})
    void welfordMomentsWrittenAndReadAreTheSameMoments(int n) throws IOException {
        Random r = new Random(n);
        WelfordMoments w = new WelfordMoments(3);
        for (int i = 0; i < n; i++) {
            w.add(new double[] {r.nextGaussian(), r.nextGaussian() * 3 + 1, r.nextDouble()});
        }
        WelfordMoments back = WelfordMoments.readFrom(in(write(w::writeTo)));
        assertArrayEquals(write(w::writeTo), write(back::writeTo));
        assertEquals(w.count(), back.count());
    }

    /** A damaged form is refused, not read as other totals. */
    @ParameterizedTest
    @ValueSource(ints = {8, 9, 12, 20})
    void aDamagedHistogramIsRefused(int cut) throws IOException {
        HundredthsHistogram h = new HundredthsHistogram(LIMIT);
        for (double v : values(1, 100)) {
            h.add(v);
        }
        byte[] bytes = write(h::writeTo);
        byte[] shorter = Arrays.copyOf(bytes, cut);
        assertThrows(IOException.class, () -> HundredthsHistogram.readFrom(in(shorter), LIMIT));
        // A count that disagrees with the header.
        byte[] wrongCount = bytes.clone();
        wrongCount[7]++;
        assertThrows(IOException.class, () -> HundredthsHistogram.readFrom(in(wrongCount), LIMIT));
        // A bin past a smaller limit.
        assertThrows(IOException.class, () -> HundredthsHistogram.readFrom(in(bytes), 100));
    }
}
