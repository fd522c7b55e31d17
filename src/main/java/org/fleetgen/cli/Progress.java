package org.fleetgen.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on standard error: rows done, rate and ETA, redrawn at most once a second. Shown
 * when standard error is a terminal (the launcher says so through FLEETGEN_STDERR_TTY) or with
 * {@code --progress}; never with {@code --quiet}.
 */
final class Progress {
    private final PrintStream err;
    private final boolean enabled;
    private volatile long total;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintStream err, boolean enabled, long total) {
        this.err = err;
        this.enabled = enabled;
        this.total = total;
    }

    static boolean wanted(CommonOptions common) {
        if (common.quiet) {
            return false;
        }
        return common.progress || "1".equals(System.getenv("FLEETGEN_STDERR_TTY"));
    }

    void total(long total) {
        this.total = total;
    }

    boolean enabled() {
        return enabled;
    }

    void update(long done, String extra) {
        update(done, extra, 0);
    }

    /** Draws the line; {@code base} rows were done before this run and do not count towards the rate. */
    synchronized void update(long done, String extra, long base) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 1_000_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (done - base) / seconds;
        String eta = rate > 0 && done < total ? duration((total - done) / rate) : "0:00";
        err.printf(Locale.ROOT, "\rfleetgen: %,d / %,d rows (%.0f%%)  %s rows/s  ETA %s%s   ",
                done, total, total == 0 ? 100.0 : 100.0 * done / total, compact(rate), eta, extra == null ? "" : "  " + extra);
        err.flush();
    }

    synchronized void finish() {
        if (enabled && drawn) {
            err.println();
            drawn = false;
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String compact(double rate) {
        if (rate >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", rate / 1e6);
        }
        if (rate >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", rate / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", rate);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
