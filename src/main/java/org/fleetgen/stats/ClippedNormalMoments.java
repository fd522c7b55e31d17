package org.fleetgen.stats;

/**
 * The first two moments of a normal clipped to an interval, in closed form: truncated-normal moments inside
 * [0, u] plus the point masses at both ends, with Φ and φ by {@link CodyNormal}.
 */
public final class ClippedNormalMoments {
    private ClippedNormalMoments() {
    }

    /** E[clip(X, 0, u)] and E[clip(X, 0, u)²] for X ~ N(m, s²). */
    public static double[] of(double m, double s, double u) {
        if (s <= 0) {
            double c = Math.min(Math.max(m, 0), u);
            return new double[] {c, c * c};
        }
        double a = (0 - m) / s;
        double b = (u - m) / s;
        double pa = CodyNormal.cdf(a);
        double pb = CodyNormal.cdf(b);
        double da = CodyNormal.density(a);
        double db = CodyNormal.density(b);
        double inside = pb - pa;
        double first = m * inside + s * (da - db) + u * (1 - pb);
        double second = m * m * inside + 2 * m * s * (da - db) + s * s * (inside + a * da - b * db) + u * u * (1 - pb);
        return new double[] {first, second};
    }
}
