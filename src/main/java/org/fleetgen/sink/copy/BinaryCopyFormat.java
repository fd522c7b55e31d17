package org.fleetgen.sink.copy;

import java.nio.ByteBuffer;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * PostgreSQL's binary COPY format for {@code server_metrics (ts, server_key, cpu_p95, mem_p95,
 * disk_p95, net_in_p95, net_out_p95)}: an 11-byte signature, flags and extension length; per row a
 * 16-bit field count, then each field as a 32-bit length and its value in network byte order
 * (timestamptz as microseconds since 2000-01-01 UTC, int4, float8); a -1 trailer. Doubles travel
 * as their exact bits, so the table holds the generated values exactly.
 */
public final class BinaryCopyFormat {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final int ROW_BYTES = 2 + (4 + 8) + (4 + 4) + 5 * (4 + 8);

    private BinaryCopyFormat() {
    }

    public static byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(SIGNATURE.length + 8);
        b.put(SIGNATURE).putInt(0).putInt(0);
        return b.array();
    }

    public static byte[] trailer() {
        return new byte[] {(byte) 0xff, (byte) 0xff};
    }

    /**
     * The block's rows. Written byte by byte rather than through a ByteBuffer: a load compiles with C1 only
     * (see the launcher), which leaves ByteBuffer's layers of calls in place (measured with C1: 110 ns a row, 64 written
     * this way).
     */
    public static byte[] rows(SampleBlock block) {
        byte[] out = new byte[block.size() * ROW_BYTES];
        rows(block, out);
        return out;
    }

    /** The bytes {@link #rows(SampleBlock)} needs for a block. */
    public static int bytes(SampleBlock block) {
        return block.size() * ROW_BYTES;
    }

    /**
     * Writes the block's rows at the start of {@code out} (at least {@link #bytes} long, any content: every byte of
     * the rows is written) and returns how many bytes they take.
     */
    public static int rows(SampleBlock block, byte[] out) {
        TimeGrid grid = block.grid();
        int n = block.size();
        if (out.length < n * ROW_BYTES) {
            throw new IllegalArgumentException(out.length + " bytes for " + n + " rows");
        }
        int serverKey = block.server().index();
        double[][] columns = new double[Metric.ALL.size()][];
        for (int m = 0; m < columns.length; m++) {
            columns[m] = block.column(Metric.ALL.get(m));
        }
        int p = 0;
        for (int r = 0; r < n; r++) {
            long micros = (grid.epochSecond(block.stamp(r)) - POSTGRES_EPOCH_SECONDS) * 1_000_000L;
            out[p] = 0;
            out[p + 1] = (byte) (2 + Metric.ALL.size());
            putInt(out, p + 2, 8);
            putLong(out, p + 6, micros);
            putInt(out, p + 14, 4);
            putInt(out, p + 18, serverKey);
            p += 22;
            for (double[] column : columns) {
                putInt(out, p, 8);
                putLong(out, p + 4, Double.doubleToRawLongBits(column[r]));
                p += 12;
            }
        }
        return p;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }
}
