package org.fleetgen.load;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.Granularity;

/**
 * Keeps a dataset's end on the clock ({@code fleetgen load --follow}): load to the last day whose stamps have all
 * passed, sleep until the next day's have, extend to it, and so on, one day at a time. A stamp counts once its
 * interval is over: the hour of an hourly stamp, the day of a daily one. Every step is an ordinary load (extending
 * the dataset, exactly once and resumably), so a kill between or during steps loses nothing: the next run catches
 * up. The clock and the sleep are passed in, so tests run days in milliseconds.
 */
public final class Follower {
    /** Waits until the clock reads {@code instant} (a test's fake clock simply moves there). */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(Instant instant) throws InterruptedException;
    }

    /** One step: load the dataset to {@code end}. */
    @FunctionalInterface
    public interface Step<E extends Exception> {
        void loadTo(LocalDate end) throws E;
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Granularity granularity;

    public Follower(Clock clock, Sleeper sleeper, Granularity granularity) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.granularity = granularity;
    }

    /** The end a followed dataset has at {@code now}: the last day whose every stamp's interval is over. */
    public static LocalDate endAt(Instant now, Granularity granularity) {
        // An hourly grid holds its end day's 00:00 stamp only, which is over at 01:00; a daily stamp is over at midnight.
        return granularity == Granularity.HOURLY
                ? LocalDate.ofInstant(now.minusSeconds(3600), ZoneOffset.UTC)
                : LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
    }

    /** When the end moves past {@code end}: the moment {@link #endAt} first gives the next day. */
    public static Instant nextAfter(LocalDate end, Granularity granularity) {
        Instant midnight = end.plusDays(granularity == Granularity.HOURLY ? 1 : 2).atStartOfDay(ZoneOffset.UTC).toInstant();
        return granularity == Granularity.HOURLY ? midnight.plusSeconds(3600) : midnight;
    }

    /**
     * Loads to the clock's end, then to each later one, {@code steps} times in all (0: until interrupted). Refuses a
     * start after the clock's end: there is nothing to load yet.
     */
    public <E extends Exception> void run(LocalDate start, int steps, Step<E> step) throws E, InterruptedException {
        LocalDate end = endAt(clock.instant(), granularity);
        if (end.isBefore(start)) {
            throw new ConfigException("start", start, "is after the last complete day, " + end + ": --follow has nothing to load yet");
        }
        for (int done = 0; steps == 0 || done < steps; done++) {
            if (done > 0) {
                sleeper.sleepUntil(nextAfter(end, granularity));
                end = endAt(clock.instant(), granularity);
            }
            step.loadTo(end);
        }
    }
}
