package org.fleetgen.postgres;

import static org.fleetgen.jooq.Tables.METRIC_DAY;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;

/** Rows of {@code metric_day} and their binary COPY form, for the sinks and for rebuilding rollups from the fact table. */
public final class MetricDayRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

    /** One server's day: its chunk, its stamps, and their values encoded as {@link org.fleetgen.sample.DayValues}. */
    public record Row(int serverKey, LocalDate day, int chunkNo, int stamps, byte[] encoded) {
    }

    private MetricDayRows() {
    }

    /** COPY ... FROM STDIN (FORMAT binary) into metric_day, names rendered by jOOQ from the generated classes. */
    public static String copySql(DSLContext dsl) {
        return "COPY " + dsl.render(METRIC_DAY) + " (" + dsl.render(METRIC_DAY.SERVER_KEY.getUnqualifiedName()) + ", "
                + dsl.render(METRIC_DAY.DAY.getUnqualifiedName()) + ", " + dsl.render(METRIC_DAY.CHUNK_NO.getUnqualifiedName()) + ", "
                + dsl.render(METRIC_DAY.STAMPS.getUnqualifiedName()) + ", " + dsl.render(METRIC_DAY.ENCODED.getUnqualifiedName())
                + ") FROM STDIN (FORMAT binary)";
    }

    /** The rows in PostgreSQL's binary COPY format, header and trailer included. */
    public static byte[] binary(List<Row> rows) {
        int size = SIGNATURE.length + 8 + 2;
        for (Row d : rows) {
            size += 2 + 4 * (4 + 4) + 4 + d.encoded().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(SIGNATURE).putInt(0).putInt(0);
        for (Row d : rows) {
            b.putShort((short) 5);
            b.putInt(4).putInt(d.serverKey());
            b.putInt(4).putInt((int) (d.day().toEpochDay() - POSTGRES_EPOCH_DAY));
            b.putInt(4).putInt(d.chunkNo());
            b.putInt(4).putInt(d.stamps());
            b.putInt(d.encoded().length).put(d.encoded());
        }
        b.putShort((short) -1);
        return b.array();
    }
}
