package org.fleetgen.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceStreamTest {
    /** numpy.round(x, 2) printed by numpy 2.4.6; Python's own round differs on several of these. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"5.245, 5.24", "0.125, 0.12", "0.375, 0.38", "2.675, 2.68", "1.005, 1.0", "1234.565, 1234.56",
            "0.005, 0.0", "0.015, 0.02", "99.995, 100.0", "45.675, 45.68"})
    void roundsLikeNumpy(double input, double expected) {
        assertEquals(expected, ReferenceStream.round2(input));
    }
}
