package org.fleetgen.api;

import java.time.LocalDate;

/**
 * A day of a dataset's calendar, as the {@code calendar} table and the CSV's calendar columns hold it.
 *
 * @param dayOfWeek   0 for Monday to 6 for Sunday, as pandas counts
 * @param quarterEnd  the last day of a quarter (the {@code is_eoq} column)
 * @param holiday     a US federal holiday or observed day (the {@code is_holiday} column; its name in
 *                    {@code holidayName}, else null)
 */
public record CalendarDay(LocalDate date, int dayOfWeek, int quarter, boolean weekend, boolean quarterEnd, boolean holiday,
                          String holidayName) {
}
