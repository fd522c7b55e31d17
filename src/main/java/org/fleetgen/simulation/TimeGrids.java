package org.fleetgen.simulation;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.sample.UsFederalHolidays;

/** Builds the {@link TimeGrid} of a configuration: the stamps and the civil calendar columns per day. */
public final class TimeGrids {
    private TimeGrids() {
    }

    public static TimeGrid of(GenerationConfig config) {
        LocalDate start = config.start();
        LocalDate end = config.end();
        int dayCount = (int) (end.toEpochDay() - start.toEpochDay() + 1);
        TimeGrid.Day[] days = new TimeGrid.Day[dayCount];
        Map<Integer, Map<LocalDate, String>> holidaysByYear = new HashMap<>();
        for (int i = 0; i < dayCount; i++) {
            LocalDate d = start.plusDays(i);
            String holiday = holidaysByYear.computeIfAbsent(d.getYear(), UsFederalHolidays::of).get(d);
            boolean eoq = d.getMonthValue() % 3 == 0 && d.getDayOfMonth() == d.lengthOfMonth();
            boolean weekend = d.getDayOfWeek().getValue() >= 6;
            days[i] = new TimeGrid.Day(d, weekend, eoq, holiday != null, holiday);
        }
        return new TimeGrid(config.granularity(), start, end, days);
    }
}
