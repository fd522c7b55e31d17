package org.fleetgen.config;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that determines a generated dataset. Two equal configurations give the same bytes.
 *
 * @param servers          fleet size, 1..{@value #MAX_SERVERS}
 * @param start            first day of the grid
 * @param end              last day of the grid (hourly grids hold only its 00:00 hour, as the reference does)
 * @param granularity      daily or hourly
 * @param seed             the PYTHONHASHSEED whose str hash seeds each server's stream, 0..4294967295
 * @param distribution     archetype shares, in block order
 * @param quarterlyPeaks   the quarter-end ramp (reference {@code data.seasonality.quarterly_peaks})
 * @param holidayEffect    the holiday dips (reference {@code data.seasonality.holiday_effect})
 * @param model            the model's name ({@code reference} by default), checked against the registry when
 *                         the dataset is assembled
 * @param archetypeOverrides per archetype, profile fields: those to replace in one of the model's archetypes, or
 *                         every field of a new one (checked by the model when the fleet is planned)
 * @param slice            the servers to generate, or null for the whole fleet
 * @param horizonDays      days past {@code end} for which a model with ground truth writes expected values and
 *                         calendar rows but no observed rows (the forecast horizon); 0 for none
 */
public record GenerationConfig(
        String model,
        int servers,
        LocalDate start,
        LocalDate end,
        Granularity granularity,
        long seed,
        FleetDistribution distribution,
        boolean quarterlyPeaks,
        boolean holidayEffect,
        Map<String, Map<String, Double>> archetypeOverrides,
        ServerSlice slice,
        int horizonDays) {

    public static final int MAX_SERVERS = 1_000_000;
    /** The US federal holiday rules behind {@code is_holiday} are implemented for these years. */
    public static final LocalDate MIN_DATE = LocalDate.of(1971, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(2099, 12, 31);
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    public static final int DEFAULT_SERVERS = 120;
    public static final LocalDate DEFAULT_START = LocalDate.of(2022, 1, 1);
    public static final LocalDate DEFAULT_END = LocalDate.of(2025, 12, 31);

    public static final String DEFAULT_MODEL = "reference";
    /** Ten years of forecast horizon at most: far beyond any forecast worth scoring, and the date limit still holds. */
    public static final int MAX_HORIZON_DAYS = 3660;

    public GenerationConfig {
        if (model == null || !model.matches("[a-z][a-z0-9_]{0,39}")) {
            throw new ConfigException("model", model, "a model name is a lower-case word such as " + DEFAULT_MODEL);
        }
        if (servers < 1 || servers > MAX_SERVERS) {
            throw new ConfigException("servers", servers, "must be an integer from 1 to " + MAX_SERVERS);
        }
        requireDate("start", start);
        requireDate("end", end);
        if (end.isBefore(start)) {
            throw new ConfigException("end", end, "is before start " + start);
        }
        if (granularity == null) {
            throw new ConfigException("granularity", null, "must be daily or hourly");
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw new ConfigException("seed", seed, "must be an integer from 0 to " + MAX_SEED);
        }
        if (distribution == null) {
            throw new ConfigException("distribution", null, "is required");
        }
        Map<String, Map<String, Double>> copy = new TreeMap<>();
        if (archetypeOverrides != null) {
            archetypeOverrides.forEach((k, v) -> copy.put(k, Map.copyOf(new LinkedHashMap<>(v))));
        }
        archetypeOverrides = Map.copyOf(copy);
        if (horizonDays < 0 || horizonDays > MAX_HORIZON_DAYS) {
            throw new ConfigException("horizon_days", horizonDays, "must be an integer from 0 to " + MAX_HORIZON_DAYS);
        }
        if (end.plusDays(horizonDays).isAfter(MAX_DATE)) {
            throw new ConfigException("horizon_days", horizonDays, "reaches past " + MAX_DATE + " from end " + end);
        }
        if (slice != null && slice.last() >= servers) {
            throw new ConfigException(ServerSlice.FIELD, slice, "names " + ServerSlice.id(slice.last()) + " but the fleet has " + servers
                    + " servers (server_000 .. " + ServerSlice.id(servers - 1) + ")");
        }
    }

    private static void requireDate(String field, LocalDate date) {
        if (date == null) {
            throw new ConfigException(field, null, "is required");
        }
        if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
            throw new ConfigException(field, date, "must be between " + MIN_DATE + " and " + MAX_DATE);
        }
    }

    /** The reference defaults: 120 servers, 2022-01-01..2025-12-31, daily, seed 0, both seasonal effects on. */
    public static GenerationConfig reference() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.servers = servers;
        b.start = start;
        b.end = end;
        b.granularity = granularity;
        b.seed = seed;
        b.distribution = distribution;
        b.quarterlyPeaks = quarterlyPeaks;
        b.holidayEffect = holidayEffect;
        b.archetypeOverrides = new TreeMap<>(archetypeOverrides);
        b.slice = slice;
        b.horizonDays = horizonDays;
        return b;
    }

    /** Collects values from a config file and flags (later sets win); {@link #build()} validates. */
    public static final class Builder {
        private String model = DEFAULT_MODEL;
        private int servers = DEFAULT_SERVERS;
        private LocalDate start = DEFAULT_START;
        private LocalDate end = DEFAULT_END;
        private Granularity granularity = Granularity.DAILY;
        private long seed = 0;
        private FleetDistribution distribution = FleetDistribution.REFERENCE;
        private boolean quarterlyPeaks = true;
        private boolean holidayEffect = true;
        private Map<String, Map<String, Double>> archetypeOverrides = new TreeMap<>();
        private ServerSlice slice;
        private int horizonDays;

        public Builder model(String v) { model = v; return this; }
        public Builder servers(int v) { servers = v; return this; }
        public Builder slice(ServerSlice v) { slice = v; return this; }
        public Builder horizonDays(int v) { horizonDays = v; return this; }
        public Builder start(LocalDate v) { start = v; return this; }
        public Builder end(LocalDate v) { end = v; return this; }
        public Builder granularity(Granularity v) { granularity = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder distribution(FleetDistribution v) { distribution = v; return this; }
        public Builder quarterlyPeaks(boolean v) { quarterlyPeaks = v; return this; }
        public Builder holidayEffect(boolean v) { holidayEffect = v; return this; }

        public Builder archetypeOverride(String archetype, String field, double value) {
            archetypeOverrides.computeIfAbsent(archetype, k -> new TreeMap<>()).put(field, value);
            return this;
        }

        public GenerationConfig build() {
            return new GenerationConfig(model, servers, start, end, granularity, seed, distribution,
                    quarterlyPeaks, holidayEffect, archetypeOverrides, slice, horizonDays);
        }
    }
}
