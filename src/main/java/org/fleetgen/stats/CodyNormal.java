package org.fleetgen.stats;

/**
 * The standard normal distribution function Φ by W. J. Cody's rational Chebyshev approximations
 * (ACM TOMS Algorithm 715, the method of R's {@code pnorm}): three ranges of |x|, relative error near
 * double precision in each, both tails accurate. About twenty times faster than an incomplete-gamma
 * evaluation, which matters where the implied statistics evaluate Φ at every stamp of a dataset.
 */
public final class CodyNormal {
    private static final double[] A = {2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
        18154.981253343561249, 0.065682337918207449113};
    private static final double[] B = {47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
        45507.789335026729956};
    private static final double[] C = {0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124,
        9842.7148383839780218, 1.0765576773720192317e-8};
    private static final double[] D = {22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
        6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411,
        19685.429676859990727};
    private static final double[] P = {0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
        0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303};
    private static final double[] Q = {1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
        0.00378239633202758244, 7.29751555083966205e-5};
    /** |x| up to which the central approximation is used: Φ^-1(0.75). */
    private static final double CENTRAL = 0.67448975;
    private static final double SQRT_32 = 5.656854249492380195206754896838;
    private static final double ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
    /** Beyond this |x|, Φ is 0 or 1 in doubles (the tail underflows near 38.5). */
    private static final double SATURATED = 40;

    private CodyNormal() {
    }

    /** Φ(x) = P[Z ≤ x] for a standard normal Z. */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double y = Math.abs(x);
        if (y <= CENTRAL) {
            double numerator = 0;
            double denominator = 0;
            if (y > 1.1102230246251565e-16) {
                double xsq = x * x;
                numerator = A[4] * xsq;
                denominator = xsq;
                for (int i = 0; i < 3; i++) {
                    numerator = (numerator + A[i]) * xsq;
                    denominator = (denominator + B[i]) * xsq;
                }
            }
            return 0.5 + x * (numerator + A[3]) / (denominator + B[3]);
        }
        if (y > SATURATED) {
            return x > 0 ? 1 : 0;
        }
        double tail;
        if (y <= SQRT_32) {
            double numerator = C[8] * y;
            double denominator = y;
            for (int i = 0; i < 7; i++) {
                numerator = (numerator + C[i]) * y;
                denominator = (denominator + D[i]) * y;
            }
            tail = gaussianFactor(y) * (numerator + C[7]) / (denominator + D[7]);
        } else {
            double xsq = 1 / (x * x);
            double numerator = P[5] * xsq;
            double denominator = xsq;
            for (int i = 0; i < 4; i++) {
                numerator = (numerator + P[i]) * xsq;
                denominator = (denominator + Q[i]) * xsq;
            }
            double r = xsq * (numerator + P[4]) / (denominator + Q[4]);
            tail = gaussianFactor(y) * (ONE_OVER_SQRT_2PI - r) / y;
        }
        // tail is P[Z > |x|].
        return x > 0 ? 1 - tail : tail;
    }

    /** The standard normal density φ(x). */
    public static double density(double x) {
        return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** exp(-y²/2), split at a multiple of 1/16 so the large part is exact (Cody's guard against cancellation). */
    private static double gaussianFactor(double y) {
        double ysq = Math.floor(y * 16) / 16;
        double del = (y - ysq) * (y + ysq);
        return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
    }
}
