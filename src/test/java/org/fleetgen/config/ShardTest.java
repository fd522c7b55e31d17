package org.fleetgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShardTest {
    @ParameterizedTest
    @CsvSource({"120, 2", "120, 3", "8, 3", "35, 7", "5, 8", "1, 1", "0, 4", "100000, 99999"})
    void shardsTileTheUnitsInOrderAndDifferByAtMostOne(int units, int count) {
        List<Integer> all = IntStream.range(0, units).boxed().toList();
        List<Integer> joined = new ArrayList<>();
        int least = Integer.MAX_VALUE;
        int most = 0;
        for (int i = 0; i < count; i++) {
            List<Integer> part = new Shard(i, count).of(all);
            joined.addAll(part);
            least = Math.min(least, part.size());
            most = Math.max(most, part.size());
        }
        assertEquals(all, joined);
        assertTrue(most - least <= 1, "balanced: " + least + ".." + most);
    }

    @ParameterizedTest
    @CsvSource({"0/1, 0, 1", "2/3, 2, 3", " 7/8 , 7, 8", "99999/100000, 99999, 100000"})
    void parsesIndexOverCount(String text, int index, int count) {
        assertEquals(new Shard(index, count), Shard.parse("shard", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "3/3", "4/3", "-1/3", "1/0", "0/100001", "a/b", "1/2/3", "/2", "1/", "1 /2", "+1/2", "1/2x",
            "99999999999999/1", "1/99999999999999"})
    void refusesAnythingElseNamingTheField(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> Shard.parse("shard", text));
        assertEquals("shard", e.field());
        assertEquals(text, String.valueOf(e.value()));
    }
}
