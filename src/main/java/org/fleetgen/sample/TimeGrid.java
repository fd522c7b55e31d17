package org.fleetgen.sample;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.fleetgen.config.Granularity;

/**
 * The timestamps of a dataset and, per calendar day, the civil calendar columns (a model's own calendar
 * effects are the model's, see {@code model.DayEffects}). Timestamps are naive local times, as in the reference; databases store them as UTC.
 *
 * <p>Daily grids have one stamp a day at 00:00. Hourly grids run from the first day's 00:00 to the last
 * day's 00:00 inclusive, so the last day contributes one stamp (docs/model.md §3).
 */
public final class TimeGrid {
    private final Granularity granularity;
    private final LocalDate start;
    private final LocalDate end;
    private final int size;
    private final Day[] days;

    /**
     * One calendar day.
     *
     * @param isEoq          last day of a quarter (the {@code is_eoq} column)
     * @param isHoliday      a US federal holiday or observed day (the {@code is_holiday} column)
     * @param holidayName    its name, or null
     */
    public record Day(LocalDate date, boolean isWeekend, boolean isEoq, boolean isHoliday, String holidayName) {
        public int quarter() {
            return (date.getMonthValue() - 1) / 3 + 1;
        }

        /** Monday = 0 ... Sunday = 6, as pandas counts. */
        public int dayOfWeek() {
            return date.getDayOfWeek().getValue() - 1;
        }
    }

    public TimeGrid(Granularity granularity, LocalDate start, LocalDate end, Day[] days) {
        this.granularity = granularity;
        this.start = start;
        this.end = end;
        this.days = days.clone();
        int dayCount = days.length;
        if (dayCount != (int) (end.toEpochDay() - start.toEpochDay() + 1)) {
            throw new IllegalArgumentException("expected one Day per date from " + start + " to " + end);
        }
        long stamps = granularity == Granularity.DAILY ? dayCount : (dayCount - 1L) * 24 + 1;
        if (stamps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("time grid too long: " + stamps + " stamps");
        }
        this.size = (int) stamps;
    }

    public Granularity granularity() {
        return granularity;
    }

    public LocalDate start() {
        return start;
    }

    public LocalDate end() {
        return end;
    }

    /** Number of timestamps, T. */
    public int size() {
        return size;
    }

    public int dayCount() {
        return days.length;
    }

    public Day day(int dayIndex) {
        return days[dayIndex];
    }

    public int dayIndexOf(int stamp) {
        return granularity == Granularity.DAILY ? stamp : stamp / 24;
    }

    public int hourOf(int stamp) {
        return granularity == Granularity.DAILY ? 0 : stamp % 24;
    }

    /** The index of the first stamp on or after the given day's 00:00. */
    public int firstStampOfDay(int dayIndex) {
        return granularity == Granularity.DAILY ? dayIndex : dayIndex * 24;
    }

    public LocalDateTime timestamp(int stamp) {
        return start.atStartOfDay().plusDays(dayIndexOf(stamp)).plusHours(hourOf(stamp));
    }

    /** Seconds since 1970-01-01T00:00 of the stamp read as UTC. */
    public long epochSecond(int stamp) {
        return (start.toEpochDay() + dayIndexOf(stamp)) * 86_400L + hourOf(stamp) * 3_600L;
    }

    public long epochSecondOfStart() {
        return start.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * True when every stamp falls at midnight (daily grids, and hourly grids of one stamp): pandas then
     * prints timestamps as dates, which the CSV must follow to match the reference byte for byte.
     */
    public boolean allMidnight() {
        return granularity == Granularity.DAILY || size == 1;
    }
}
