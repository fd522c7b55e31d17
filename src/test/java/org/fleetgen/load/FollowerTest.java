package org.fleetgen.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Granularity;
import org.junit.jupiter.api.Test;

class FollowerTest {
    private static Instant at(String s) {
        return Instant.parse(s);
    }

    @Test
    void aDayIsLoadedOnceEveryOneOfItsStampsIsOver() {
        // Hourly: the end day holds only its 00:00 stamp, over at 01:00.
        assertEquals(LocalDate.of(2024, 2, 9), Follower.endAt(at("2024-02-10T00:59:59Z"), Granularity.HOURLY));
        assertEquals(LocalDate.of(2024, 2, 10), Follower.endAt(at("2024-02-10T01:00:00Z"), Granularity.HOURLY));
        assertEquals(LocalDate.of(2024, 2, 10), Follower.endAt(at("2024-02-11T00:59:59Z"), Granularity.HOURLY));
        // Daily: a day's row is the day's, over at midnight.
        assertEquals(LocalDate.of(2024, 2, 9), Follower.endAt(at("2024-02-10T23:59:59Z"), Granularity.DAILY));
        assertEquals(LocalDate.of(2024, 2, 10), Follower.endAt(at("2024-02-11T00:00:00Z"), Granularity.DAILY));
        for (Granularity g : Granularity.values()) {
            for (LocalDate end = LocalDate.of(2024, 2, 27); end.isBefore(LocalDate.of(2024, 3, 3)); end = end.plusDays(1)) {
                Instant next = Follower.nextAfter(end, g);
                assertEquals(end, Follower.endAt(next.minusSeconds(1), g), g + " " + end);
                assertEquals(end.plusDays(1), Follower.endAt(next, g), g + " " + end);
            }
        }
    }

    @Test
    void stepsFollowTheClockAndCatchUpAfterALateWake() throws Exception {
        Instant[] now = {at("2024-02-10T05:30:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        List<LocalDate> ends = new ArrayList<>();
        new Follower(clock, until -> now[0] = until.plusSeconds(ends.size() == 2 ? 86_400 * 3 : 0), Granularity.DAILY)
                .run(LocalDate.of(2024, 1, 1), 4, ends::add);
        assertEquals(List.of(LocalDate.of(2024, 2, 9), LocalDate.of(2024, 2, 10), LocalDate.of(2024, 2, 14), LocalDate.of(2024, 2, 15)), ends);
        ConfigException e = assertThrows(ConfigException.class, () -> new Follower(clock, until -> { }, Granularity.HOURLY)
                .run(LocalDate.of(2030, 1, 1), 1, ends::add));
        assertEquals("start", e.field());
    }
}
