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
        inOrder(all, order);
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

    /**
     * Threads sharing one instance, each filtering its batches against the floor it read without the lock (possibly
     * stale: some batches use the floor read a few batches earlier) and adding only the candidates under the lock,
     * the rest counted: the percentile is still exact, whatever the interleaving, and every value counts as seen.
     */
    @ParameterizedTest
    @CsvSource({
        // n, threads, batch, distinct values, order (0 random, 1 ascending, 2 descending)
        "720, 2, 24, 10000, 0", "22320, 2, 24, 10001, 0", "22320, 4, 31, 100001, 1", "5000, 3, 7, 3, 0", "10000, 2, 24, 1, 2",
        "40000, 3, 744, 500, 2", "1, 1, 1, 10, 0",
    })
    void sharedByThreadsFilteringAgainstTheFloorKeepsThePercentileExact(int n, int threads, int batch, int distinct, int order) throws Exception {
        Random r = new Random(n * 7L + threads);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = r.nextInt(distinct);
        }
        inOrder(all, order);
        LargestValues shared = new LargestValues(LargestValues.keptFor(n, 0.95));
        java.util.concurrent.atomic.AtomicLong filteredOut = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int first = w;
            workers.add(new Thread(() -> {
                int[] candidates = new int[batch];
                int staleFloor = Integer.MIN_VALUE;
                int batches = 0;
                for (int from = first * batch; from < n; from += threads * batch) {
                    int to = Math.min(n, from + batch);
                    int floor = batches++ % 3 == 2 ? staleFloor : shared.floor();
                    staleFloor = shared.floor();
                    int count = 0;
                    for (int i = from; i < to; i++) {
                        if (all[i] >= floor) {
                            candidates[count++] = all[i];
                        }
                    }
                    if (count == 0) {
                        filteredOut.addAndGet(to - from);
                        continue;
                    }
                    synchronized (shared) {
                        shared.addFiltered(candidates, count, to - from);
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread t : workers) {
            t.join();
        }
        shared.countBelowFloor(filteredOut.get());
        double[] doubles = new double[n];
        for (int i = 0; i < n; i++) {
            doubles[i] = all[i] / 100.0;
        }
        assertEquals(Double.doubleToRawLongBits(PercentileCont.of(doubles, n, 0.95)), Double.doubleToRawLongBits(shared.percentileCont(n, 0.95)), "n=" + n);
        assertEquals(n, shared.seen());
    }

    /** More candidates than values is a caller's mistake, not a count to trust. */
    @org.junit.jupiter.api.Test
    void moreCandidatesThanValuesIsRefused() {
        LargestValues v = new LargestValues(3);
        assertThrows(IllegalArgumentException.class, () -> v.addFiltered(new int[] {1, 2, 3}, 3, 2));
    }

    /** Order 0 leaves the values as drawn; 1 sorts them ascending, 2 descending. */
    private static void inOrder(int[] all, int order) {
        if (order != 0) {
            java.util.Arrays.sort(all);
            if (order == 2) {
                for (int i = 0; i < all.length / 2; i++) {
                    int t = all[i];
                    all[i] = all[all.length - 1 - i];
                    all[all.length - 1 - i] = t;
                }
            }
        }
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
