package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HundredthsMomentsTest {
    private static final int K = 5;

    /** Blocks of random hundredths: per block, per variable, per row. */
    private static int[][][] blocks(long seed, int count, int rows, int magnitude, int offset) {
        Random r = new Random(seed);
        int[][][] out = new int[count][K][rows];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < K; i++) {
                for (int j = 0; j < rows; j++) {
                    // correlated variables, so the co-moments are far from zero
                    out[b][i][j] = i == 0 ? offset + r.nextInt(magnitude) : (out[b][0][j] / 2 + r.nextInt(magnitude / 2)) * (i % 2 == 0 ? 1 : -1);
                }
            }
        }
        return out;
    }

    /** Mean, sample variance and correlation straight from the definition, in exact decimals rounded once. */
    private static double[] exact(int[][][] blocks, int a, int b) {
        BigInteger n = BigInteger.ZERO;
        BigInteger sa = BigInteger.ZERO;
        BigInteger sb = BigInteger.ZERO;
        BigInteger saa = BigInteger.ZERO;
        BigInteger sbb = BigInteger.ZERO;
        BigInteger sab = BigInteger.ZERO;
        for (int[][] block : blocks) {
            for (int r = 0; r < block[0].length; r++) {
                BigInteger x = BigInteger.valueOf(block[a][r]);
                BigInteger y = BigInteger.valueOf(block[b][r]);
                n = n.add(BigInteger.ONE);
                sa = sa.add(x);
                sb = sb.add(y);
                saa = saa.add(x.multiply(x));
                sbb = sbb.add(y.multiply(y));
                sab = sab.add(x.multiply(y));
            }
        }
        MathContext mc = MathContext.DECIMAL128;
        double mean = new BigDecimal(sa).divide(new BigDecimal(n).multiply(BigDecimal.valueOf(100)), mc).doubleValue();
        BigInteger caa = n.multiply(saa).subtract(sa.multiply(sa));
        BigInteger cbb = n.multiply(sbb).subtract(sb.multiply(sb));
        BigInteger cab = n.multiply(sab).subtract(sa.multiply(sb));
        double variance = new BigDecimal(caa).divide(new BigDecimal(n.multiply(n.subtract(BigInteger.ONE))).multiply(BigDecimal.valueOf(10_000)), mc)
                .doubleValue();
        double corr = new BigDecimal(cab).divide(new BigDecimal(caa).multiply(new BigDecimal(cbb)).sqrt(mc), mc).doubleValue();
        return new double[] {mean, variance, corr};
    }

    @ParameterizedTest
    @CsvSource({
        // seed, blocks, rows a block, magnitude, offset: day-sized blocks of percentages; network values; one-row blocks;
        // values near the largest accepted, in enough blocks that the sums spill past a long
        "1, 2000, 24, 10001, 0",
        "2, 500, 31, 100001, 0",
        "3, 5000, 1, 10001, 5000",
        "4, 1500, 1024, 1 << 24, 40000000"})
    void momentsAreTheExactOnesCorrectlyRounded(long seed, int count, int rows, String magnitude, int offset) {
        int mag = magnitude.contains("<<") ? 1 << 24 : Integer.parseInt(magnitude);
        int[][][] blocks = blocks(seed, count, rows, mag, offset);
        HundredthsMoments m = new HundredthsMoments(K);
        WelfordMoments w = new WelfordMoments(K);
        double[] row = new double[K];
        for (int[][] block : blocks) {
            assertTrue(m.add(block, rows));
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < K; i++) {
                    row[i] = block[i][r] / 100.0;
                }
                w.add(row);
            }
        }
        WelfordMoments got = m.toWelford();
        assertEquals((long) count * rows, got.count());
        for (int[] pair : new int[][] {{0, 1}, {1, 2}, {3, 4}, {0, 4}}) {
            double[] want = exact(blocks, pair[0], pair[1]);
            assertEquals(want[0], got.mean(pair[0]), Math.ulp(want[0]) * 2, "mean");
            assertEquals(want[1], got.sampleVariance(pair[0]), Math.abs(want[1]) * 1e-15, "variance");
            assertEquals(want[2], got.correlation(pair[0], pair[1]), 1e-14, "correlation");
            // and Welford's updates in doubles agree to well within what the views promise (1e-9)
            assertEquals(want[1], w.sampleVariance(pair[0]), Math.abs(want[1]) * 1e-9);
            assertEquals(want[2], w.correlation(pair[0], pair[1]), 1e-9);
        }
    }

    @ParameterizedTest
    @CsvSource({"11, 0.5", "12, 0.01", "13, 0.99"})
    void mergedMomentsAreThoseOfAllObservations(long seed, double share) {
        Random r = new Random(seed);
        WelfordMoments all = new WelfordMoments(K);
        WelfordMoments a = new WelfordMoments(K);
        WelfordMoments b = new WelfordMoments(K);
        double[] row = new double[K];
        for (int n = 0; n < 20_000; n++) {
            for (int i = 0; i < K; i++) {
                row[i] = 50 + 10 * r.nextGaussian() + (i > 0 ? row[0] * 0.3 : 0);
            }
            all.add(row);
            (r.nextDouble() < share ? a : b).add(row);
        }
        a.merge(b);
        assertEquals(all.count(), a.count());
        for (int i = 0; i < K; i++) {
            assertEquals(all.mean(i), a.mean(i), Math.abs(all.mean(i)) * 1e-12);
            assertEquals(all.sampleVariance(i), a.sampleVariance(i), all.sampleVariance(i) * 1e-12);
            for (int j = i + 1; j < K; j++) {
                assertEquals(all.correlation(i, j), a.correlation(i, j), 1e-12);
            }
        }
        WelfordMoments empty = new WelfordMoments(K);
        empty.merge(a);
        assertEquals(a.mean(2), empty.mean(2));
        a.merge(new WelfordMoments(K));
        assertEquals(empty.sampleVariance(3), a.sampleVariance(3));
    }

    @ParameterizedTest
    @CsvSource({"67108865, 24", "-67108865, 24", "100, 1025"})
    void blocksItCannotKeepExactAreRefusedWhole(int value, int rows) {
        HundredthsMoments m = new HundredthsMoments(K);
        int[][] block = new int[K][rows];
        block[2][rows - 1] = value;
        assertFalse(m.add(block, rows));
        assertEquals(0, m.count());
    }
}
