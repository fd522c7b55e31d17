package org.fleetgen.sink.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rows written byte by byte, into a new array or into a reused one holding an earlier block's bytes, are the
 * bytes of PostgreSQL's binary COPY format as a ByteBuffer writes them (the encoder the loads used before),
 * whatever the values: hundredths, other doubles, signed zeros, NaN, infinities; hourly and daily stamps.
 */
class BinaryCopyFormatTest {
    @ParameterizedTest
    @CsvSource({"HOURLY, 0, 1", "HOURLY, 7, 4096", "HOURLY, 119, 300", "DAILY, 3, 365", "DAILY, 0, 1"})
    void rowsAreTheBinaryCopyFormatInANewOrAReusedBuffer(Granularity granularity, int server, int rows) {
        Dataset dataset = Dataset.of(GenerationConfig.reference().toBuilder().granularity(granularity).build());
        TimeGrid grid = dataset.grid();
        Random r = new Random(server * 31L + rows);
        double[] odd = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -1e300, 100.0, 1000.0};
        int first = grid.size() - rows - r.nextInt(Math.max(1, grid.size() - rows));
        SampleBlock block = new SampleBlock(dataset.fleet().server(server), grid, Math.max(0, first), rows);
        for (int i = 0; i < rows; i++) {
            double[] v = new double[5];
            for (int m = 0; m < 5; m++) {
                v[m] = switch (r.nextInt(3)) {
                    case 0 -> Math.rint(r.nextDouble() * 100_000) / 100;
                    case 1 -> r.nextDouble() * 1e6 - 5e5;
                    default -> odd[r.nextInt(odd.length)];
                };
            }
            block.add(v[0], v[1], v[2], v[3], v[4]);
        }
        String expected = HexFormat.of().formatHex(byteBufferRows(block));
        assertEquals(expected, HexFormat.of().formatHex(BinaryCopyFormat.rows(block)));

        byte[] dirty = new byte[BinaryCopyFormat.bytes(block) + 100];
        new Random(1).nextBytes(dirty);
        int length = BinaryCopyFormat.rows(block, dirty);
        assertEquals(BinaryCopyFormat.bytes(block), length);
        assertEquals(expected, HexFormat.of().formatHex(java.util.Arrays.copyOf(dirty, length)));

        assertThrows(IllegalArgumentException.class, () -> BinaryCopyFormat.rows(block, new byte[BinaryCopyFormat.bytes(block) - 1]));
    }

    /** The format written the plain way: per row a field count, then length and value of ts, server_key, the metrics. */
    private static byte[] byteBufferRows(SampleBlock block) {
        ByteBuffer b = ByteBuffer.allocate(block.size() * (2 + 12 + 8 + 5 * 12));
        for (int r = 0; r < block.size(); r++) {
            long micros = (block.grid().epochSecond(block.stamp(r)) - 946_684_800L) * 1_000_000L;
            b.putShort((short) 7).putInt(8).putLong(micros).putInt(4).putInt(block.server().index());
            for (Metric m : Metric.ALL) {
                b.putInt(8).putDouble(block.value(m, r));
            }
        }
        return b.array();
    }
}
