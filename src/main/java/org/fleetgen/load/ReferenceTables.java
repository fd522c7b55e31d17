package org.fleetgen.load;

import static org.fleetgen.jooq.Tables.ARCHETYPE;
import static org.fleetgen.jooq.Tables.CALENDAR;
import static org.fleetgen.jooq.Tables.SERVER;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.FleetPlan;
import org.fleetgen.fleet.Server;
import org.fleetgen.sample.TimeGrid;
import org.jooq.DSLContext;

/** Writes the {@code server} and {@code calendar} tables of a dataset through jOOQ's Loader API. */
final class ReferenceTables {
    private ReferenceTables() {
    }

    static void write(DSLContext tx, FleetPlan plan, TimeGrid grid) throws java.io.IOException {
        tx.loadInto(SERVER).bulkAfter(1000).batchNone().commitNone().onErrorAbort()
                .loadArrays(rows(plan.size(), i -> {
                    Server s = plan.server(i);
                    return new Object[] {s.index(), s.id(), s.type(), s.metadata().appName(), s.metadata().businessUnit(),
                            s.metadata().criticality(), s.metadata().region(), s.rngSeed()};
                }))
                .fields(SERVER.SERVER_KEY, SERVER.SERVER_ID, SERVER.SERVER_TYPE, SERVER.APP_NAME, SERVER.BUSINESS_UNIT,
                        SERVER.CRITICALITY, SERVER.REGION, SERVER.RNG_SEED)
                .execute();
        tx.loadInto(CALENDAR).bulkAfter(1000).batchNone().commitNone().onErrorAbort()
                .loadArrays(rows(grid.dayCount(), i -> {
                    TimeGrid.Day d = grid.day(i);
                    return new Object[] {d.date(), d.date().getYear(), d.date().getMonthValue(), d.quarter(), d.dayOfWeek(),
                            d.isWeekend(), d.isEoq(), d.isHoliday(), d.holidayName(), d.inQuarterEndWindow(), d.isGeneratorHoliday(),
                            d.quarterFactor(), d.holidayFactor()};
                }))
                .fields(CALENDAR.DAY, CALENDAR.YEAR, CALENDAR.MONTH, CALENDAR.QUARTER, CALENDAR.DAYOFWEEK, CALENDAR.IS_WEEKEND,
                        CALENDAR.IS_EOQ, CALENDAR.IS_HOLIDAY, CALENDAR.HOLIDAY_NAME, CALENDAR.IN_QUARTER_END_WINDOW,
                        CALENDAR.IS_GENERATOR_HOLIDAY, CALENDAR.QUARTER_FACTOR, CALENDAR.HOLIDAY_FACTOR)
                .execute();
        for (ArchetypeProfile p : plan.profiles()) {
            double[] v = p.values();
            tx.insertInto(ARCHETYPE).columns(ARCHETYPE.fields())
                    .values(p.key(), p.displayName(), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                            v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18])
                    .execute();
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
