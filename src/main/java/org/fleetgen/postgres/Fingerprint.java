package org.fleetgen.postgres;

import static org.fleetgen.jooq.Tables.SERVER_METRICS;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import org.fleetgen.sample.Metric;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What a range of one server's rows must look like: the row count, the exact sum of each metric, and
 * an MD5 over the rows in time order. Each row is written as
 * {@code epochSeconds:cpu:mem:disk:net_in:net_out}, every metric as the 16 hex digits of its IEEE-754
 * bits, rows joined with commas, so any changed bit, missing, extra or duplicated row changes it.
 * {@link #of} computes it in SQL; {@link Builder} computes the same from generated rows.
 */
public record Fingerprint(long rows, List<BigDecimal> sums, String md5) {
    /**
     * Sums are kept without trailing zeros, so two fingerprints of the same rows are {@code equals} (and
     * hash alike) however each side's decimal scale came out: the server's numeric sum of 1.50 and the
     * generator's 1.5 are one value.
     */
    public Fingerprint {
        if (sums.size() != Metric.ALL.size()) {
            throw new IllegalArgumentException("a fingerprint has one sum per metric, got " + sums.size());
        }
        sums = sums.stream().map(BigDecimal::stripTrailingZeros).toList();
    }

    /** Same rows: count, sums and digest. */
    public boolean matches(Fingerprint other) {
        return equals(other);
    }

    /** True when the rows are the same set but for their order or the exact bits (sums and count agree). */
    public boolean sameCountAndSums(Fingerprint other) {
        return rows == other.rows && sums.equals(other.sums);
    }

    @Override
    public String toString() {
        return rows + " rows, sums " + sums + ", md5 " + md5;
    }

    /** The fingerprint of {@code server_key}'s rows in {@code [fromEpochSecond, toEpochSecond)}, computed by the server. */
    public static Fingerprint of(DSLContext dsl, int serverKey, long fromEpochSecond, long toEpochSecond) {
        List<Field<?>> parts = new ArrayList<>();
        parts.add(DSL.extract(SERVER_METRICS.TS, DatePart.EPOCH).cast(SQLDataType.BIGINT).cast(SQLDataType.VARCHAR));
        List<Field<?>> select = new ArrayList<>();
        select.add(DSL.count());
        for (Metric m : Metric.ALL) {
            Field<Double> column = metric(m);
            parts.add(DSL.inline(":"));
            parts.add(hex(column));
            select.add(DSL.sum(column.cast(SQLDataType.NUMERIC)));
        }
        Field<String> row = DSL.concat(parts.toArray(Field<?>[]::new));
        select.add(DSL.md5(DSL.listAgg(row, ",").withinGroupOrderBy(SERVER_METRICS.TS)));
        org.jooq.Record r = dsl.select(select)
                .from(SERVER_METRICS)
                .where(SERVER_METRICS.SERVER_KEY.eq(serverKey))
                .and(SERVER_METRICS.TS.ge(utc(fromEpochSecond)))
                .and(SERVER_METRICS.TS.lt(utc(toEpochSecond)))
                .fetchOne();
        List<BigDecimal> sums = new ArrayList<>();
        for (int i = 0; i < Metric.ALL.size(); i++) {
            BigDecimal v = (BigDecimal) r.get(i + 1);
            sums.add(v == null ? BigDecimal.ZERO : v);
        }
        return new Fingerprint(((Number) r.get(0)).longValue(), sums, (String) r.get(Metric.ALL.size() + 1));
    }

    /** Rows in the table outside every (server, range) of the plan: servers not in the dataset, or times outside the grid. */
    public static long rowsOutside(DSLContext dsl, long fromEpochSecond, long toEpochSecond) {
        return dsl.selectCount().from(SERVER_METRICS)
                .where(SERVER_METRICS.SERVER_KEY.notIn(DSL.select(org.fleetgen.jooq.Tables.SERVER.SERVER_KEY).from(org.fleetgen.jooq.Tables.SERVER))
                        .or(SERVER_METRICS.TS.lt(utc(fromEpochSecond))).or(SERVER_METRICS.TS.ge(utc(toEpochSecond))))
                .fetchOne().value1();
    }

    @SuppressWarnings("unchecked")
    private static Field<Double> metric(Metric m) {
        return (Field<Double>) java.util.Objects.requireNonNull(SERVER_METRICS.field(m.column()), "server_metrics lacks " + m.column());
    }

    private static Field<String> hex(Field<Double> f) {
        return DSL.function("encode", String.class, DSL.function("float8send", byte[].class, f), DSL.inline("hex"));
    }

    private static OffsetDateTime utc(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC);
    }

    /** The same fingerprint, from rows given in time order. */
    public static final class Builder {
        private final MessageDigest md5;
        private final BigDecimal[] sums = java.util.Collections.nCopies(Metric.ALL.size(), BigDecimal.ZERO).toArray(BigDecimal[]::new);
        private final StringBuilder line = new StringBuilder(96);
        private long rows;

        public Builder() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no MD5", e);
            }
        }

        /** Adds a row: its time and its values in {@link Metric} order. */
        public void add(long epochSecond, double[] v) {
            line.setLength(0);
            if (rows > 0) {
                line.append(',');
            }
            line.append(epochSecond);
            for (int i = 0; i < v.length; i++) {
                line.append(':').append(HexFormat.of().toHexDigits(Double.doubleToRawLongBits(v[i])));
                // PostgreSQL turns float8 into numeric through 15 significant digits; for the model's
                // two-decimal values that equals the shortest repr used here (sums compare by value).
                sums[i] = sums[i].add(BigDecimal.valueOf(v[i]));
            }
            md5.update(line.toString().getBytes(StandardCharsets.US_ASCII));
            rows++;
        }

        public Fingerprint build() {
            return new Fingerprint(rows, List.of(sums), rows == 0 ? null : HexFormat.of().formatHex(md5.digest()));
        }
    }
}
