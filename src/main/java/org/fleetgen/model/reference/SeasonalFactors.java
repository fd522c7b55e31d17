package org.fleetgen.model.reference;

import java.time.LocalDate;

/**
 * The reference model's day-level multipliers (§8.3, §8.4). They are the generator's own calendar,
 * not the federal one: a 5-day quarter-end ramp and 17 fixed holiday days a year.
 */
final class SeasonalFactors {
    private SeasonalFactors() {
    }

    /**
     * 1 + 0.3·(5 − k)/5 on the last five days of March, June, September and December, where k is the
     * number of days left in the month (1.06 … 1.30 on the last day); 1.0 otherwise.
     */
    static double quarterEnd(LocalDate d) {
        int month = d.getMonthValue();
        if (month % 3 == 0) {
            int length = d.lengthOfMonth();
            if (d.getDayOfMonth() >= length - 4) {
                int k = length - d.getDayOfMonth();
                return 1 + 0.3 * (5 - k) / 5;
            }
        }
        return 1.0;
    }

    /**
     * First match wins: Jan 1 → 0.5; Dec 25–31 → 0.6; Jul 4 → 0.7; Nov 22–28 → 0.7; Dec 24 → 0.7;
     * otherwise 1.0.
     */
    static double holiday(LocalDate d) {
        int m = d.getMonthValue();
        int day = d.getDayOfMonth();
        if (m == 1 && day == 1) {
            return 0.5;
        }
        if (m == 12 && day >= 25) {
            return 0.6;
        }
        if (m == 7 && day == 4) {
            return 0.7;
        }
        if (m == 11 && day >= 22 && day <= 28) {
            return 0.7;
        }
        if (m == 12 && day == 24) {
            return 0.7;
        }
        return 1.0;
    }
}
