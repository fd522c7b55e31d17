package org.fleetgen.cli;

import java.util.Locale;

/** Byte counts as people read them (decimal units, as df -H and disk makers print them). */
final class Sizes {
    private Sizes() {
    }

    /** Free bytes of the file system that holds, or will hold, {@code path}; -1 when unknown. */
    static long usableSpace(java.nio.file.Path path) {
        java.nio.file.Path p = path.toAbsolutePath();
        while (p != null && !java.nio.file.Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? -1 : java.nio.file.Files.getFileStore(p).getUsableSpace();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static String bytes(long n) {
        if (n >= 1_000_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f TB", n / 1e12);
        }
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.0f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f kB", n / 1e3);
    }
}
