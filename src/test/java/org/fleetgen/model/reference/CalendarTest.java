package org.fleetgen.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.simulation.TimeGrids;
import org.fleetgen.sample.UsFederalHolidays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalendarTest {
    /** The 48 federal holidays and observed days of 2022-2025 (docs/model.md §10), written from the calendar. */
    private static final String[] FEDERAL_2022_2025 = {
            "2022-01-17", "2022-02-21", "2022-05-30", "2022-06-19", "2022-06-20", "2022-07-04", "2022-09-05",
            "2022-10-10", "2022-11-11", "2022-11-24", "2022-12-25", "2022-12-26", "2022-01-01",
            "2023-01-01", "2023-01-02", "2023-01-16", "2023-02-20", "2023-05-29", "2023-06-19", "2023-07-04",
            "2023-09-04", "2023-10-09", "2023-11-10", "2023-11-11", "2023-11-23", "2023-12-25",
            "2024-01-01", "2024-01-15", "2024-02-19", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02",
            "2024-10-14", "2024-11-11", "2024-11-28", "2024-12-25",
            "2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01",
            "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25"};

    @Test
    void federalHolidaysOf2022To2025() {
        Set<LocalDate> want = new TreeSet<>();
        for (String d : FEDERAL_2022_2025) {
            want.add(LocalDate.parse(d));
        }
        assertEquals(48, want.size());
        Set<LocalDate> got = new TreeSet<>();
        for (int y = 2022; y <= 2025; y++) {
            got.addAll(UsFederalHolidays.of(y).keySet());
        }
        assertEquals(want, got);
    }

    @Test
    void observedDaysFollowWeekendRules() {
        // New Year's Day 2022 is a Saturday: observed Friday 2021-12-31, in the 2021 calendar.
        assertTrue(UsFederalHolidays.of(2021).containsKey(LocalDate.of(2021, 12, 31)));
        assertFalse(UsFederalHolidays.of(2022).containsKey(LocalDate.of(2021, 12, 31)));
        // Juneteenth exists from 2021; 2021-06-19 was a Saturday, observed Friday 18th.
        assertTrue(UsFederalHolidays.of(2021).containsKey(LocalDate.of(2021, 6, 18)));
        assertFalse(UsFederalHolidays.of(2020).containsKey(LocalDate.of(2020, 6, 19)));
        // MLK Day from 1986; Veterans Day on the 4th Monday of October 1971-1977.
        assertFalse(UsFederalHolidays.of(1985).containsValue("Martin Luther King Jr. Day"));
        assertTrue(UsFederalHolidays.of(1986).containsKey(LocalDate.of(1986, 1, 20)));
        assertTrue(UsFederalHolidays.of(1975).containsKey(LocalDate.of(1975, 10, 27)));
        assertEquals("Christmas Day (observed)", UsFederalHolidays.of(2022).get(LocalDate.of(2022, 12, 26)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "2024-03-26, 1.0", "2024-03-27, 1.06", "2024-03-28, 1.12", "2024-03-29, 1.18", "2024-03-30, 1.24",
            "2024-03-31, 1.3", "2023-06-25, 1.0", "2023-06-26, 1.06", "2023-06-30, 1.3", "2023-09-26, 1.06",
            "2024-12-31, 1.3", "2024-02-29, 1.0", "2024-04-30, 1.0", "2024-01-31, 1.0"})
    void quarterEndRamp(String date, double factor) {
        assertEquals(factor, SeasonalFactors.quarterEnd(LocalDate.parse(date)), 1e-15);
    }

    @Test
    void quarterEndRampIsComputedInDoubles() {
        // 1.06 is 1.0 + 0.3 * 1 / 5, not the literal 1.06.
        assertEquals(1 + 0.3 * 1 / 5, SeasonalFactors.quarterEnd(LocalDate.of(2024, 3, 27)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"2024-01-01, 0.5", "2024-01-02, 1.0", "2024-07-04, 0.7", "2024-11-21, 1.0", "2024-11-22, 0.7",
            "2024-11-28, 0.7", "2024-11-29, 1.0", "2024-12-23, 1.0", "2024-12-24, 0.7", "2024-12-25, 0.6",
            "2024-12-31, 0.6", "2024-06-19, 1.0"})
    void holidayFactorRules(String date, double factor) {
        assertEquals(factor, SeasonalFactors.holiday(LocalDate.parse(date)));
    }

    @Test
    void generatorHolidaysAre17DaysAYear() {
        int count = 0;
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.getYear() == 2024; d = d.plusDays(1)) {
            if (SeasonalFactors.holiday(d) != 1.0) {
                count++;
            }
        }
        assertEquals(17, count);
    }

    @Test
    void gridsFollowTheReference() {
        TimeGrid daily = TimeGrids.of(GenerationConfig.reference());
        assertEquals(1461, daily.size());
        TimeGrid hourly = TimeGrids.of(GenerationConfig.reference().toBuilder().granularity(Granularity.HOURLY).build());
        assertEquals(35041, hourly.size());
        assertEquals(LocalDate.of(2025, 12, 31).atStartOfDay(), hourly.timestamp(hourly.size() - 1));
        List<Integer> eoq = new ArrayList<>();
        for (int d = 0; d < daily.dayCount(); d++) {
            if (daily.day(d).isEoq()) {
                eoq.add(d);
            }
        }
        assertEquals(16, eoq.size());
        assertEquals(LocalDate.of(2022, 3, 31), daily.day(eoq.get(0)).date());
        // Leap day exists and is an ordinary Thursday.
        TimeGrid.Day leap = daily.day((int) (LocalDate.of(2024, 2, 29).toEpochDay() - LocalDate.of(2022, 1, 1).toEpochDay()));
        assertEquals(LocalDate.of(2024, 2, 29), leap.date());
        assertEquals(3, leap.dayOfWeek());
        assertEquals(1, leap.quarter());
    }

    @Test
    void seasonalSwitchesTurnFactorsOff() {
        Dataset on = Dataset.of(GenerationConfig.reference());
        Dataset off = Dataset.of(GenerationConfig.reference().toBuilder().quarterlyPeaks(false).holidayEffect(false).build());
        int windows = 0;
        for (int d = 0; d < off.grid().dayCount(); d++) {
            assertEquals(1.0, off.scenario().dayEffects(d).quarterFactor());
            assertEquals(1.0, off.scenario().dayEffects(d).holidayFactor());
            // The days stay marked, so the views can still measure what the switch turned off.
            assertEquals(on.scenario().dayEffects(d).inQuarterEndWindow(), off.scenario().dayEffects(d).inQuarterEndWindow());
            assertEquals(on.scenario().dayEffects(d).isModelHoliday(), off.scenario().dayEffects(d).isModelHoliday());
            windows += on.scenario().dayEffects(d).inQuarterEndWindow() ? 1 : 0;
        }
        assertEquals(16 * 5, windows);
    }
}
