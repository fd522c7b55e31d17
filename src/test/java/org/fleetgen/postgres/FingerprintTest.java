package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * Defect: Fingerprint was a record over a BigDecimal[], so equals compared arrays by identity and two
 * fingerprints of the same rows were unequal (and hashed apart). Fingerprints are now values.
 */
class FingerprintTest {
    private static Fingerprint of(double... rowValues) {
        Fingerprint.Builder b = new Fingerprint.Builder();
        for (int i = 0; i < rowValues.length; i++) {
            double v = rowValues[i];
            b.add(1_700_000_000L + 3600L * i, new double[] {v, v + 1, v + 2, v * 10, v * 6});
        }
        return b.build();
    }

    @Test
    void fingerprintsOfTheSameRowsAreEqualValues() {
        Fingerprint a = of(1.5, 2.25, 99.99);
        Fingerprint b = of(1.5, 2.25, 99.99);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(a.matches(b));
        assertEquals(1, new HashSet<>(List.of(a, b)).size());
    }

    @Test
    void theServersScaleOfASumDoesNotMatter() {
        Fingerprint generated = of(1.5);
        List<BigDecimal> serverSums = generated.sums().stream().map(s -> s.setScale(6)).toList();
        Fingerprint stored = new Fingerprint(generated.rows(), serverSums, generated.md5());
        assertEquals(generated, stored);
        assertEquals(generated.hashCode(), stored.hashCode());
    }

    @Test
    void anyDifferenceMakesThemUnequal() {
        Fingerprint a = of(1.5, 2.25, 99.99);
        for (Fingerprint other : List.of(of(1.5, 2.25), of(1.5, 2.25, 99.98), of(2.25, 1.5, 99.99),
                new Fingerprint(a.rows(), a.sums(), "0".repeat(32)))) {
            assertNotEquals(a, other);
            assertFalse(a.matches(other));
        }
        // Same rows in another order: count and sums agree, the digest does not.
        assertTrue(a.sameCountAndSums(of(2.25, 1.5, 99.99)));
    }
}
