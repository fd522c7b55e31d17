package org.fleetgen.stats;

/**
 * The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998) seeded with the reference
 * {@code init_genrand}, as numpy's legacy {@code RandomState(seed)} seeds it.
 *
 * <p>Seeding: {@code mt[0] = seed}, {@code mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >>> 30)) + i}
 * (mod 2<sup>32</sup>). Outputs are tempered 32-bit words. {@link #nextDouble()} is numpy's
 * {@code random_sample}: 53 bits from two outputs, {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53}, in [0, 1).
 * {@link #nextBoundedInt(int)} is numpy's legacy masked rejection for {@code randint(0, n)}.
 * Not thread-safe: one instance per stream.
 */
public final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    public Mt19937(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be in 0..4294967295, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    private void twist() {
        int[] s = mt;
        int kk = 0;
        for (; kk < N - M; kk++) {
            int y = (s[kk] & UPPER_MASK) | (s[kk + 1] & LOWER_MASK);
            s[kk] = s[kk + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; kk < N - 1; kk++) {
            int y = (s[kk] & UPPER_MASK) | (s[kk + 1] & LOWER_MASK);
            s[kk] = s[kk + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (s[N - 1] & UPPER_MASK) | (s[0] & LOWER_MASK);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        index = 0;
    }

    /** The next tempered output, as a signed int holding the 32 unsigned bits. */
    public int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y;
    }

    public double nextDouble() {
        long a = (nextInt() >>> 5) & 0xFFFF_FFFFL;
        long b = (nextInt() >>> 6) & 0xFFFF_FFFFL;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A uniform int in [0, bound), by masked rejection on 32-bit outputs. */
    public int nextBoundedInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int max = bound - 1;
        if (max == 0) {
            return 0;
        }
        int mask = -1 >>> Integer.numberOfLeadingZeros(max);
        int value;
        do {
            value = nextInt() & mask;
        } while (value > max);
        return value;
    }
}
