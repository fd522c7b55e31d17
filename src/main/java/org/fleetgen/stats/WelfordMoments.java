package org.fleetgen.stats;

/**
 * Count, mean and co-moments of k variables observed together, updated one observation at a time by
 * Welford's method (numerically stable: no sum of squares to cancel). Gives the sample variance, and the
 * Pearson correlation of any two variables.
 */
public final class WelfordMoments {
    private final int k;
    private long n;
    private final double[] mean;
    /** Co-moments: Σ (x_i − mean_i)(x_j − mean_j), upper triangle, row-major. */
    private final double[] c;
    private final double[] delta;

    public WelfordMoments(int variables) {
        this.k = variables;
        this.mean = new double[variables];
        this.c = new double[variables * variables];
        this.delta = new double[variables];
    }

    /** Moments given directly: {@code comoments} is k×k row-major, upper triangle used. */
    static WelfordMoments of(int variables, long n, double[] mean, double[] comoments) {
        WelfordMoments w = new WelfordMoments(variables);
        w.n = n;
        System.arraycopy(mean, 0, w.mean, 0, variables);
        System.arraycopy(comoments, 0, w.c, 0, variables * variables);
        return w;
    }

    /** Writes the count, means and co-moments, for {@link #readFrom}. */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(k);
        out.writeLong(n);
        for (double m : mean) {
            out.writeDouble(m);
        }
        for (double v : c) {
            out.writeDouble(v);
        }
    }

    /** Moments as {@link #writeTo} wrote them. */
    public static WelfordMoments readFrom(java.io.DataInput in) throws java.io.IOException {
        int variables = in.readInt();
        if (variables < 1 || variables > 64) {
            throw new java.io.IOException("moments of " + variables + " variables");
        }
        WelfordMoments w = new WelfordMoments(variables);
        w.n = in.readLong();
        for (int i = 0; i < variables; i++) {
            w.mean[i] = in.readDouble();
        }
        for (int i = 0; i < variables * variables; i++) {
            w.c[i] = in.readDouble();
        }
        return w;
    }

    /**
     * Adds every observation of {@code other} (Chan, Golub and LeVeque's pairwise update): the moments are
     * those of the two sets of observations together.
     */
    public void merge(WelfordMoments other) {
        if (other.k != k) {
            throw new IllegalArgumentException("merging moments of " + other.k + " variables into " + k);
        }
        if (other.n == 0) {
            return;
        }
        if (n == 0) {
            n = other.n;
            System.arraycopy(other.mean, 0, mean, 0, k);
            System.arraycopy(other.c, 0, c, 0, k * k);
            return;
        }
        double total = (double) n + other.n;
        double weight = (double) n * other.n / total;
        for (int i = 0; i < k; i++) {
            delta[i] = other.mean[i] - mean[i];
        }
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                c[i * k + j] += other.c[i * k + j] + delta[i] * delta[j] * weight;
            }
        }
        for (int i = 0; i < k; i++) {
            mean[i] += delta[i] * other.n / total;
        }
        n += other.n;
    }

    /** Adds one observation of every variable. */
    public void add(double[] x) {
        n++;
        double inverse = 1.0 / n;
        for (int i = 0; i < k; i++) {
            delta[i] = x[i] - mean[i];
            mean[i] += delta[i] * inverse;
        }
        for (int i = 0; i < k; i++) {
            double after = x[i] - mean[i];
            for (int j = i; j < k; j++) {
                c[i * k + j] += delta[j] * after;
            }
        }
    }

    public long count() {
        return n;
    }

    public double mean(int i) {
        return n == 0 ? Double.NaN : mean[i];
    }

    /** Sample variance (n − 1 in the denominator); NaN below two observations. */
    public double sampleVariance(int i) {
        return n < 2 ? Double.NaN : c[i * k + i] / (n - 1);
    }

    /** Pearson correlation; NaN when either variable is constant or there is no observation, as PostgreSQL's corr gives NULL. */
    public double correlation(int i, int j) {
        int a = Math.min(i, j);
        int b = Math.max(i, j);
        double sxx = c[a * k + a];
        double syy = c[b * k + b];
        if (n < 1 || sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return c[a * k + b] / Math.sqrt(sxx * syy);
    }
}
