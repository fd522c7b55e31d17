package org.fleetgen.stats;

/**
 * SipHash-1-3 (Aumasson and Bernstein's SipHash with one compression round and three finalisation
 * rounds), the string hash of CPython 3.11 and later.
 *
 * <p>The 128-bit key is two 64-bit words {@code k0, k1}, each the little-endian reading of eight key
 * bytes. The message is consumed in little-endian 64-bit words; the final word carries the remaining
 * bytes and the message length modulo 256 in its top byte. The result is the 64-bit XOR of the four
 * state words, returned as a signed long exactly as CPython's {@code Py_hash_t} holds it.
 */
public final class SipHash13 {
    private final long k0;
    private final long k1;

    public SipHash13(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    public long hash(byte[] data) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int len = data.length;
        int whole = len & ~7;
        for (int off = 0; off < whole; off += 8) {
            long m = littleEndian(data, off, 8);
            v3 ^= m;
            // one compression round
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long b = ((long) len) << 56 | littleEndian(data, whole, len - whole);
        v3 ^= b;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xff;
        for (int i = 0; i < 3; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    static long littleEndian(byte[] data, int off, int count) {
        long word = 0;
        for (int i = count - 1; i >= 0; i--) {
            word = (word << 8) | (data[off + i] & 0xffL);
        }
        return word;
    }
}
