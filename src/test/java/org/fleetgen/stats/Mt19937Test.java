package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Values printed once by numpy 2.4.6's legacy RandomState(seed). */
class Mt19937Test {
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({
            "495008748, 4120309502 1590678185 3742826319 1206529544 170460779",
            "42, 1608637542 3421126067 4083286876 787846414 3143890026",
            "0, 2357136044 2546248239 3071714933 3626093760 2588848963",
            "4294967295, 419326371 479346978 3918654476 2416749639 3388880820",
    })
    void firstOutputsMatchNumpy(long seed, String expected) {
        Mt19937 mt = new Mt19937(seed);
        String[] parts = expected.split(" ");
        for (String part : parts) {
            assertEquals(Long.parseLong(part), mt.nextInt() & 0xFFFF_FFFFL);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({
            "495008748, 0.9593343091782824 0.871444659537949 0.03968849565776478",
            "42, 0.3745401188473625 0.9507143064099162 0.7319939418114051",
            "0, 0.5488135039273248 0.7151893663724195 0.6027633760716439",
            "4294967295, 0.0976320289940138 0.9123828453026218 0.78903530185164",
    })
    void doublesMatchRandomSample(long seed, String expected) {
        Mt19937 mt = new Mt19937(seed);
        for (String part : expected.split(" ")) {
            assertEquals(Double.parseDouble(part), mt.nextDouble());
        }
    }

    @Test
    void boundedIntsMatchLegacyChoice() {
        // np.random.RandomState(42): choice(4, 12) then choice(3, 12) on the same stream.
        Mt19937 mt = new Mt19937(42);
        int[] four = new int[12];
        int[] three = new int[12];
        for (int i = 0; i < 12; i++) {
            four[i] = mt.nextBoundedInt(4);
        }
        for (int i = 0; i < 12; i++) {
            three[i] = mt.nextBoundedInt(3);
        }
        assertArrayEquals(new int[] {2, 3, 0, 2, 2, 3, 0, 0, 2, 1, 2, 2}, four);
        assertArrayEquals(new int[] {2, 2, 0, 2, 1, 0, 1, 1, 1, 1, 0, 0}, three);
    }
}
