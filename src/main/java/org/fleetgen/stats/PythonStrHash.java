package org.fleetgen.stats;

import java.nio.charset.StandardCharsets;

/**
 * CPython's {@code hash(str)} for Latin-1 strings under a fixed {@code PYTHONHASHSEED}, as computed by
 * Python 3.11 and later.
 *
 * <p>Method: with seed 0 the hash secret is all zero bytes; with seed N &gt; 0 CPython fills the
 * 24-byte {@code _Py_HashSecret} with {@code lcg_urandom(N)}: {@code x = x * 214013 + 2531011}
 * (mod 2<sup>32</sup>) per byte, keeping bits 16..23 of x. The SipHash key is bytes 0..7 and 8..15 of
 * that secret, read little-endian. The string's one-byte code units are hashed with SipHash-1-3;
 * the empty string hashes to 0 and a result of -1 becomes -2 (-1 is CPython's error marker).
 * Only Latin-1 text is supported: CPython hashes wider strings over their UCS-2/UCS-4 units.
 */
public final class PythonStrHash {
    /** PYTHONHASHSEED accepts 0..4294967295. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    private final SipHash13 sipHash;

    public PythonStrHash(long pythonHashSeed) {
        if (pythonHashSeed < 0 || pythonHashSeed > MAX_SEED) {
            throw new IllegalArgumentException("pythonHashSeed must be in 0.." + MAX_SEED + ", got " + pythonHashSeed);
        }
        byte[] secret = new byte[24];
        if (pythonHashSeed != 0) {
            int x = (int) pythonHashSeed;
            for (int i = 0; i < secret.length; i++) {
                x = x * 214013 + 2531011;
                secret[i] = (byte) (x >>> 16);
            }
        }
        this.sipHash = new SipHash13(SipHash13.littleEndian(secret, 0, 8), SipHash13.littleEndian(secret, 8, 8));
    }

    public long hash(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("only Latin-1 text is supported, got '" + text + "'");
            }
        }
        long h = sipHash.hash(text.getBytes(StandardCharsets.ISO_8859_1));
        return h == -1 ? -2 : h;
    }

    /** {@code hash(text) % 2**32} as Python evaluates it: the low 32 bits, unsigned. */
    public long hashMod2To32(String text) {
        return hash(text) & 0xFFFF_FFFFL;
    }
}
