package org.fleetgen.sample;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Every value of one server's day of hourly data (slots are hours) or month of daily data (slots are days
 * after the row's first day), in time order: the rollup the analytics are computed from (table
 * {@code metric_day}). Values carry two decimals, so each metric's values are stored as whole
 * hundredths, in two bytes each when they all fit (every percentage, and network values up to 655.35) or
 * four; a metric with any other value (a row edited by hand, say) is stored as doubles, so the rollup is
 * exact either way.
 *
 * <pre>
 * short  n, the day's stamps
 * n      bytes, the slot of each stamp (hour, or day within the row)
 * then per metric, in {@link Metric} order:
 *   byte   width: 2 or 4 (unsigned/signed hundredths), 8 (doubles)
 *   n      values of that width
 * </pre>
 */
public final class DayValues {
    /** A day has at most 24 stamps; the format allows a few more for data edited by hand. */
    public static final int MAX_STAMPS = Short.MAX_VALUE;

    private final byte[] hours;
    private final double[][] values;
    /** Per metric, the values as hundredths, or null where they are stored as doubles. */
    private final int[][] hundredths;

    private DayValues(byte[] hours, double[][] values, int[][] hundredths) {
        this.hours = hours;
        this.values = values;
        this.hundredths = hundredths;
    }

    /** True when every value of the metric is a whole number of hundredths (then {@link #hundredths} gives them). */
    public boolean inHundredths(Metric m) {
        return hundredths[m.ordinal()] != null;
    }

    /** The i-th value of a metric in hundredths; only when {@link #inHundredths}. */
    public int hundredths(Metric m, int i) {
        return hundredths[m.ordinal()][i];
    }

    public int size() {
        return hours.length;
    }

    /** The slot of the i-th value: its hour (a day of hourly data) or its day within the row (a month of daily data). */
    public int hour(int i) {
        return hours[i];
    }

    /** The i-th values alone, at hour 0: one day of a row of daily data. */
    public DayValues single(int i) {
        double[][] v = new double[values.length][];
        int[][] h = new int[values.length][];
        for (int m = 0; m < values.length; m++) {
            v[m] = new double[] {values[m][i]};
            h[m] = hundredths[m] == null ? null : new int[] {hundredths[m][i]};
        }
        return new DayValues(new byte[] {0}, v, h);
    }

    /**
     * The same bytes as {@link Builder#encode} of these values, from the hundredths already found (no value is
     * rounded again): a load encodes every server's day once and hands the built values on (ChunkRollup).
     */
    public byte[] encode() {
        int n = hours.length;
        byte[] widths = new byte[values.length];
        int bytes = 2 + n;
        for (int m = 0; m < values.length; m++) {
            widths[m] = width(hundredths[m], n);
            bytes += 1 + widths[m] * n;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes);
        b.putShort((short) n).put(hours);
        for (int m = 0; m < values.length; m++) {
            b.put(widths[m]);
            int[] cents = hundredths[m];
            for (int i = 0; i < n; i++) {
                switch (widths[m]) {
                    case 2 -> b.putShort((short) cents[i]);
                    case 4 -> b.putInt(cents[i]);
                    default -> b.putDouble(values[m][i]);
                }
            }
        }
        return b.array();
    }

    /** {@link Builder}'s width rule from the hundredths: doubles unless all are hundredths under 2e7 in size. */
    private static byte width(int[] cents, int n) {
        if (cents == null) {
            return 8;
        }
        int width = 2;
        for (int i = 0; i < n; i++) {
            int c = cents[i];
            if (c >= 2_000_000_000 || c <= -2_000_000_000) {
                return 8;
            }
            if (c < 0 || c > 0xFFFF) {
                width = 4;
            }
        }
        return (byte) width;
    }

    /** A metric's values: the array itself, not a copy (for the aggregation's inner loops); never write to it. */
    public double[] valuesOf(Metric m) {
        return values[m.ordinal()];
    }

    /** A metric's values in hundredths, or null when they are not all whole hundredths: the array itself; never write to it. */
    public int[] hundredthsOf(Metric m) {
        return hundredths[m.ordinal()];
    }

    public double value(Metric m, int i) {
        return values[m.ordinal()][i];
    }

    /** The sum of a metric's values. */
    public double sum(Metric m) {
        double s = 0;
        for (double v : values[m.ordinal()]) {
            s += v;
        }
        return s;
    }

    /** The largest of a metric's values (negative infinity for an empty day). */
    public double max(Metric m) {
        double x = Double.NEGATIVE_INFINITY;
        for (double v : values[m.ordinal()]) {
            x = Math.max(x, v);
        }
        return x;
    }

    /** The smallest of a metric's values (positive infinity for an empty day). */
    public double min(Metric m) {
        double x = Double.POSITIVE_INFINITY;
        for (double v : values[m.ordinal()]) {
            x = Math.min(x, v);
        }
        return x;
    }

    /** How many of a metric's values are at most {@code bound}. */
    public int atMost(Metric m, double bound) {
        int c = 0;
        for (double v : values[m.ordinal()]) {
            c += v <= bound ? 1 : 0;
        }
        return c;
    }

    /** How many of a metric's values are at least {@code bound}. */
    public int atLeast(Metric m, double bound) {
        int c = 0;
        for (double v : values[m.ordinal()]) {
            c += v >= bound ? 1 : 0;
        }
        return c;
    }

    /** Copies a metric's values into {@code destination} from {@code at}. */
    public void copyTo(Metric m, double[] destination, int at) {
        System.arraycopy(values[m.ordinal()], 0, destination, at, hours.length);
    }

    /** Collects a day's rows in time order, then encodes them. */
    public static final class Builder {
        private byte[] hours = new byte[24];
        private double[][] values = new double[Metric.ALL.size()][24];
        private int size;

        public void add(int hour, double[] row) {
            if (size == hours.length) {
                grow();
            }
            hours[size] = (byte) hour;
            for (int m = 0; m < values.length; m++) {
                values[m][size] = row[m];
            }
            size++;
        }

        /** Adds rows {@code from .. to-1} of a block, consecutive stamps of one day, the first at {@code firstHour}. */
        public void addRun(SampleBlock block, int from, int to, int firstHour) {
            int n = to - from;
            while (size + n > hours.length) {
                grow();
            }
            for (int i = 0; i < n; i++) {
                hours[size + i] = (byte) (firstHour + i);
            }
            for (int m = 0; m < values.length; m++) {
                System.arraycopy(block.values[m], from, values[m], size, n);
            }
            size += n;
        }

        private void grow() {
            if (size == MAX_STAMPS) {
                throw new IllegalStateException("more than " + MAX_STAMPS + " stamps in a day");
            }
            hours = Arrays.copyOf(hours, size * 2);
            for (int m = 0; m < values.length; m++) {
                values[m] = Arrays.copyOf(values[m], size * 2);
            }
        }

        public int size() {
            return size;
        }

        /** The values collected so far, as {@link #decode} would give them back from {@link #encode}. */
        public DayValues build() {
            double[][] v = new double[values.length][];
            int[][] h = new int[values.length][];
            for (int m = 0; m < values.length; m++) {
                double[] metric = values[m];
                v[m] = Arrays.copyOf(metric, size);
                // One rounding a value: whole hundredths within an int come back as the same double (isHundredths).
                int[] cents = new int[size];
                for (int i = 0; i < size; i++) {
                    double x = metric[i];
                    long c = Math.round(x * 100);
                    if (c < Integer.MIN_VALUE || c > Integer.MAX_VALUE || Double.doubleToRawLongBits(c / 100.0) != Double.doubleToRawLongBits(x)) {
                        cents = null;
                        break;
                    }
                    cents[i] = (int) c;
                }
                h[m] = cents;
            }
            return new DayValues(Arrays.copyOf(hours, size), v, h);
        }

        public void clear() {
            size = 0;
        }

        public byte[] encode() {
            byte[] widths = new byte[values.length];
            int bytes = 2 + size;
            for (int m = 0; m < values.length; m++) {
                widths[m] = width(values[m], size);
                bytes += 1 + widths[m] * size;
            }
            ByteBuffer b = ByteBuffer.allocate(bytes);
            b.putShort((short) size).put(hours, 0, size);
            for (int m = 0; m < values.length; m++) {
                double[] metric = values[m];
                b.put(widths[m]);
                for (int i = 0; i < size; i++) {
                    switch (widths[m]) {
                        case 2 -> b.putShort((short) Math.round(metric[i] * 100));
                        case 4 -> b.putInt((int) Math.round(metric[i] * 100));
                        default -> b.putDouble(metric[i]);
                    }
                }
            }
            return b.array();
        }

        private static byte width(double[] metric, int n) {
            int width = 2;
            for (int i = 0; i < n; i++) {
                double v = metric[i];
                if (!isHundredths(v)) {
                    return 8;
                }
                long cents = Math.round(v * 100);
                if (cents < 0 || cents > 0xFFFF) {
                    width = 4;
                }
            }
            return (byte) width;
        }
    }

    /**
     * True when {@code v} is a whole number of hundredths that decodes to the same double: then
     * {@code round(v × 100) / 100.0} gives {@code v} back bit for bit (division is correctly rounded, and
     * the generator's values are made exactly that way).
     */
    static boolean isHundredths(double v) {
        if (!(Math.abs(v) < 2.0e7)) {
            return false;
        }
        long cents = Math.round(v * 100);
        return cents / 100.0 == v && Double.doubleToRawLongBits(cents / 100.0) == Double.doubleToRawLongBits(v);
    }

    public static DayValues decode(byte[] encoded) {
        ByteBuffer b = ByteBuffer.wrap(encoded);
        int n = b.getShort();
        byte[] hours = new byte[n];
        b.get(hours);
        double[][] values = new double[Metric.ALL.size()][n];
        int[][] hundredths = new int[Metric.ALL.size()][];
        for (int m = 0; m < values.length; m++) {
            double[] metric = values[m];
            byte width = b.get();
            if (width == 8) {
                for (int i = 0; i < n; i++) {
                    metric[i] = b.getDouble();
                }
                continue;
            }
            if (width != 2 && width != 4) {
                throw new IllegalArgumentException("unknown value width " + width + " in a day rollup");
            }
            int[] cents = new int[n];
            for (int i = 0; i < n; i++) {
                cents[i] = width == 2 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
                metric[i] = cents[i] / 100.0;
            }
            hundredths[m] = cents;
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("day rollup has " + b.remaining() + " bytes too many");
        }
        return new DayValues(hours, values, hundredths);
    }
}
