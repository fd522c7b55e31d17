package org.fleetgen.stats;

/**
 * Standard normal deviates by Marsaglia's polar method, exactly as numpy's legacy
 * {@code RandomState.standard_normal} draws them.
 *
 * <p>Method: draw {@code x1 = 2u - 1}, {@code x2 = 2u - 1} from {@link Mt19937#nextDouble()} until
 * {@code 0 < r2 = x1^2 + x2^2 < 1}; with {@code f = sqrt(-2 ln(r2) / r2)} return {@code f * x2} and
 * keep {@code f * x1} for the next call. Returning the second of the pair first is what numpy does,
 * and it matters for reproducing its streams.
 *
 * <p>{@link Math#log} may differ from glibc's {@code log} by one ulp on a few inputs; the reference
 * model rounds every value to two decimals and no rounded value of the reference datasets changes.
 */
public final class MarsagliaPolarGaussian {
    private final Mt19937 source;
    private boolean hasCached;
    private double cached;

    public MarsagliaPolarGaussian(Mt19937 source) {
        this.source = source;
    }

    public double next() {
        if (hasCached) {
            hasCached = false;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * source.nextDouble() - 1.0;
            x2 = 2.0 * source.nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        cached = f * x1;
        hasCached = true;
        return f * x2;
    }
}
