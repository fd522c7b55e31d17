package org.fleetgen.sample;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.TreeMap;

/**
 * The US federal holiday calendar of python-holidays' {@code holidays.US()} (docs/model.md §10),
 * computed by rule for 1971 to 2099: New Year's Day, Martin Luther King Jr. Day (3rd Monday of
 * January, from 1986), Washington's Birthday (3rd Monday of February), Memorial Day (last Monday of
 * May), Juneteenth (June 19, from 2021), Independence Day, Labor Day (1st Monday of September),
 * Columbus Day (2nd Monday of October), Veterans Day (November 11; 4th Monday of October 1971-1977),
 * Thanksgiving (4th Thursday of November) and Christmas Day. A holiday on a Saturday is also observed
 * on the Friday before, one on a Sunday on the Monday after; each observed day belongs to the year it
 * falls in, so Friday 2021-12-31 is observed for New Year's Day 2022.
 */
public final class UsFederalHolidays {
    private UsFederalHolidays() {
    }

    /** Every holiday and observed day that falls in the given year, with its name. */
    public static Map<LocalDate, String> of(int year) {
        Map<LocalDate, String> actual = new TreeMap<>();
        for (int y = year; y <= year + 1; y++) {
            actual.putAll(actualDays(y));
        }
        Map<LocalDate, String> out = new TreeMap<>();
        for (Map.Entry<LocalDate, String> e : actual.entrySet()) {
            LocalDate d = e.getKey();
            if (d.getYear() == year) {
                out.put(d, e.getValue());
            }
            LocalDate observed = d.getDayOfWeek() == DayOfWeek.SATURDAY ? d.minusDays(1)
                    : d.getDayOfWeek() == DayOfWeek.SUNDAY ? d.plusDays(1) : null;
            if (observed != null && observed.getYear() == year) {
                out.putIfAbsent(observed, e.getValue() + " (observed)");
            }
        }
        return out;
    }

    private static Map<LocalDate, String> actualDays(int y) {
        Map<LocalDate, String> m = new TreeMap<>();
        m.put(LocalDate.of(y, 1, 1), "New Year's Day");
        if (y >= 1986) {
            m.put(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3), "Martin Luther King Jr. Day");
        }
        m.put(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3), "Washington's Birthday");
        m.put(LocalDate.of(y, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)), "Memorial Day");
        if (y >= 2021) {
            m.put(LocalDate.of(y, 6, 19), "Juneteenth National Independence Day");
        }
        m.put(LocalDate.of(y, 7, 4), "Independence Day");
        m.put(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1), "Labor Day");
        m.put(nth(y, Month.OCTOBER, DayOfWeek.MONDAY, 2), "Columbus Day");
        if (y >= 1971 && y <= 1977) {
            m.put(nth(y, Month.OCTOBER, DayOfWeek.MONDAY, 4), "Veterans Day");
        } else {
            m.put(LocalDate.of(y, 11, 11), "Veterans Day");
        }
        m.put(nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4), "Thanksgiving");
        m.put(LocalDate.of(y, 12, 25), "Christmas Day");
        return m;
    }

    private static LocalDate nth(int year, Month month, DayOfWeek dow, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }
}
