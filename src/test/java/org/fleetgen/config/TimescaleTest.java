package org.fleetgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TimescaleDB options: the chunk-interval rule, the interval's text both ways, and the combinations refused. */
class TimescaleTest {
    @Test
    void theRuleGivesAWeekForHourlyDataAndFiftyTwoWeeksForDaily() {
        assertEquals(Duration.ofDays(7), Timescale.DEFAULTS.chunkInterval(Granularity.HOURLY));
        assertEquals(Duration.ofDays(364), Timescale.DEFAULTS.chunkInterval(Granularity.DAILY));
        Timescale given = new Timescale(Timescale.Use.ON, Duration.ofHours(12), false);
        assertEquals(Duration.ofHours(12), given.chunkInterval(Granularity.HOURLY));
        assertEquals(Duration.ofHours(12), given.chunkInterval(Granularity.DAILY));
    }

    @Test
    void intervalsReadAndPrintBothWays() {
        for (String text : List.of("1h", "12h", "25h", "1d", "7d", "364d", "3660d")) {
            assertEquals(text, Timescale.text(Timescale.parseInterval("chunk_interval", text)), text);
        }
        assertEquals(Duration.ofHours(48), Timescale.parseInterval("chunk_interval", " 48h "));
        assertEquals("2d", Timescale.text(Timescale.parseInterval("chunk_interval", "48h")));
    }

    @Test
    void badIntervalsAreRefusedNamingTheField() {
        for (String text : List.of("", "d", "0h", "0d", "5m", "7", "7w", "-1d", "1.5d", "3661d", "99999999d", "seven", "7 d")) {
            ConfigException e = assertThrows(ConfigException.class, () -> Timescale.parseInterval("timescaledb.chunk_interval", text), text);
            assertEquals("timescaledb.chunk_interval", e.field(), text);
        }
        assertThrows(ConfigException.class, () -> Timescale.parseInterval("chunk_interval", null));
    }

    @Test
    void optionsThatNeedTimescaleAreRefusedWithItOff() {
        ConfigException compress = assertThrows(ConfigException.class, () -> new Timescale(Timescale.Use.OFF, null, true));
        assertEquals(Timescale.COMPRESS_FIELD, compress.field());
        ConfigException interval = assertThrows(ConfigException.class, () -> new Timescale(Timescale.Use.OFF, Duration.ofDays(7), false));
        assertEquals(Timescale.INTERVAL_FIELD, interval.field());
        ConfigException tooShort = assertThrows(ConfigException.class, () -> new Timescale(Timescale.Use.ON, Duration.ofMinutes(30), false));
        assertTrue(tooShort.getMessage().contains("1h"), tooShort.getMessage());
        assertEquals(Timescale.Use.AUTO, new Timescale(null, null, false).use());
    }
}
