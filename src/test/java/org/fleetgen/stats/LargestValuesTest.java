package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The largest values kept by several streams give percentile_cont at the top exactly (as PercentileCont of all
 * the values), whatever the split, the order and the ties: constant runs, many ties at the boundary, sorted
 * and reversed input, groups of one, and sizes where p(n-1) is whole.
 */
class LargestValuesTest {
    @ParameterizedTest
    @CsvSource({
        // n, streams, distinct values, p, order (0 random, 1 ascending, 2 descending)
        "1, 1, 10, 0.95, 0", "2, 2, 10, 0.95, 0", "21, 3, 5, 0.95, 0", "720, 2, 10000, 0.95, 0", "864, 4, 3, 0.95, 0",
        "930, 7, 100000, 0.95, 1", "1000, 3, 1, 0.95, 2", "21600, 5, 10001, 0.95, 0", "5001, 2, 50, 0.5, 0", "999, 9, 7, 0.99, 1",
    })
    void theKeptLargestGiveThePercentileOfAll(int n, int streams, int distinct, double p, int order) {
        Random r = new Random(n * 31L + streams);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = r.nextInt(distinct);
        }
        if (order != 0) {
            java.util.Arrays.sort(all);
            if (order == 2) {
                for (int i = 0; i < n / 2; i++) {
                    int t = all[i];
                    all[i] = all[n - 1 - i];
                    all[n - 1 - i] = t;
                }
            }
        }
        int k = LargestValues.keptFor(n, p);
        List<LargestValues> parts = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            parts.add(new LargestValues(k));
        }
        for (int i = 0; i < n; i++) {
            parts.get(r.nextInt(streams)).add(all[i]);
        }
        LargestValues merged = new LargestValues(k);
        for (LargestValues part : parts) {
            merged.addAll(part);
        }
        double[] doubles = new double[n];
        for (int i = 0; i < n; i++) {
            doubles[i] = all[i] / 100.0;
        }
        double expected = PercentileCont.of(doubles, n, p);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(merged.percentileCont(n, p)), "n=" + n);
        assertEquals(n, merged.seen());
    }

    /** Asked for more than it saw, or for a percentile whose order statistics it did not keep: refused, not guessed. */
    @ParameterizedTest
    @CsvSource({"100, 0.95, 101", "100, 0.5, 100", "10, 0.95, 9"})
    void aPercentileItCannotKnowIsRefused(int n, double p, long askedOf) {
        LargestValues v = new LargestValues(LargestValues.keptFor(n, 0.95));
        for (int i = 0; i < n; i++) {
            v.add(i);
        }
        assertThrows(IllegalStateException.class, () -> v.percentileCont(askedOf, p));
    }
}
