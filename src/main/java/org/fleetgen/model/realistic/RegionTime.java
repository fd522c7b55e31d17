package org.fleetgen.model.realistic;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Map;

/**
 * Each region's local time, from the absolute UTC hour. The zones stand for the regions fleetgen's servers
 * carry (US-East: New York, US-West: Los Angeles, EU: Berlin, Asia: Singapore); daylight saving time comes
 * from java.time's rules. Offsets are looked up per hour and cached per day, which keeps the lookup off the
 * per-row cost.
 */
public final class RegionTime {
    /** 2000-01-01T00:00Z: hour 0 of every realistic series. */
    public static final long ORIGIN_EPOCH_SECOND = 946_684_800L;
    static final Map<String, ZoneId> ZONES = Map.of(
            "US-East", ZoneId.of("America/New_York"),
            "US-West", ZoneId.of("America/Los_Angeles"),
            "EU", ZoneId.of("Europe/Berlin"),
            "Asia", ZoneId.of("Asia/Singapore"));

    private final ZoneRules rules;
    private long cachedDay = Long.MIN_VALUE;
    private final int[] offsetMinutes = new int[24];

    public RegionTime(String region) {
        ZoneId zone = ZONES.get(region);
        if (zone == null) {
            throw new IllegalArgumentException("no time zone for region " + region + "; regions: " + ZONES.keySet());
        }
        this.rules = zone.getRules();
    }

    public static ZoneId zone(String region) {
        return ZONES.get(region);
    }

    /** The local date-time's hour of day (0-23) at absolute hour {@code h}. */
    public int localHour(long h) {
        long localMinutes = h * 60 + offsetMinutes(h);
        return (int) Math.floorMod(Math.floorDiv(localMinutes, 60), 24);
    }

    /** The local day of week at absolute hour {@code h}: 0 Monday .. 6 Sunday. */
    public int localDayOfWeek(long h) {
        long localDay = Math.floorDiv(h * 60 + offsetMinutes(h), 24 * 60);
        // 2000-01-01 was a Saturday (5).
        return (int) Math.floorMod(localDay + 5, 7);
    }

    /** The local calendar day at absolute hour {@code h}, as days since 2000-01-01. */
    public long localDay(long h) {
        return Math.floorDiv(h * 60 + offsetMinutes(h), 24 * 60);
    }

    private int offsetMinutes(long h) {
        long day = Math.floorDiv(h, 24);
        if (day != cachedDay) {
            for (int i = 0; i < 24; i++) {
                Instant at = Instant.ofEpochSecond(ORIGIN_EPOCH_SECOND + (day * 24 + i) * 3600);
                offsetMinutes[i] = rules.getOffset(at).getTotalSeconds() / 60;
            }
            cachedDay = day;
        }
        return offsetMinutes[(int) Math.floorMod(h, 24)];
    }
}
