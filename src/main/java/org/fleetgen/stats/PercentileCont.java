package org.fleetgen.stats;

/**
 * PostgreSQL's {@code percentile_cont(p)}, value for value: with the values sorted, take row
 * {@code p × (n − 1)} counted from 0; between two rows, interpolate as {@code lo + (hi − lo) × fraction}
 * in doubles, exactly as PostgreSQL's {@code float8_lerp} does. Rows are found by selection (quickselect),
 * so a group of n values costs O(n), not a sort.
 */
public final class PercentileCont {
    private PercentileCont() {
    }

    /** The percentile of the first {@code n} entries of {@code values}, which it reorders; NaN when n is 0. */
    public static double of(double[] values, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        double position = p * (n - 1);
        int first = (int) Math.floor(position);
        int second = (int) Math.ceil(position);
        double lo = select(values, n, first);
        if (second == first) {
            return lo;
        }
        // After selection every entry right of `first` is >= lo: the next order statistic is their minimum.
        double hi = Double.POSITIVE_INFINITY;
        for (int i = first + 1; i < n; i++) {
            hi = Math.min(hi, values[i]);
        }
        return lerp(lo, hi, position - first);
    }

    /** PostgreSQL's float8_lerp. */
    public static double lerp(double lo, double hi, double fraction) {
        return lo + (hi - lo) * fraction;
    }

    /** Rearranges values[0, n) so that values[k] is the k-th smallest, smaller ones left of it, larger right. */
    static double select(double[] a, int n, int k) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            // Median of three keeps sorted or constant input from degrading to quadratic time.
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
            double pivot = a[mid];
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
