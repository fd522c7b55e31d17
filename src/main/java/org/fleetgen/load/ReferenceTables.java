package org.fleetgen.load;

import static org.fleetgen.jooq.Tables.ARCHETYPE;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.fleet.Server;
import org.fleetgen.model.DayEffects;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.Dataset;
import org.jooq.DSLContext;

/**
 * Writes the {@code server}, {@code calendar} and {@code archetype} tables of a dataset: the fleet's
 * servers, the grid's civil calendar with the model's effects per day, and the profiles in use. A load and a
 * seed script write the same text.
 */
final class ReferenceTables {
    private ReferenceTables() {
    }

    static final String SERVER_COPY = "COPY server (server_key, server_id, server_type, app_name, business_unit, criticality, region, "
            + "rng_seed) FROM stdin";
    static final String CALENDAR_COPY = "COPY calendar (day, year, month, quarter, dayofweek, is_weekend, is_eoq, is_holiday, "
            + "holiday_name, in_quarter_end_window, is_generator_holiday, quarter_factor, holiday_factor, in_horizon) FROM stdin";
    static final String EVENT_COPY = "COPY metric_event (server_key, start_ts, end_ts, kind, magnitude, metrics) FROM stdin";
    static final String EXPECTED_COLUMNS = "expected_level (server_type, region, ts, in_horizon, cpu_p95, mem_p95, disk_p95, net_in_p95, "
            + "net_out_p95)";
    static final String EXPECTED_COPY = "COPY " + EXPECTED_COLUMNS + " FROM stdin";
    /** Text is handed on in pieces of about this many characters, so a million servers never sit in memory at once. */
    private static final int PIECE = 1 << 16;

    /**
     * Writes the reference tables in the caller's transaction: server and calendar by COPY (the seed script's
     * text, {@link #serverRows} and {@link #calendarRows}), archetype by jOOQ.
     */
    static void write(DSLContext tx, Dataset dataset, boolean copy) {
        copy(tx, copy, SERVER_COPY, out -> serverRows(dataset, out));
        copy(tx, copy, CALENDAR_COPY, out -> calendarRows(dataset, dataset.config().start(), out));
        if (dataset.scenario().groundTruth() != null) {
            copy(tx, copy, EVENT_COPY, out -> eventRows(dataset, Long.MIN_VALUE, out));
            // Half a million rows of a new dataset's empty table: keyed after they are in, in the same transaction (1.2 s
            // instead of 2.2 s for the hourly default, measured on PostgreSQL 15).
            tx.execute("ALTER TABLE expected_level DROP CONSTRAINT expected_level_pk");
            expected(tx, copy, dataset, 0);
            tx.execute("ALTER TABLE expected_level ADD CONSTRAINT expected_level_pk PRIMARY KEY (server_type, region, ts)");
        }
        for (ArchetypeProfile p : dataset.profiles()) {
            // Columns are named after the profile's fields, so a field reaches its column by name.
            Map<org.jooq.Field<?>, Object> row = new LinkedHashMap<>();
            row.put(ARCHETYPE.SERVER_TYPE, p.key());
            row.put(ARCHETYPE.DISPLAY_NAME, p.displayName());
            p.fields().forEach((field, value) -> row.put(
                    java.util.Objects.requireNonNull(ARCHETYPE.field(field), "the archetype table lacks column " + field), value));
            tx.insertInto(ARCHETYPE).set(row).execute();
        }
    }

    /**
     * Writes what a dataset extended from {@code earlierEnd} adds to the reference tables, in the caller's
     * transaction (the one that records the extension in the manifest): the calendar's and the expected values'
     * new days (the old horizon's rows are written again, now observed), and the events that start after the old
     * range. Server and archetype rows stay: an extension keeps the fleet.
     */
    static void extend(DSLContext tx, Dataset dataset, java.time.LocalDate earlierEnd, boolean copy) {
        TimeGrid grid = dataset.grid();
        int earlierSize = stampsTo(grid, earlierEnd);
        tx.execute("DELETE FROM calendar WHERE day > ?", earlierEnd);
        copy(tx, copy, CALENDAR_COPY, out -> calendarRows(dataset, earlierEnd.plusDays(1), out));
        if (dataset.scenario().groundTruth() != null) {
            long earlierRangeEnd = grid.epochSecond(earlierSize - 1) + stampSeconds(grid);
            tx.execute("DELETE FROM expected_level WHERE ts >= to_timestamp(?)", grid.epochSecond(earlierSize));
            copy(tx, copy, EVENT_COPY, out -> eventRows(dataset, earlierRangeEnd, out));
            expected(tx, copy, dataset, earlierSize);
        }
    }

    /** Rows of a grid from its start to {@code end}: what a load to that end held. */
    static int stampsTo(TimeGrid grid, java.time.LocalDate end) {
        long days = end.toEpochDay() - grid.start().toEpochDay() + 1;
        return (int) (grid.granularity() == org.fleetgen.config.Granularity.DAILY ? days : (days - 1) * 24 + 1);
    }

    private static long stampSeconds(TimeGrid grid) {
        return grid.granularity() == org.fleetgen.config.Granularity.DAILY ? 86_400 : 3_600;
    }

    /** The expected values from {@code fromStamp}: binary COPY, or the text form as INSERTs without COPY. */
    private static void expected(DSLContext tx, boolean copy, Dataset dataset, int fromStamp) {
        if (copy) {
            copyBinary(tx, "COPY " + EXPECTED_COLUMNS + " FROM STDIN (FORMAT binary)", out -> expectedBinary(dataset, fromStamp, out));
        } else {
            copy(tx, false, EXPECTED_COPY, out -> expectedRows(dataset, fromStamp, out));
        }
    }

    /**
     * Runs one COPY ... FROM stdin in the caller's transaction, its text from {@code rows}; without {@code copy}
     * (--method jooq), the same rows as INSERTs.
     */
    private static void copy(DSLContext tx, boolean copy, String sql, java.util.function.Consumer<java.util.function.Consumer<String>> rows) {
        if (copy) {
            copyBinary(tx, sql, bytes -> rows.accept(text -> bytes.accept(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            return;
        }
        tx.connection(c -> {
            org.fleetgen.postgres.TextInserts inserts = new org.fleetgen.postgres.TextInserts(c, sql);
            rows.accept(text -> {
                try {
                    inserts.write(text);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            inserts.end();
        });
    }

    /** Runs one COPY ... FROM stdin in the caller's transaction, its bytes (text or binary format, as {@code sql} says) from {@code rows}. */
    private static void copyBinary(DSLContext tx, String sql, java.util.function.Consumer<java.util.function.Consumer<byte[]>> rows) {
        tx.connection(c -> {
            org.postgresql.copy.CopyIn in = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                rows.accept(b -> {
                    try {
                        in.writeToCopy(b, 0, b.length);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        });
    }

    /**
     * The metric_event rows: per generated server, the events that run during the dataset's range and start at or
     * after {@code fromEpochSecond}.
     */
    static void eventRows(Dataset dataset, long fromEpochSecond, java.util.function.Consumer<String> out) {
        TimeGrid grid = dataset.grid();
        long rangeStart = grid.epochSecond(0);
        long rangeEnd = grid.epochSecond(grid.size() - 1) + stampSeconds(grid);
        org.fleetgen.model.GroundTruth truth = dataset.scenario().groundTruth();
        StringBuilder s = new StringBuilder(PIECE + 256);
        for (int i : dataset.servers()) {
            for (org.fleetgen.model.GroundTruth.Event e : truth.events(i, rangeStart, rangeEnd)) {
                if (e.startEpochSecond() < fromEpochSecond) {
                    continue;
                }
                s.append(i).append('\t').append(timestamp(e.startEpochSecond())).append('\t').append(timestamp(e.endEpochSecond()))
                        .append('\t').append(text(e.kind())).append('\t').append(e.magnitude()).append('\t').append(text(e.metrics())).append('\n');
            }
            if (s.length() >= PIECE) {
                out.accept(s.toString());
                s.setLength(0);
            }
        }
        out.accept(s.toString());
    }

    /** One expected_level row, as {@link #forEachExpected} hands it on: metric m's value is {@code values[m][k]}. */
    @FunctionalInterface
    interface ExpectedRow {
        void accept(String type, String region, long epochSecond, boolean inHorizon, double[][] values, int k);
    }

    /**
     * The expected_level rows from stamp {@code fromStamp} through the forecast horizon (the stamps a load to
     * end + horizon days would hold past the grid's), per archetype and region of the generated servers.
     */
    static void forEachExpected(Dataset dataset, int fromStamp, ExpectedRow out) {
        TimeGrid grid = dataset.grid();
        int total = stampsTo(grid, grid.end().plusDays(dataset.config().horizonDays()));
        boolean daily = grid.granularity() == org.fleetgen.config.Granularity.DAILY;
        org.fleetgen.model.GroundTruth truth = dataset.scenario().groundTruth();
        Map<java.util.List<String>, Integer> groups = new java.util.TreeMap<>(java.util.Comparator.comparing((java.util.List<String> g) -> g.get(0))
                .thenComparing(g -> g.get(1)));
        Fleet fleet = dataset.fleet();
        for (int i : dataset.servers()) {
            Server v = fleet.server(i);
            groups.putIfAbsent(java.util.List.of(v.type(), v.metadata().region()), i);
        }
        int step = 24 * 31;
        for (Map.Entry<java.util.List<String>, Integer> g : groups.entrySet()) {
            for (int from = fromStamp; from < total; from += step) {
                int n = Math.min(step, total - from);
                long first = grid.epochSecond(0) + (long) from * stampSeconds(grid);
                double[][] e = truth.expected(g.getValue(), first, n, daily);
                for (int k = 0; k < n; k++) {
                    out.accept(g.getKey().get(0), g.getKey().get(1), first + k * stampSeconds(grid), from + k >= grid.size(), e, k);
                }
            }
        }
    }

    /** {@link #forEachExpected}'s rows in COPY's text format (the seed script's), handed to {@code out} in pieces. */
    static void expectedRows(Dataset dataset, int fromStamp, java.util.function.Consumer<String> out) {
        StringBuilder s = new StringBuilder(PIECE + 256);
        forEachExpected(dataset, fromStamp, (type, region, epochSecond, inHorizon, e, k) -> {
            s.append(text(type)).append('\t').append(text(region)).append('\t').append(timestamp(epochSecond)).append('\t')
                    .append(bool(inHorizon));
            for (int m = 0; m < 5; m++) {
                s.append('\t').append(e[m][k]);
            }
            s.append('\n');
            if (s.length() >= PIECE) {
                out.accept(s.toString());
                s.setLength(0);
            }
        });
        out.accept(s.toString());
    }

    /**
     * {@link #forEachExpected}'s rows in COPY's binary format, header and trailer included, in pieces: a load's form,
     * a few times faster than text for half a million rows of five doubles (no decimal printing and parsing).
     */
    static void expectedBinary(Dataset dataset, int fromStamp, java.util.function.Consumer<byte[]> out) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(PIECE + 1024);
        b.put(BINARY_SIGNATURE).putInt(0).putInt(0);
        forEachExpected(dataset, fromStamp, (type, region, epochSecond, inHorizon, e, k) -> {
            byte[] t = type.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] r = region.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.remaining() < 2 + 8 + t.length + r.length + 12 + 5 + 5 * 12) {
                out.accept(java.util.Arrays.copyOf(b.array(), b.position()));
                b.clear();
            }
            b.putShort((short) 9);
            b.putInt(t.length).put(t);
            b.putInt(r.length).put(r);
            b.putInt(8).putLong((epochSecond - POSTGRES_EPOCH_SECOND) * 1_000_000L);
            b.putInt(1).put((byte) (inHorizon ? 1 : 0));
            for (int m = 0; m < 5; m++) {
                b.putInt(8).putDouble(e[m][k]);
            }
        });
        b.putShort((short) -1);
        out.accept(java.util.Arrays.copyOf(b.array(), b.position()));
    }

    private static final byte[] BINARY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

    /** An instant in COPY's text for timestamptz, unambiguous whatever the session's time zone. */
    private static String timestamp(long epochSecond) {
        return java.time.Instant.ofEpochSecond(epochSecond).toString().replace("T", " ").replace("Z", "+00");
    }

    /** The server table's rows in COPY's text format, handed to {@code out} in pieces. */
    static void serverRows(Dataset dataset, java.util.function.Consumer<String> out) {
        Fleet fleet = dataset.fleet();
        StringBuilder s = new StringBuilder(PIECE + 256);
        for (int i : dataset.servers()) {
            Server v = fleet.server(i);
            s.append(v.index()).append('\t').append(text(v.id())).append('\t').append(text(v.type())).append('\t')
                    .append(text(v.metadata().appName())).append('\t').append(text(v.metadata().businessUnit())).append('\t')
                    .append(text(v.metadata().criticality())).append('\t').append(text(v.metadata().region())).append('\t')
                    .append(v.rngSeed()).append('\n');
            if (s.length() >= PIECE) {
                out.accept(s.toString());
                s.setLength(0);
            }
        }
        out.accept(s.toString());
    }

    /**
     * The calendar table's rows in COPY's text format from {@code from} through the end of the forecast horizon
     * (days past the grid's end are marked in_horizon), handed to {@code out} in pieces.
     */
    static void calendarRows(Dataset dataset, java.time.LocalDate from, java.util.function.Consumer<String> out) {
        TimeGrid grid = dataset.grid();
        int horizon = dataset.config().horizonDays();
        // The civil columns of horizon days come from a grid that reaches them.
        TimeGrid days = horizon == 0 ? grid
                : org.fleetgen.simulation.TimeGrids.of(dataset.config().toBuilder().end(grid.end().plusDays(horizon)).build());
        StringBuilder s = new StringBuilder(PIECE + 256);
        for (int i = (int) (from.toEpochDay() - grid.start().toEpochDay()); i < days.dayCount(); i++) {
            TimeGrid.Day d = days.day(i);
            DayEffects e = dataset.scenario().dayEffects(i);
            // Doubles as Java's shortest round-trip text, which PostgreSQL reads back to the same bits.
            s.append(d.date()).append('\t').append(d.date().getYear()).append('\t').append(d.date().getMonthValue()).append('\t')
                    .append(d.quarter()).append('\t').append(d.dayOfWeek()).append('\t').append(bool(d.isWeekend())).append('\t')
                    .append(bool(d.isEoq())).append('\t').append(bool(d.isHoliday())).append('\t')
                    .append(d.holidayName() == null ? "\\N" : text(d.holidayName())).append('\t').append(bool(e.inQuarterEndWindow()))
                    .append('\t').append(bool(e.isModelHoliday())).append('\t').append(e.quarterFactor()).append('\t')
                    .append(e.holidayFactor()).append('\t').append(bool(i >= grid.dayCount())).append('\n');
            if (s.length() >= PIECE) {
                out.accept(s.toString());
                s.setLength(0);
            }
        }
        out.accept(s.toString());
    }

    private static String bool(boolean b) {
        return b ? "t" : "f";
    }

    /** A value in COPY's text format: backslash, tab and line breaks escaped. */
    static String text(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
