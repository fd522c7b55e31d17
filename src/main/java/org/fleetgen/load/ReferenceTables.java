package org.fleetgen.load;

import static org.fleetgen.jooq.Tables.ARCHETYPE;
import static org.fleetgen.jooq.Tables.CALENDAR;
import static org.fleetgen.jooq.Tables.SERVER;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.fleet.Server;
import org.fleetgen.model.DayEffects;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.Dataset;
import org.jooq.DSLContext;

/**
 * Writes the {@code server}, {@code calendar} and {@code archetype} tables of a dataset (the first two
 * through jOOQ's Loader API): the fleet's servers, the grid's civil calendar with the model's effects per
 * day, and the profiles in use.
 */
final class ReferenceTables {
    private ReferenceTables() {
    }

    static void write(DSLContext tx, Dataset dataset) throws java.io.IOException {
        Fleet plan = dataset.fleet();
        TimeGrid grid = dataset.grid();
        int[] servers = dataset.servers();
        tx.loadInto(SERVER).bulkAfter(1000).batchNone().commitNone().onErrorAbort()
                .loadArrays(rows(servers.length, i -> {
                    Server s = plan.server(servers[i]);
                    return new Object[] {s.index(), s.id(), s.type(), s.metadata().appName(), s.metadata().businessUnit(),
                            s.metadata().criticality(), s.metadata().region(), s.rngSeed()};
                }))
                .fields(SERVER.SERVER_KEY, SERVER.SERVER_ID, SERVER.SERVER_TYPE, SERVER.APP_NAME, SERVER.BUSINESS_UNIT,
                        SERVER.CRITICALITY, SERVER.REGION, SERVER.RNG_SEED)
                .execute();
        tx.loadInto(CALENDAR).bulkAfter(1000).batchNone().commitNone().onErrorAbort()
                .loadArrays(rows(grid.dayCount(), i -> {
                    TimeGrid.Day d = grid.day(i);
                    DayEffects e = dataset.scenario().dayEffects(i);
                    return new Object[] {d.date(), d.date().getYear(), d.date().getMonthValue(), d.quarter(), d.dayOfWeek(),
                            d.isWeekend(), d.isEoq(), d.isHoliday(), d.holidayName(), e.inQuarterEndWindow(), e.isModelHoliday(),
                            e.quarterFactor(), e.holidayFactor()};
                }))
                .fields(CALENDAR.DAY, CALENDAR.YEAR, CALENDAR.MONTH, CALENDAR.QUARTER, CALENDAR.DAYOFWEEK, CALENDAR.IS_WEEKEND,
                        CALENDAR.IS_EOQ, CALENDAR.IS_HOLIDAY, CALENDAR.HOLIDAY_NAME, CALENDAR.IN_QUARTER_END_WINDOW,
                        CALENDAR.IS_GENERATOR_HOLIDAY, CALENDAR.QUARTER_FACTOR, CALENDAR.HOLIDAY_FACTOR)
                .execute();
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

    /** Rows made on demand, so a million servers never sit in memory at once. */
    private static Iterator<Object[]> rows(int count, IntFunction<Object[]> row) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Object[] next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return row.apply(next++);
            }
        };
    }
}
