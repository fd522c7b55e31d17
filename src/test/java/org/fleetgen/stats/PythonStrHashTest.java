package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values printed once by Python 3.11.7 with PYTHONHASHSEED set: {@code hash(s)}. */
class PythonStrHashTest {
    @ParameterizedTest(name = "PYTHONHASHSEED={0} hash({1})")
    @CsvSource({
            "0, server_000, -5561256768287196180",
            "0, server_001, 8191963742226582652",
            "0, server_119, 2971485795929695330",
            "0, server_1000, -5447157148349974231",
            "0, a, 4644417185603328019",
            "0, abcdefgh, 4574395652268504554",
            "1, server_000, 8718570843785468436",
            "1, server_001, -2104613101729416630",
            "1, server_119, -977703880863262403",
            "1, server_1000, -3502902954353674535",
            "1, a, -3012895188637184397",
            "1, abcdefgh, -202642195356325900",
            "7, server_000, 3109677479640106600",
            "7, server_001, -2653142244948268761",
            "7, server_119, 5370366275617915942",
            "7, server_1000, 6914970207854424796",
            "7, a, 6412522626967419924",
            "7, abcdefgh, 7786118111102688414",
            "123456, server_000, 1848859118636905357",
            "123456, server_001, -8929456613378050330",
            "123456, server_119, -3667563134669564394",
            "123456, server_1000, 8347271148758206032",
            "123456, a, 5189962413908688696",
            "123456, abcdefgh, 3551224878017114386",
    })
    void matchesCpython(long seed, String text, long expected) {
        assertEquals(expected, new PythonStrHash(seed).hash(text));
    }

    @Test
    void emptyStringHashesToZero() {
        assertEquals(0, new PythonStrHash(7).hash(""));
    }

    @Test
    void seedIsLow32BitsUnsigned() {
        // The spec's anchor: server_000 → 495008748 under PYTHONHASHSEED=0 on Python >= 3.11.
        assertEquals(495008748L, new PythonStrHash(0).hashMod2To32("server_000"));
        assertEquals(Math.floorMod(-5561256768287196180L, 1L << 32), new PythonStrHash(0).hashMod2To32("server_000"));
    }

    @Test
    void rejectsSeedOutsidePythonRange() {
        assertThrows(IllegalArgumentException.class, () -> new PythonStrHash(-1));
        assertThrows(IllegalArgumentException.class, () -> new PythonStrHash(1L << 32));
    }
}
