package org.fleetgen.sink.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable ASCII buffer with the few number formats the CSV needs, without going through String. */
final class ByteText {
    private byte[] buf;
    private int len;

    ByteText(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    ByteText append(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    ByteText append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    ByteText appendTwoDigits(int v) {
        ensure(2);
        buf[len++] = (byte) ('0' + v / 10);
        buf[len++] = (byte) ('0' + v % 10);
        return this;
    }

    ByteText appendLong(long v) {
        if (v == 0) {
            return append((byte) '0');
        }
        ensure(20);
        int start = len;
        while (v > 0) {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    /**
     * Python's {@code repr(float)}, the shortest text that reads back as the same double. For the
     * values the model emits, k/100 with 0 ≤ k &lt; 10<sup>8</sup>, that is the integer part, a point and
     * one or two decimals without trailing zeros ({@code 0.0}, {@code 18.3}, {@code 24.13}); Java's
     * {@link Double#toString} prints those identically and serves every other value.
     */
    ByteText appendPythonFloat(double v) {
        if (v >= 0 && v < 1e6) {
            long k = Math.round(v * 100);
            if (k / 100.0 == v) {
                appendLong(k / 100);
                append((byte) '.');
                int frac = (int) (k % 100);
                if (frac % 10 == 0) {
                    return append((byte) ('0' + frac / 10));
                }
                return appendTwoDigits(frac);
            }
        }
        return append(Double.toString(v).getBytes(StandardCharsets.US_ASCII));
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
