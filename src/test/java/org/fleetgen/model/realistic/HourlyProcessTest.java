package org.fleetgen.model.realistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The realistic model's hourly process: its acceptance properties, each on several archetypes and regions. */
class HourlyProcessTest {
    private static final List<String> REGIONS = List.of("US-East", "US-West", "EU", "Asia");

    static long hour(String utc) {
        return (LocalDateTime.parse(utc).toEpochSecond(ZoneOffset.UTC) - RegionTime.ORIGIN_EPOCH_SECOND) / 3600;
    }

    private static double[][] fill(HourlyProcess p, long from, int count) {
        double[][] out = new double[5][count];
        p.fill(from, count, out);
        return out;
    }

    /** Any range, cut anywhere, gives the same values: extending a dataset leaves its earlier rows as they were. */
    @Test
    void valuesDependOnTheHourAloneNotOnTheRangeOrTheCut() {
        for (String type : RealisticProfile.DEFAULTS.keySet()) {
            RealisticProfile profile = RealisticProfile.DEFAULTS.get(type);
            long start = hour("2024-01-01T00:00");
            int n = 3 * HourlyProcess.BLOCK_HOURS + 500;  // crosses block boundaries
            double[][] whole = fill(new HourlyProcess(profile, 77, "EU"), start, n);
            // Generated from much earlier, then cut to the same hours.
            double[][] longer = fill(new HourlyProcess(profile, 77, "EU"), start - 20_000, n + 20_000);
            // In pieces of 37 hours, each by a fresh process (as separate chunks on separate threads would).
            double[][] pieces = new double[5][n];
            for (int at = 0; at < n; at += 37) {
                int len = Math.min(37, n - at);
                double[][] piece = fill(new HourlyProcess(profile, 77, "EU"), start + at, len);
                for (int m = 0; m < 5; m++) {
                    System.arraycopy(piece[m], 0, pieces[m], at, len);
                }
            }
            for (int m = 0; m < 5; m++) {
                assertArrayEquals(whole[m], Arrays.copyOfRange(longer[m], 20_000, 20_000 + n), type + " metric " + m + ", longer range");
                assertArrayEquals(whole[m], pieces[m], type + " metric " + m + ", in pieces");
            }
            double[][] otherServer = fill(new HourlyProcess(profile, 78, "EU"), start, 100);
            assertTrue(!Arrays.equals(whole[0], 0, 100, otherServer[0], 0, 100), "servers differ");
        }
    }

    /** The noise has the configured lag-1 autocorrelation, unit variance and the archetype's correlation between metrics. */
    @Test
    void noiseHasTheConfiguredAutocorrelationAndCorrelation() {
        int n = 200_000;
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            double[][] x = new double[4][n];
            new HourlyProcess(profile, 5, "Asia").noise(hour("2023-01-01T00:00"), n, x);
            for (int m = 0; m < 4; m++) {
                double phi = profile.phi();
                double lag1 = correlation(Arrays.copyOfRange(x[m], 0, n - 1), Arrays.copyOfRange(x[m], 1, n));
                // AR(1) sample autocorrelation: standard error about sqrt((1 - phi^2) / n); four of them.
                assertEquals(phi, lag1, 4 * Math.sqrt((1 - phi * phi) / n) + 0.002, profile.key() + " lag-1 of metric " + m);
                double variance = Arrays.stream(x[m]).map(v -> v * v).sum() / n;
                // Effective sample size n (1 - phi) / (1 + phi) for the variance of an AR(1) series.
                assertEquals(1, variance, 6 / Math.sqrt(n * (1 - phi) / (1 + phi)), profile.key() + " variance of metric " + m);
                for (int k = m + 1; k < 4; k++) {
                    double r = profile.correlation()[m][k];
                    assertEquals(r, correlation(x[m], x[k]), 6 * (1 - r * r) / Math.sqrt(n * (1 - phi) / (1 + phi)),
                            profile.key() + " correlation " + m + "~" + k);
                }
            }
        }
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** The UTC hours a working day's business lift covers: local 09-17 in the region's zone, summer time included. */
    @Test
    void businessHoursAreLocalToEachRegion() {
        RealisticProfile web = RealisticProfile.DEFAULTS.get("web");
        // A Wednesday in January and one in July (summer time in New York, Los Angeles and Berlin; none in Singapore).
        record Case(String region, String day, Set<Integer> utcHours) {
        }
        List<Case> cases = List.of(
                new Case("EU", "2024-01-17", range(8, 16)), new Case("EU", "2024-07-17", range(7, 15)),
                new Case("US-East", "2024-01-17", range(14, 22)), new Case("US-East", "2024-07-17", range(13, 21)),
                new Case("US-West", "2024-01-17", range(17, 25)), new Case("US-West", "2024-07-17", range(16, 24)),
                new Case("Asia", "2024-01-17", range(1, 9)), new Case("Asia", "2024-07-17", range(1, 9)));
        for (Case c : cases) {
            HourlyProcess p = new HourlyProcess(web, 1, c.region());
            long midnight = hour(c.day() + "T00:00");
            double quiet = Double.MAX_VALUE;
            for (int i = 0; i < 24; i++) {
                quiet = Math.min(quiet, p.expected(0, midnight + i));
            }
            Set<Integer> lifted = new TreeSet<>();
            for (int i = 0; i < 24; i++) {
                if (p.expected(0, midnight + i) > quiet * 1.01) {
                    lifted.add(i);
                }
            }
            assertEquals(c.utcHours(), lifted, c.region() + " on " + c.day());
        }
    }

    /**
     * A region's public holidays rest like weekends, in that region only: business hours lifted on a working day
     * elsewhere are flat there (Independence Day, German Unity Day, Singapore's National Day, Good Friday, Easter Monday).
     */
    @Test
    void holidaysAreEachRegionsOwn() {
        RealisticProfile web = RealisticProfile.DEFAULTS.get("web");
        record Case(String day, Set<String> resting) {
        }
        List<Case> cases = List.of(
                new Case("2024-07-04", Set.of("US-East", "US-West")),   // Thursday, Independence Day
                new Case("2024-10-03", Set.of("EU")),                   // Thursday, German Unity Day
                new Case("2024-08-09", Set.of("Asia")),                 // Friday, National Day
                new Case("2024-03-29", Set.of("EU", "Asia")),           // Good Friday
                new Case("2024-04-01", Set.of("EU")),                   // Easter Monday
                new Case("2024-05-30", Set.of()),                       // an ordinary Thursday
                new Case("2023-05-18", Set.of("EU")));                  // Ascension Day 2023
        for (Case c : cases) {
            for (String region : REGIONS) {
                HourlyProcess p = new HourlyProcess(web, 1, region);
                // The local noon of the day, in UTC hours: 12 minus the zone's offset that day.
                int offsetHours = RegionTime.zone(region).getRules().getOffset(LocalDateTime.parse(c.day() + "T12:00").toInstant(ZoneOffset.UTC))
                        .getTotalSeconds() / 3600;
                long localNoon = hour(c.day() + "T12:00") - offsetHours;
                boolean lifted = p.expected(0, localNoon) > p.expected(0, localNoon - 6) * 1.2;
                assertEquals(!c.resting().contains(region), lifted, region + " on " + c.day());
                assertEquals(c.resting().contains(region), p.localHoliday(localNoon), region + " holiday flag on " + c.day());
            }
        }
    }

    @Test
    void easterIsComputedForAnyYear() {
        assertEquals(java.time.LocalDate.of(2000, 4, 23), RegionalHolidays.easterSunday(2000));
        assertEquals(java.time.LocalDate.of(2024, 3, 31), RegionalHolidays.easterSunday(2024));
        assertEquals(java.time.LocalDate.of(2025, 4, 20), RegionalHolidays.easterSunday(2025));
        assertEquals(java.time.LocalDate.of(2038, 4, 25), RegionalHolidays.easterSunday(2038));
        assertEquals(java.time.LocalDate.of(1981, 4, 19), RegionalHolidays.easterSunday(1981));
        assertEquals(9, RegionalHolidays.of("EU", 2024).size());
        assertEquals(5, RegionalHolidays.of("Asia", 2024).size());
        assertTrue(RegionalHolidays.of("US-West", 2024).containsKey(java.time.LocalDate.of(2024, 11, 28)), "Thanksgiving");
    }

    /** UTC hours from (inclusive) to (exclusive), wrapping past midnight. */
    private static Set<Integer> range(int from, int to) {
        Set<Integer> s = new TreeSet<>();
        for (int h = from; h < to; h++) {
            s.add(h % 24);
        }
        return s;
    }

    /** Batch servers work at night, local time: the lift falls on 00-06 local, every day of the week. */
    @Test
    void batchWindowsAreNightlyInLocalTime() {
        HourlyProcess p = new HourlyProcess(RealisticProfile.DEFAULTS.get("batch"), 3, "US-East");
        for (String day : List.of("2024-01-13", "2024-01-17", "2024-07-14")) {  // Saturday, Wednesday, Sunday in summer time
            long midnight = hour(day + "T00:00");
            Set<Integer> lifted = new TreeSet<>();
            for (int i = 0; i < 24; i++) {
                if (p.expected(0, midnight + i) > RealisticProfile.DEFAULTS.get("batch").base()[0] * 2) {
                    lifted.add(i);
                }
            }
            int offset = day.startsWith("2024-07") ? 4 : 5;
            assertEquals(range(offset, offset + 6), lifted, day);
        }
    }

    /** A daily row is percentile_cont(0.95) of its day's 24 hourly values, to 0.01, on every archetype. */
    @Test
    void dailyValuesAreTheP95OfTheHourlyOnes() {
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            HourlyProcess p = new HourlyProcess(profile, 11, "US-West");
            long firstDay = hour("2024-02-01T00:00") / 24;
            for (long day = firstDay; day < firstDay + 60; day++) {
                double[] daily = new double[5];
                p.dailyP95(day, daily);
                double[][] hours = fill(new HourlyProcess(profile, 11, "US-West"), day * 24, 24);
                for (int m = 0; m < 5; m++) {
                    double[] sorted = hours[m].clone();
                    Arrays.sort(sorted);
                    // As PostgreSQL computes it in doubles: position 0.95 x 23, between rows 21 and 22.
                    double position = 0.95 * 23;
                    double expected = sorted[21] + (sorted[22] - sorted[21]) * (position - 21);
                    assertEquals(Math.rint(expected * 100) / 100, daily[m], 1e-12, profile.key() + " day " + day + " metric " + m);
                }
            }
        }
    }

    /** Growth compounds per calendar month from the fixed origin: a year later the level is (1 + r)^12 times. */
    @Test
    void growthCompoundsPerMonthFromTheOrigin() {
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            HourlyProcess p = new HourlyProcess(profile, 2, "EU");
            long h = hour("2023-03-15T03:00");
            long later = hour("2024-03-15T03:00");  // same local hour; the weekday differs, so compare disk (no time factor)
            assertEquals(Math.pow(1 + profile.monthlyGrowth()[2], 12), p.expected(2, later) / p.expected(2, h), 1e-12, profile.key());
            assertEquals(HourlyProcess.monthsSinceOrigin(h) + 12, HourlyProcess.monthsSinceOrigin(later));
            assertEquals(0, HourlyProcess.monthsSinceOrigin(0));
            assertEquals(-1, HourlyProcess.monthsSinceOrigin(-1));
        }
    }

    /** The listed events are the ground truth of the rows: an hour is lifted exactly when a listed event runs, by its factor. */
    @Test
    void listedEventsAreTheOnesInTheRows() {
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            HourlyProcess p = new HourlyProcess(profile, 21, "US-East");
            long from = hour("2024-01-01T00:00");
            long to = from + 2 * 8760;
            List<HourlyProcess.Event> events = p.events(from, to);
            assertTrue(events.size() > 5, profile.key() + ": " + events.size());
            for (long h = from; h < to; h++) {
                double expected = 1;
                for (HourlyProcess.Event e : events) {
                    if (h >= e.start() && h < e.end()) {
                        expected = Math.max(expected, e.factor());
                    }
                }
                assertEquals(expected, p.eventFactor(h), 0, profile.key() + " hour " + h);
            }
            // The rows show them: during an event, cpu is its factor times what it would be, up to clipping and rounding.
            HourlyProcess.Event e = events.get(0);
            double[][] rows = fill(p, e.start(), (int) (e.end() - e.start()));
            for (int i = 0; i < rows[0].length; i++) {
                assertTrue(rows[0][i] >= 0 && rows[0][i] <= 100);
            }
            assertTrue(e.end() - e.start() >= 1 && e.end() - e.start() <= profile.eventMaxHours());
            assertTrue(e.factor() >= 1 + (profile.eventFactor() - 1) * 0.5 && e.factor() <= 1 + (profile.eventFactor() - 1) * 1.5);
        }
    }

    /** Every archetype has spike events, database servers included, each within its maximum length. */
    @Test
    void everyArchetypeHasEventsOfBoundedLength() {
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            HourlyProcess p = new HourlyProcess(profile, 9, "EU");
            long from = hour("2022-01-01T00:00");
            int events = 0;
            int run = 0;
            int longest = 0;
            for (long h = from; h < from + 3 * 8760; h++) {
                if (p.eventFactor(h) > 1) {
                    run++;
                    longest = Math.max(longest, run);
                } else {
                    events += run > 0 ? 1 : 0;
                    run = 0;
                }
            }
            double expected = profile.eventsPerDay() * 3 * 365;
            assertTrue(events > expected / 2 && events < expected * 1.5, profile.key() + ": " + events + " events, about " + expected + " expected");
            // Two events may overlap into one run of at most two lengths.
            assertTrue(longest <= 2 * profile.eventMaxHours(), profile.key() + ": longest run " + longest);
        }
    }
}
