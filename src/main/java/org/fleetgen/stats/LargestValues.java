package org.fleetgen.stats;

import java.util.Arrays;

/**
 * The k largest of a stream of whole numbers (hundredths), with their multiplicities: what a percentile at
 * the top of a group needs when the group's size is known in advance. {@code percentile_cont(p)} of n values
 * reads the order statistics at {@code floor(p(n-1))} and {@code ceil(p(n-1))}, both among the
 * {@code n - floor(p(n-1))} largest ({@link #keptFor}), so a group's percentile is exact from them however the
 * values were split between the streams that kept them. Values below the k-th largest seen so far are
 * dropped on arrival; the buffer is compacted by selection when it fills.
 */
public final class LargestValues {
    private final int k;
    private int[] values;
    private int size;
    /**
     * Once k values are kept (after the first compaction), none at or below this can enter: a value equal to the
     * smallest kept one changes no order statistic among the k largest. Ties are common at a metric's bound (cpu
     * clipped at 100.00), and letting them in filled the buffer for nothing (a month's group of 31,248 values, a fifth
     * of them at the bound: 0.3 ms instead of 0.4 with C1).
     */
    private volatile int floor = Integer.MIN_VALUE;
    private boolean full;
    private long seen;

    public LargestValues(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("keeping " + k + " values");
        }
        this.k = k;
        this.values = new int[Math.min(2 * k, 16)];
    }

    /** How many of the largest of n values {@code percentile_cont(p)} reads (PostgreSQL's position p(n-1)). */
    public static int keptFor(long n, double p) {
        double position = p * (n - 1);
        return (int) (n - (long) Math.floor(position));
    }

    public long seen() {
        return seen;
    }

    /**
     * No value below this can enter. Streams that share this instance read it without its lock to filter their
     * values before taking the lock ({@link #addFiltered}): it only ever rises, so a stale read lets more values
     * through, never fewer.
     */
    public int floor() {
        return floor;
    }

    /**
     * Adds the first {@code count} of {@code candidates}: the values of {@code total} seen that were not below
     * {@link #floor()} when the caller filtered them; the others count as seen.
     */
    public void addFiltered(int[] candidates, int count, long total) {
        if (count > total) {
            throw new IllegalArgumentException(count + " candidates of " + total + " values");
        }
        // add(v) for each candidate, with the buffer and the floor in locals (C1, which compiles a load, would
        // call add and reload its fields for every value), handed back around a compaction.
        int[] buffer = values;
        int filled = size;
        int below = floor;
        boolean atFloorOut = full;
        for (int i = 0; i < count; i++) {
            int v = candidates[i];
            if (v < below || (v == below && atFloorOut)) {
                continue;
            }
            if (filled == buffer.length) {
                size = filled;
                makeRoom();
                buffer = values;
                filled = size;
                below = floor;
                atFloorOut = full;
            }
            buffer[filled++] = v;
        }
        size = filled;
        seen += total;
    }

    /** Counts {@code n} values the caller found below {@link #floor()} (none of them can enter). */
    public void countBelowFloor(long n) {
        seen += n;
    }

    public void add(int v) {
        seen++;
        if (v < floor || (v == floor && full)) {
            return;
        }
        if (size == values.length) {
            makeRoom();
        }
        values[size++] = v;
    }

    /** A full buffer: grown up to twice k, then compacted to the k largest. */
    private void makeRoom() {
        if (values.length < 2 * k) {
            values = Arrays.copyOf(values, Math.min(2 * k, values.length * 2));
        } else {
            compact();
        }
    }

    /** Adds every value another stream kept (and counts what it saw). */
    public void addAll(LargestValues other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
        seen += other.seen - other.size;
    }

    /** Keeps the k largest; from then on, none below the smallest of them enters. */
    private void compact() {
        if (size <= k) {
            return;
        }
        int drop = size - k;
        select(values, size, drop);
        // The selection left the k largest right of position drop, the smallest of them at it.
        floor = values[drop];
        System.arraycopy(values, drop, values, 0, k);
        size = k;
        full = true;
    }

    /**
     * {@code percentile_cont(p)} of all {@code n} values the streams saw, in hundredths made doubles as a rollup
     * decodes them (value / 100.0); NaN when none. Needs {@code keptFor(n, p) <= k}. Reads the kept values
     * without changing them.
     */
    public double percentileCont(long n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        if (seen != n || keptFor(n, p) > k) {
            throw new IllegalStateException("kept the " + k + " largest of " + seen + " values, asked for p" + p + " of " + n);
        }
        double position = p * (n - 1);
        long first = (long) Math.floor(position);
        long second = (long) Math.ceil(position);
        // The buffer holds the k largest and whatever entered above the floor since its last compaction; every
        // value left out is at or below the k-th largest. So the order statistic `first`, the (n - first)-th
        // largest with n - first <= k, is the (n - first)-th largest of the buffer: one selection over it, with
        // no compaction first. The next order statistic is the smallest of those right of it.
        int[] kept = Arrays.copyOf(values, size);
        int at = (int) (size - (n - first));
        select(kept, size, at);
        double lo = kept[at] / 100.0;
        if (second == first) {
            return lo;
        }
        int next = Integer.MAX_VALUE;
        for (int i = at + 1; i < size; i++) {
            next = Math.min(next, kept[i]);
        }
        return PercentileCont.lerp(lo, next / 100.0, position - first);
    }

    /** Rearranges a[0, n) so that a[j] is the j-th smallest, smaller ones left of it, larger right. */
    private static void select(int[] a, int n, int j) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            if (a[mid] < a[left]) {
                swap(a, mid, left);
            }
            if (a[right] < a[left]) {
                swap(a, right, left);
            }
            if (a[right] < a[mid]) {
                swap(a, right, mid);
            }
            int pivot = a[mid];
            int i = left;
            int r = right;
            while (i <= r) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[r] > pivot) {
                    r--;
                }
                if (i <= r) {
                    swap(a, i, r);
                    i++;
                    r--;
                }
            }
            if (j <= r) {
                right = r;
            } else if (j >= i) {
                left = i;
            } else {
                return;
            }
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
