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

    public static byte[] rows(SampleBlock block) {
        TimeGrid grid = block.grid();
        ByteBuffer b = ByteBuffer.allocate(block.size() * ROW_BYTES);
        int serverKey = block.server().index();
        for (int r = 0; r < block.size(); r++) {
            long micros = (grid.epochSecond(block.stamp(r)) - POSTGRES_EPOCH_SECONDS) * 1_000_000L;
            b.putShort((short) (2 + Metric.ALL.size()));
            b.putInt(8).putLong(micros);
            b.putInt(4).putInt(serverKey);
            for (Metric m : Metric.ALL) {
                b.putInt(8).putDouble(block.value(m, r));
            }
        }
        return b.array();
    }
}
