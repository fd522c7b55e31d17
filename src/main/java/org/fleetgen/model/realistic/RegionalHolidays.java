package org.fleetgen.model.realistic;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.fleetgen.sample.UsFederalHolidays;

/**
 * The public holidays each region keeps, on which the realistic model's servers see a weekend's load:
 * <ul>
 *   <li>US-East and US-West: the US federal holidays and their observed days ({@link UsFederalHolidays});</li>
 *   <li>EU (Berlin's zone): Germany's nationwide holidays: New Year's Day, Good Friday, Easter Monday, Labour
 *       Day, Ascension Day, Whit Monday, German Unity Day (October 3, from 1990), Christmas Day and Boxing Day;</li>
 *   <li>Asia (Singapore's zone): Singapore's holidays fixed by the Gregorian calendar or Easter: New Year's
 *       Day, Good Friday, Labour Day, National Day (August 9) and Christmas Day. Those of the lunar, Islamic
 *       and Hindu calendars (Chinese New Year, Hari Raya, Vesak, Deepavali) are left out: they need yearly
 *       tables, and their dates are announced, not computed.</li>
 * </ul>
 * Easter Sunday by the anonymous Gregorian algorithm (Meeus, Jones, Butcher).
 */
public final class RegionalHolidays {
    private static final Map<String, Map<Integer, Map<LocalDate, String>>> CACHE = new ConcurrentHashMap<>();

    private RegionalHolidays() {
    }

    /** The region's holidays in a year, with their names; empty for a region without a list. */
    public static Map<LocalDate, String> of(String region, int year) {
        return CACHE.computeIfAbsent(region, r -> new ConcurrentHashMap<>()).computeIfAbsent(year, y -> compute(region, y));
    }

    public static boolean isHoliday(String region, LocalDate day) {
        return of(region, day.getYear()).containsKey(day);
    }

    private static Map<LocalDate, String> compute(String region, int year) {
        Map<LocalDate, String> out = new TreeMap<>();
        LocalDate easter = easterSunday(year);
        switch (region) {
            case "US-East", "US-West" -> out.putAll(UsFederalHolidays.of(year));
            case "EU" -> {
                out.put(LocalDate.of(year, 1, 1), "New Year's Day");
                out.put(easter.minusDays(2), "Good Friday");
                out.put(easter.plusDays(1), "Easter Monday");
                out.put(LocalDate.of(year, 5, 1), "Labour Day");
                out.put(easter.plusDays(39), "Ascension Day");
                out.put(easter.plusDays(50), "Whit Monday");
                if (year >= 1990) {
                    out.put(LocalDate.of(year, 10, 3), "German Unity Day");
                }
                out.put(LocalDate.of(year, 12, 25), "Christmas Day");
                out.put(LocalDate.of(year, 12, 26), "Boxing Day");
            }
            case "Asia" -> {
                out.put(LocalDate.of(year, 1, 1), "New Year's Day");
                out.put(easter.minusDays(2), "Good Friday");
                out.put(LocalDate.of(year, 5, 1), "Labour Day");
                out.put(LocalDate.of(year, 8, 9), "National Day");
                out.put(LocalDate.of(year, 12, 25), "Christmas Day");
            }
            default -> {
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Easter Sunday of the Gregorian calendar. */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
