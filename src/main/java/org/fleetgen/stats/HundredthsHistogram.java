package org.fleetgen.stats;

import java.util.Arrays;

/**
 * A multiset of doubles, stored as counts per hundredth for values that are whole hundredths in
 * [0, {@code limit}) and as a plain sorted list for any other value, so order statistics are exact either
 * way. Built for values with two decimals (a million values of one metric take one array of counts).
 */
public final class HundredthsHistogram {
    private final int limit;
    /** Counts per hundredth, four bytes each (half the cache of longs: counting is the hot loop)... */
    private int[] counts = new int[1024];
    /** ...until a bin would overflow them; from then on, longs. */
    private long[] wide;
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
            increment(b, 1);
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
            if (wide == null && hundredths < counts.length && counts[hundredths] < Integer.MAX_VALUE - 1) {
                counts[hundredths]++;
            } else {
                increment(hundredths, 1);
            }
            if (hundredths > maxBin) {
                maxBin = hundredths;
            }
        } else {
            add(hundredths / 100.0);
        }
    }

    /**
     * Adds the first {@code count} of {@code values}, each a whole number of hundredths: the same as adding them
     * one by one. A load counts every value this way, a server's day at a time: under C1, which compiles a load,
     * a loop here keeps the bins and the counters in registers, where a call per value reloads them all.
     */
    public void addHundredths(int[] values, int count) {
        int[] c = counts;
        if (c == null) {
            for (int i = 0; i < count; i++) {
                addHundredths(values[i]);
            }
            return;
        }
        int max = maxBin;
        long added = 0;
        for (int i = 0; i < count; i++) {
            int h = values[i];
            if (h >= 0 && h < c.length && c[h] < Integer.MAX_VALUE - 1) {
                c[h]++;
                added++;
                if (h > max) {
                    max = h;
                }
            } else {
                // Out of range, beyond the bins, or a bin about to overflow: the general path, with the
                // counters handed back first and read again after (the bins may have grown or become longs).
                n += added;
                added = 0;
                maxBin = max;
                addHundredths(h);
                max = maxBin;
                c = counts;
                if (c == null) {
                    for (int j = i + 1; j < count; j++) {
                        addHundredths(values[j]);
                    }
                    return;
                }
            }
        }
        n += added;
        maxBin = max;
    }

    private int length() {
        return wide != null ? wide.length : counts.length;
    }

    private long count(int b) {
        return wide != null ? wide[b] : counts[b];
    }

    /** Adds {@code c} to bin {@code b}, growing the bins, and moving to long counts before an int would overflow. */
    private void increment(int b, long c) {
        if (b >= length()) {
            int size = Math.min(limit, Math.max(b + 1, length() * 2));
            if (wide != null) {
                wide = Arrays.copyOf(wide, size);
            } else {
                counts = Arrays.copyOf(counts, size);
            }
        }
        if (wide == null && counts[b] + c >= Integer.MAX_VALUE) {
            wide = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                wide[i] = counts[i];
            }
            counts = null;
        }
        if (wide != null) {
            wide[b] += c;
        } else {
            counts[b] += (int) c;
        }
    }

    /** Adds every value of another histogram (bin by bin, in order: cheaper than adding its values one by one). */
    public void addAll(HundredthsHistogram other) {
        for (int b = 0; b <= other.maxBin; b++) {
            long c = other.count(b);
            if (c > 0) {
                increment(b, c);
            }
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
            long c = count(b);
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

    /**
     * Writes the multiset compactly: the counted bins as gaps and counts in variable-length integers (a
     * metric's values crowd into neighbouring hundredths, so most gaps and many counts take a byte), then
     * the other values as doubles. {@link #readFrom} reads it back into a histogram of the same limit.
     */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(n);
        int bins = 0;
        for (int b = 0; b <= maxBin; b++) {
            bins += count(b) > 0 ? 1 : 0;
        }
        writeVarLong(out, bins);
        int previous = -1;
        for (int b = 0; b <= maxBin; b++) {
            long c = count(b);
            if (c > 0) {
                writeVarLong(out, b - previous);
                writeVarLong(out, c);
                previous = b;
            }
        }
        writeVarLong(out, otherCount);
        for (int i = 0; i < otherCount; i++) {
            out.writeDouble(others[i]);
        }
    }

    /** A histogram as {@link #writeTo} wrote it; refuses a form that does not add up. */
    public static HundredthsHistogram readFrom(java.io.DataInput in, int limitHundredths) throws java.io.IOException {
        HundredthsHistogram h = new HundredthsHistogram(limitHundredths);
        long total = in.readLong();
        long bins = readVarLong(in);
        int b = -1;
        for (long i = 0; i < bins; i++) {
            long next = b + readVarLong(in);
            long c = readVarLong(in);
            if (next >= limitHundredths || c <= 0) {
                throw new java.io.IOException("a histogram's bin " + next + " (count " + c + ") is outside its limit " + limitHundredths);
            }
            b = (int) next;
            h.increment(b, c);
            h.maxBin = b;
            h.n += c;
        }
        long others = readVarLong(in);
        for (long i = 0; i < others; i++) {
            h.add(in.readDouble());
        }
        if (h.n != total) {
            throw new java.io.IOException("a histogram holds " + h.n + " values where its header says " + total);
        }
        return h;
    }

    private static void writeVarLong(java.io.DataOutput out, long v) throws java.io.IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(java.io.DataInput in) throws java.io.IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new java.io.IOException("a variable-length integer runs past 64 bits");
    }

    public void clear() {
        if (wide != null) {
            Arrays.fill(wide, 0, maxBin + 1, 0);
        } else {
            Arrays.fill(counts, 0, maxBin + 1, 0);
        }
        maxBin = -1;
        otherCount = 0;
        othersSorted = true;
        n = 0;
    }
}
