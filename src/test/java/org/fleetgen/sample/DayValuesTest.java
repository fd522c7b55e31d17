package org.fleetgen.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A day's rollup gives back every value bit for bit, whatever the values, and its size follows them. */
class DayValuesTest {
    private static byte[] encode(List<double[]> rows) {
        DayValues.Builder b = new DayValues.Builder();
        for (int h = 0; h < rows.size(); h++) {
            b.add(h, rows.get(h));
        }
        return b.encode();
    }

    private static void roundTrip(List<double[]> rows) {
        DayValues d = DayValues.decode(encode(rows));
        assertEquals(rows.size(), d.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, d.hour(i));
            for (Metric m : Metric.ALL) {
                assertEquals(Double.doubleToRawLongBits(rows.get(i)[m.ordinal()]), Double.doubleToRawLongBits(d.value(m, i)),
                        m + " row " + i + ": " + rows.get(i)[m.ordinal()]);
            }
        }
    }

    @Test
    void everyKindOfValueComesBackExactly() {
        Random r = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(24);
            List<double[]> rows = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] row = new double[5];
                for (int m = 0; m < 5; m++) {
                    row[m] = switch ((trial + m) % 6) {
                        case 0 -> Math.rint(r.nextDouble() * 10000) / 100;       // a percentage
                        case 1 -> Math.rint(r.nextDouble() * 100000) / 100;      // network beyond 655.35
                        case 2 -> r.nextDouble() * 50;                           // not hundredths
                        case 3 -> -Math.rint(r.nextDouble() * 500) / 100;        // negative
                        case 4 -> r.nextBoolean() ? -0.0 : 0.0;                  // signed zeros
                        default -> Math.rint(r.nextDouble() * 2e9) / 100;        // past 32-bit hundredths
                    };
                }
                rows.add(row);
            }
            roundTrip(rows);
        }
    }

    /** A load encodes the values it built (hundredths found once): the bytes must be the builder's, for every kind. */
    @Test
    void builtValuesEncodeToTheBuildersBytes() {
        Random r = new Random(11);
        double[] edges = {19_999_999.99, 20_000_000.0, 20_000_000.01, 21_474_836.47, 21_474_836.48, -19_999_999.99, -20_000_000.0,
                655.35, 655.36, -0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e300};
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + r.nextInt(24);
            DayValues.Builder b = new DayValues.Builder();
            for (int i = 0; i < n; i++) {
                double[] row = new double[5];
                for (int m = 0; m < 5; m++) {
                    row[m] = switch ((trial + m) % 7) {
                        case 0 -> Math.rint(r.nextDouble() * 10000) / 100;
                        case 1 -> Math.rint(r.nextDouble() * 100000) / 100;
                        case 2 -> r.nextDouble() * 50;
                        case 3 -> -Math.rint(r.nextDouble() * 500) / 100;
                        case 4 -> r.nextBoolean() ? -0.0 : 0.0;
                        case 5 -> Math.rint(r.nextDouble() * 2.2e9) / 100;
                        default -> i == 0 || r.nextInt(4) == 0 ? edges[r.nextInt(edges.length)] : Math.rint(r.nextDouble() * 100) / 100;
                    };
                }
                b.add(i, row);
            }
            byte[] expected = b.encode();
            assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(b.build().encode()), "trial " + trial);
        }
    }

    @Test
    void twoDecimalPercentagesTakeTwoBytesAValue() {
        double[] row = {99.99, 0.0, 55.5, 655.35, 600.0};
        byte[] e = encode(List.of(row, row, row));
        assertEquals(2 + 3 + 5 * (1 + 3 * 2), e.length);
        double[] wide = {99.99, 0.0, 55.5, 655.36, 600.0};
        assertEquals(2 + 3 + 4 * (1 + 3 * 2) + (1 + 3 * 4), encode(List.of(wide, wide, wide)).length);
    }

    @Test
    void damagedRollupsAreRejected() {
        byte[] e = encode(List.<double[]>of(new double[] {1, 2, 3, 4, 5}));
        byte[] longer = java.util.Arrays.copyOf(e, e.length + 1);
        assertThrows(IllegalArgumentException.class, () -> DayValues.decode(longer));
        byte[] badWidth = e.clone();
        badWidth[2 + 1] = 3;
        assertThrows(IllegalArgumentException.class, () -> DayValues.decode(badWidth));
    }
}
