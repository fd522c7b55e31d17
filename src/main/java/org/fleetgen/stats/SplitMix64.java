package org.fleetgen.stats;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014) used as a counter-based generator: {@link #at(long, long)} is
 * the {@code counter}-th output of the SplitMix64 sequence seeded with {@code key}, a pure function of its
 * arguments. Draws indexed by absolute time need no state to carry, so any stretch of a series can be
 * generated on its own, on any thread, and gives the same numbers as the whole.
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /** The SplitMix64 finaliser (variant 13 of Stafford's mixers). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Output number {@code counter} of the sequence whose state starts at {@code key}. */
    public static long at(long key, long counter) {
        return mix(key + (counter + 1) * GOLDEN_GAMMA);
    }

    /** A uniform double in the open interval (0, 1), from the top 53 bits of {@link #at}. */
    public static double uniform(long key, long counter) {
        return ((at(key, counter) >>> 11) + 0.5) * 0x1.0p-53;
    }

    /**
     * Two independent standard normals, {@code out[at]} and {@code out[at + 1]}: the Box–Muller transform's
     * cosine and sine of the uniforms {@code 2c} and {@code 2c + 1} (the first is {@link #gaussian}).
     */
    public static void gaussianPair(long key, long counter, double[] out, int at) {
        double r = Math.sqrt(-2 * Math.log(uniform(key, 2 * counter)));
        double theta = 2 * Math.PI * uniform(key, 2 * counter + 1);
        out[at] = r * Math.cos(theta);
        out[at + 1] = r * Math.sin(theta);
    }

    /** A standard normal by the Box–Muller transform of the uniforms {@code 2c} and {@code 2c + 1}. */
    public static double gaussian(long key, long counter) {
        double u1 = uniform(key, 2 * counter);
        double u2 = uniform(key, 2 * counter + 1);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
