package org.fleetgen.model;

/**
 * A model's own calendar for one day, stored in the {@code calendar} table next to the civil columns so
 * that the views can measure each effect.
 *
 * @param inQuarterEndWindow  the day lies where the model's quarter-end effect applies
 * @param isModelHoliday      one of the model's own holiday days (the {@code is_generator_holiday} column)
 * @param quarterFactor       the model's quarter-end multiplier (1.0 when off or outside the window)
 * @param holidayFactor       the model's holiday multiplier (1.0 when off or not one of its days)
 */
public record DayEffects(boolean inQuarterEndWindow, boolean isModelHoliday, double quarterFactor, double holidayFactor) {
    public static final DayEffects NONE = new DayEffects(false, false, 1.0, 1.0);
}
