package org.fleetgen.stats;

import java.util.Arrays;

/**
 * A multiset of doubles, stored as counts per hundredth for values that are whole hundredths in
 * [0, {@code limit}) and as a plain sorted list for any other value, so order statistics are exact either
 * way. Built for values with two decimals (a million values of one metric take one array of counts).
 */
public final class HundredthsHistogram {
    private final int limit;
    private long[] counts = new long[1024];
    private double[] others = new double[16];
    private int otherCount;
    private boolean othersSorted = true;
    private long n;
    private int maxBin = -1;

    /** @param limitHundredths values from 0 to just under {@code limitHundredths / 100} are counted per hundredth */
    public HundredthsHistogram(int limitHundredths) {
        this.limit = limitHundredths;
    }

    public void add(double v) {
        n++;
        long bin = Math.round(v * 100);
        if (bin >= 0 && bin < limit && bin / 100.0 == v && Double.doubleToRawLongBits(bin / 100.0) == Double.doubleToRawLongBits(v)) {
            int b = (int) bin;
            if (b >= counts.length) {
                counts = Arrays.copyOf(counts, Math.min(limit, Math.max(b + 1, counts.length * 2)));
            }
            counts[b]++;
            maxBin = Math.max(maxBin, b);
        } else {
            if (otherCount == others.length) {
                others = Arrays.copyOf(others, otherCount * 2);
            }
            others[otherCount++] = v;
            othersSorted = false;
        }
    }

    /** Adds a value given as a whole number of hundredths (the caller knows it is one). */
    public void addHundredths(int hundredths) {
        if (hundredths >= 0 && hundredths < limit) {
            n++;
            if (hundredths >= counts.length) {
                counts = Arrays.copyOf(counts, Math.min(limit, Math.max(hundredths + 1, counts.length * 2)));
            }
            counts[hundredths]++;
            if (hundredths > maxBin) {
                maxBin = hundredths;
            }
        } else {
            add(hundredths / 100.0);
        }
    }

    /** Adds every value of another histogram (bin by bin, in order: cheaper than adding its values one by one). */
    public void addAll(HundredthsHistogram other) {
        if (other.maxBin >= counts.length) {
            counts = Arrays.copyOf(counts, Math.min(limit, Math.max(other.maxBin + 1, counts.length * 2)));
        }
        long[] theirs = other.counts;
        for (int b = 0; b <= other.maxBin; b++) {
            counts[b] += theirs[b];
        }
        maxBin = Math.max(maxBin, other.maxBin);
        for (int i = 0; i < other.otherCount; i++) {
            if (otherCount == others.length) {
                others = Arrays.copyOf(others, otherCount * 2);
            }
            others[otherCount++] = other.others[i];
            othersSorted = false;
        }
        n += other.n;
    }

    public long count() {
        return n;
    }

    /** The k-th smallest value, from 0. */
    public double kth(long k) {
        if (k < 0 || k >= n) {
            throw new IndexOutOfBoundsException(k + " of " + n);
        }
        if (!othersSorted) {
            Arrays.sort(others, 0, otherCount);
            othersSorted = true;
        }
        // Walk the counted bins and the sorted others together, smallest first.
        int o = 0;
        long seen = 0;
        for (int b = 0; b <= maxBin; b++) {
            double binValue = b / 100.0;
            while (o < otherCount && others[o] < binValue) {
                if (seen == k) {
                    return others[o];
                }
                seen++;
                o++;
            }
            long c = counts[b];
            if (c > 0) {
                if (k < seen + c) {
                    return binValue;
                }
                seen += c;
            }
        }
        return others[(int) (o + (k - seen))];
    }

    /** PostgreSQL's percentile_cont(p) of the values; NaN when there are none. */
    public double percentileCont(double p) {
        if (n == 0) {
            return Double.NaN;
        }
        double position = p * (n - 1);
        long first = (long) Math.floor(position);
        long second = (long) Math.ceil(position);
        double lo = kth(first);
        return second == first ? lo : PercentileCont.lerp(lo, kth(second), position - first);
    }

    public void clear() {
        Arrays.fill(counts, 0, maxBin + 1, 0);
        maxBin = -1;
        otherCount = 0;
        othersSorted = true;
        n = 0;
    }
}
