package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SplitMix64 against the reference implementation's outputs, and its derived uniforms and normals. */
class SplitMix64Test {
    @Test
    void theSequenceIsTheReferenceOne() {
        // The first outputs of Vigna's splitmix64.c seeded with 0.
        assertEquals(0xE220A8397B1DCDAFL, SplitMix64.at(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, SplitMix64.at(0, 1));
        assertEquals(0x06C45D188009454FL, SplitMix64.at(0, 2));
        // A counter is the same as walking the sequence: output c of key k is output c - 1 of key k + gamma.
        assertEquals(SplitMix64.at(0x9E3779B97F4A7C15L, 41), SplitMix64.at(0, 42));
    }

    @Test
    void uniformsAndNormalsHaveTheirMoments() {
        int n = 1_000_000;
        double min = 1;
        double max = 0;
        double sum = 0;
        double sumSq = 0;
        double sumFourth = 0;
        for (int i = 0; i < n; i++) {
            double u = SplitMix64.uniform(12345, i);
            min = Math.min(min, u);
            max = Math.max(max, u);
            double z = SplitMix64.gaussian(777, i);
            sum += z;
            sumSq += z * z;
            sumFourth += z * z * z * z;
        }
        assertTrue(min > 0 && max < 1 && min < 1e-4 && max > 1 - 1e-4, min + " .. " + max);
        assertEquals(0, sum / n, 5 / Math.sqrt(n));
        assertEquals(1, sumSq / n, 5 * Math.sqrt(2.0 / n));
        assertEquals(3, sumFourth / n, 5 * Math.sqrt(96.0 / n));
    }
}
