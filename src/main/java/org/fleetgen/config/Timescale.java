package org.fleetgen.config;

import java.time.Duration;

/**
 * How a load uses TimescaleDB. {@code use}: AUTO (a hypertable when the target database has the
 * {@code timescaledb} extension installed), ON (required: installed, or available and then created), OFF
 * (plain PostgreSQL tables even on a TimescaleDB server). {@code chunkInterval}: the hypertable's chunk
 * interval, null for the rule ({@link #chunkInterval(Granularity)}). {@code compress}: compress the loaded
 * chunks at the end of the load (segmented by server_key, ordered by ts).
 */
public record Timescale(Use use, Duration chunkInterval, boolean compress) {
    public enum Use { AUTO, ON, OFF }

    public static final String FIELD = "timescaledb";
    public static final String INTERVAL_FIELD = "chunk_interval";
    public static final String COMPRESS_FIELD = "compress";
    public static final Timescale DEFAULTS = new Timescale(Use.AUTO, null, false);
    /** Chunks shorter than an hour hold less than a row per server of hourly data; longer than 10 years, one chunk. */
    static final Duration MIN_INTERVAL = Duration.ofHours(1);
    static final Duration MAX_INTERVAL = Duration.ofDays(3660);

    public Timescale {
        if (use == null) {
            use = Use.AUTO;
        }
        if (chunkInterval != null && (chunkInterval.compareTo(MIN_INTERVAL) < 0 || chunkInterval.compareTo(MAX_INTERVAL) > 0)) {
            throw new ConfigException(INTERVAL_FIELD, text(chunkInterval), "must be from 1h to 3660d");
        }
        if (use == Use.OFF && compress) {
            throw new ConfigException(COMPRESS_FIELD, true, "compresses a TimescaleDB hypertable; it cannot be combined with timescaledb off");
        }
        if (use == Use.OFF && chunkInterval != null) {
            throw new ConfigException(INTERVAL_FIELD, text(chunkInterval), "sets a TimescaleDB hypertable's chunks; it cannot be combined with timescaledb off");
        }
    }

    /**
     * The chunk interval for a dataset of this granularity when none is given: 7 days for hourly data
     * (TimescaleDB's default: 168 rows a server a chunk) and 364 days (52 weeks) for daily data, so that a
     * daily chunk also holds a few hundred rows a server, which compression stores as one batch each.
     */
    public Duration chunkInterval(Granularity granularity) {
        if (chunkInterval != null) {
            return chunkInterval;
        }
        return granularity == Granularity.HOURLY ? Duration.ofDays(7) : Duration.ofDays(364);
    }

    /** Reads {@code 7d}, {@code 12h} or {@code 30d}: a whole number of days or hours. */
    public static Duration parseInterval(String field, String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() < 2 || t.length() > 8 || !t.substring(0, t.length() - 1).chars().allMatch(Character::isDigit)
                || "dh".indexOf(t.charAt(t.length() - 1)) < 0) {
            throw new ConfigException(field, text, "must be a whole number of days or hours, e.g. 7d or 12h");
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        Duration d = t.endsWith("d") ? Duration.ofDays(n) : Duration.ofHours(n);
        if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
            throw new ConfigException(field, text, "must be from 1h to 3660d");
        }
        return d;
    }

    /** The interval as {@link #parseInterval} reads it. */
    public static String text(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }
}
