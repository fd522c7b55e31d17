package org.fleetgen.stats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Count, sums and cross-products of k variables whose values are whole hundredths, kept exactly in
 * integers (a long per sum, spilling into a BigInteger before it would overflow): adding an observation
 * is a few integer multiply-adds, and the moments come out correctly rounded, where an update in doubles
 * (Welford's) costs a division and rounds at every step. {@link #toWelford} hands them to the
 * floating-point path, to be merged with observations that are not hundredths.
 */
public final class HundredthsMoments {
    private final int k;
    private long n;
    private final long[] sum;
    /** Σ x_i x_j, upper triangle, row-major over i <= j. */
    private final long[] cross;
    private final BigInteger[] sumSpill;
    private final BigInteger[] crossSpill;

    public HundredthsMoments(int variables) {
        this.k = variables;
        this.sum = new long[variables];
        this.cross = new long[variables * (variables + 1) / 2];
        this.sumSpill = new BigInteger[sum.length];
        this.crossSpill = new BigInteger[cross.length];
    }

    public long count() {
        return n;
    }

    /** Values of at most this magnitude, in blocks of at most {@link #MAX_BLOCK} rows, keep a block's sums within a long. */
    public static final int MAX_MAGNITUDE = 1 << 26;
    public static final int MAX_BLOCK = 1 << 10;

    /**
     * Adds {@code rows} observations: {@code x[i][r]} is variable i of observation r, in hundredths. Returns
     * false, adding nothing, when the block is larger than {@link #MAX_BLOCK} or a value's magnitude exceeds
     * {@link #MAX_MAGNITUDE} (then the caller takes the floating-point path for it).
     */
    public boolean add(int[][] x, int rows) {
        if (rows <= 0) {
            return true;
        }
        if (rows > MAX_BLOCK) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            int[] xi = x[i];
            for (int r = 0; r < rows; r++) {
                if (xi[r] > MAX_MAGNITUDE || xi[r] < -MAX_MAGNITUDE) {
                    return false;
                }
            }
        }
        n += rows;
        int c = 0;
        for (int i = 0; i < k; i++) {
            int[] xi = x[i];
            long s = 0;
            for (int r = 0; r < rows; r++) {
                s += xi[r];
            }
            sum[i] = add(sum, sumSpill, i, s);
            for (int j = i; j < k; j++, c++) {
                int[] xj = x[j];
                long p = 0;
                for (int r = 0; r < rows; r++) {
                    p += (long) xi[r] * xj[r];
                }
                cross[c] = add(cross, crossSpill, c, p);
            }
        }
        return true;
    }

    private static long add(long[] acc, BigInteger[] spill, int at, long v) {
        long a = acc[at];
        long r = a + v;
        if (((a ^ r) & (v ^ r)) < 0) {  // overflow: move the running total to the spill and restart from v
            spill[at] = (spill[at] == null ? BigInteger.ZERO : spill[at]).add(BigInteger.valueOf(a));
            return v;
        }
        return r;
    }

    private BigInteger sum(int i) {
        BigInteger s = BigInteger.valueOf(sum[i]);
        return sumSpill[i] == null ? s : s.add(sumSpill[i]);
    }

    private BigInteger cross(int c) {
        BigInteger s = BigInteger.valueOf(cross[c]);
        return crossSpill[c] == null ? s : s.add(crossSpill[c]);
    }

    /** Adds another set of observations' sums to these: the moments of both sets together, exactly. */
    public void merge(HundredthsMoments other) {
        if (other.k != k) {
            throw new IllegalArgumentException("merging moments of " + other.k + " variables into " + k);
        }
        n += other.n;
        for (int i = 0; i < sum.length; i++) {
            sumSpill[i] = sum(i).add(other.sum(i));
            sum[i] = 0;
        }
        for (int c = 0; c < cross.length; c++) {
            crossSpill[c] = cross(c).add(other.cross(c));
            cross[c] = 0;
        }
    }

    /** Writes the count and the exact sums (as two's-complement big integers), for {@link #readFrom}. */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(k);
        out.writeLong(n);
        for (int i = 0; i < sum.length; i++) {
            writeBig(out, sum(i));
        }
        for (int c = 0; c < cross.length; c++) {
            writeBig(out, cross(c));
        }
    }

    /** Moments as {@link #writeTo} wrote them: adding to them continues the same exact sums. */
    public static HundredthsMoments readFrom(java.io.DataInput in) throws java.io.IOException {
        int variables = in.readInt();
        if (variables < 1 || variables > 64) {
            throw new java.io.IOException("moments of " + variables + " variables");
        }
        HundredthsMoments m = new HundredthsMoments(variables);
        m.n = in.readLong();
        for (int i = 0; i < m.sum.length; i++) {
            m.sumSpill[i] = readBig(in);
        }
        for (int c = 0; c < m.cross.length; c++) {
            m.crossSpill[c] = readBig(in);
        }
        return m;
    }

    private static void writeBig(java.io.DataOutput out, BigInteger v) throws java.io.IOException {
        byte[] bytes = v.toByteArray();
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static BigInteger readBig(java.io.DataInput in) throws java.io.IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
    }

    /**
     * The same moments as a {@link WelfordMoments} would hold after these observations (means and co-moments
     * in the values' own unit, each the correctly rounded double of the exact value).
     */
    public WelfordMoments toWelford() {
        double[] mean = new double[k];
        double[] comoments = new double[k * k];
        if (n > 0) {
            BigInteger count = BigInteger.valueOf(n);
            BigDecimal scaled = new BigDecimal(count).multiply(BigDecimal.valueOf(100));
            BigDecimal scaledSquare = new BigDecimal(count).multiply(BigDecimal.valueOf(10_000));
            for (int i = 0; i < k; i++) {
                mean[i] = new BigDecimal(sum(i)).divide(scaled, MathContext.DECIMAL128).doubleValue();
            }
            int c = 0;
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++, c++) {
                    // Σ (x_i − mean_i)(x_j − mean_j) = (n Σ x_i x_j − Σ x_i Σ x_j) / n, in hundredths squared.
                    BigInteger numerator = count.multiply(cross(c)).subtract(sum(i).multiply(sum(j)));
                    comoments[i * k + j] = new BigDecimal(numerator).divide(scaledSquare, MathContext.DECIMAL128).doubleValue();
                }
            }
        }
        return WelfordMoments.of(k, n, mean, comoments);
    }
}
