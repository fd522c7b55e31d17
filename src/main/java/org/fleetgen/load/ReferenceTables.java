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
            + "holiday_name, in_quarter_end_window, is_generator_holiday, quarter_factor, holiday_factor) FROM stdin";
    /** Text is handed on in pieces of about this many characters, so a million servers never sit in memory at once. */
    private static final int PIECE = 1 << 16;

    /**
     * Writes the reference tables in the caller's transaction: server and calendar by COPY (the seed script's
     * text, {@link #serverRows} and {@link #calendarRows}), archetype by jOOQ.
     */
    static void write(DSLContext tx, Dataset dataset) {
        tx.connection(c -> {
            org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            for (boolean servers : new boolean[] {true, false}) {
                org.postgresql.copy.CopyIn in = copy.copyIn(servers ? SERVER_COPY : CALENDAR_COPY);
                try {
                    java.util.function.Consumer<String> send = text -> {
                        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        try {
                            in.writeToCopy(b, 0, b.length);
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e.getMessage(), e);
                        }
                    };
                    if (servers) {
                        serverRows(dataset, send);
                    } else {
                        calendarRows(dataset, send);
                    }
                    in.endCopy();
                } finally {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                }
            }
        });
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

    /** The calendar table's rows in COPY's text format, handed to {@code out} in pieces. */
    static void calendarRows(Dataset dataset, java.util.function.Consumer<String> out) {
        TimeGrid grid = dataset.grid();
        StringBuilder s = new StringBuilder(PIECE + 256);
        for (int i = 0; i < grid.dayCount(); i++) {
            TimeGrid.Day d = grid.day(i);
            DayEffects e = dataset.scenario().dayEffects(i);
            // Doubles as Java's shortest round-trip text, which PostgreSQL reads back to the same bits.
            s.append(d.date()).append('\t').append(d.date().getYear()).append('\t').append(d.date().getMonthValue()).append('\t')
                    .append(d.quarter()).append('\t').append(d.dayOfWeek()).append('\t').append(bool(d.isWeekend())).append('\t')
                    .append(bool(d.isEoq())).append('\t').append(bool(d.isHoliday())).append('\t')
                    .append(d.holidayName() == null ? "\\N" : text(d.holidayName())).append('\t').append(bool(e.inQuarterEndWindow()))
                    .append('\t').append(bool(e.isModelHoliday())).append('\t').append(e.quarterFactor()).append('\t')
                    .append(e.holidayFactor()).append('\n');
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
