package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Φ by Cody's approximations against Commons Math's incomplete-gamma Φ, in every range and both tails. */
class CodyNormalTest {
    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    /** Φ(x) to 17 digits, computed once with mpmath at 40 digits (mpmath.ncdf), across the three ranges and both tails. */
    private static final double[][] REFERENCE = {
        {-37.5, 4.6053530095819548e-308}, {-36.3, 8.0895906593500128e-289}, {-28.97, 7.8570000688903672e-185},
        {-20, 2.7536241186062337e-89}, {-10, 7.6198530241605261e-24}, {-5.6, 1.0717590258310907e-8},
        {-5.7, 5.9903714010635344e-9}, {-3, 0.0013498980316300945}, {-1, 0.15865525393145705},
        {-0.6744, 0.25002852137294061}, {-0.5, 0.3085375387259869}, {0.3, 0.61791142218895264},
        {0.6745, 0.75000325713630083}, {2, 0.97724986805182079}, {5.6, 0.99999998928240974}, {7, 0.99999999999872019}};

    @Test
    void matchesHighPrecisionValuesInEveryRange() {
        for (double[] r : REFERENCE) {
            double rel = Math.abs(CodyNormal.cdf(r[0]) - r[1]) / r[1];
            // Far in the tail Φ's relative condition number is about x², so the rounding of x itself shows.
            assertTrue(rel < 1e-14 * Math.max(1, r[0] * r[0]), "x=" + r[0] + ": relative error " + rel);
        }
    }

    @Test
    void agreesWithTheIncompleteGammaFormWhereThatIsAccurate() {
        // A dense sweep over the ranges |x| ≤ 0.674, ≤ √32 and beyond, as far out as Commons Math keeps its digits.
        for (double x = -20; x <= 0.674; x += 0.0137) {
            double expected = STANDARD.cumulativeProbability(x);
            assertEquals(expected, CodyNormal.cdf(x), 1e-13 * expected, "x=" + x);
        }
        for (double x = -0.674; x <= 8.2; x += 0.0113) {
            assertEquals(STANDARD.cumulativeProbability(x), CodyNormal.cdf(x), 3.4e-16, "x=" + x);  // three ulps of 1
        }
    }

    @Test
    void upperTailIsTheMirrorOfTheLowerAndKnownValuesHold() {
        for (double x = 0; x < 38; x += 0.25) {
            // Upper tail by 1 - Φ(x) loses digits; Φ(-x) keeps them: the two must agree to the ulp of 1.
            assertEquals(1 - CodyNormal.cdf(-x), CodyNormal.cdf(x), 2.3e-16, "x=" + x);
        }
        assertEquals(0.5, CodyNormal.cdf(0), 0);
        assertEquals(0.9750021048517795, CodyNormal.cdf(1.96), 1e-15);
        assertEquals(7.619853024160527e-24, CodyNormal.cdf(-10), 1e-36);
        assertEquals(0, CodyNormal.cdf(-41), 0);
        assertEquals(1, CodyNormal.cdf(41), 0);
        assertEquals(0, CodyNormal.cdf(Double.NEGATIVE_INFINITY), 0);
        assertEquals(1, CodyNormal.cdf(Double.POSITIVE_INFINITY), 0);
        assertTrue(Double.isNaN(CodyNormal.cdf(Double.NaN)));
        for (double x = -6; x <= 6; x += 0.5) {
            assertEquals(STANDARD.density(x), CodyNormal.density(x), 1e-16, "density at " + x);
        }
    }
}
