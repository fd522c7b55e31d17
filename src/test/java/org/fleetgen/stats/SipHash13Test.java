package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipHash13Test {
    @Test
    void zeroKeyMatchesCpython() {
        // hash("server_000") under PYTHONHASHSEED=0 is SipHash-1-3 with an all-zero key (Python 3.11.7).
        assertEquals(-5561256768287196180L, new SipHash13(0, 0).hash("server_000".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void everyByteAndTheLengthMatter() {
        SipHash13 h = new SipHash13(1, 2);
        long base = h.hash(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertNotEquals(base, h.hash(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 8}));
        assertNotEquals(base, h.hash(new byte[] {0, 2, 3, 4, 5, 6, 7, 8, 9}));
        assertNotEquals(base, h.hash(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0}));
        assertNotEquals(base, new SipHash13(2, 1).hash(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
    }
}
