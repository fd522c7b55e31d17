package org.fleetgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.FleetDistribution;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Timescale;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a YAML configuration file into a {@link GenerationConfig.Builder}. Keys follow the upstream
 * {@code config.yaml} where they apply:
 *
 * <pre>
 * model: reference
 * data:
 *   num_servers: 120
 *   start_date: "2022-01-01"
 *   end_date: "2025-12-31"
 *   granularity: daily
 *   seasonality: {quarterly_peaks: true, holiday_effect: true}
 *   distribution: {web: 0.35, application: 0.40, database: 0.15, batch: 0.10}
 * seed: 0
 * archetypes:
 *   web: {cpu_mem_correlation: 0.5}
 * risk_analysis: {window_days: 90, high_risk_threshold: 80, very_high_risk_threshold: 90, underutilized_threshold: 40}
 * </pre>
 *
 * The upstream project's own {@code config/config.yaml} is accepted unchanged: the keys its generator
 * ignores (whole sections such as {@code aws} or {@code ml}, and {@code data.years_of_data},
 * {@code data.seasonality.weekend_factor}, ...) are ignored here too and listed in
 * {@link Result#ignored()}, so the command can say so in one line. Any other key, a wrong type or an
 * unreadable file is a {@link ConfigException} naming the key.
 */
final class ConfigFile {
    private static final Set<String> TOP = Set.of("model", "data", "seed", "archetypes", "risk_analysis", "timescaledb");
    private static final Set<String> TIMESCALE = Set.of("enabled", "chunk_interval", "compress");
    private static final Set<String> RISK = Set.of("window_days", "high_risk_threshold", "very_high_risk_threshold",
            "underutilized_threshold");
    private static final Set<String> DATA = Set.of("num_servers", "start_date", "end_date", "granularity",
            "seasonality", "distribution", "horizon_days");
    private static final Set<String> SEASONALITY = Set.of("quarterly_peaks", "holiday_effect");

    /**
     * Keys of the upstream project's config.yaml that its generator never reads (docs/model.md, "Configuration"),
     * by section. Accepted with any value, with the same effect as upstream: none.
     */
    private static final Set<String> UPSTREAM_TOP = Set.of("project", "aws", "ml", "feature_engineering", "paths",
            "visualization", "logging", "model_training", "execution");
    private static final Set<String> UPSTREAM_DATA = Set.of("years_of_data", "generated_data_path", "compression",
            "metrics", "metadata", "validation", "samples_count", "p95_ranges");
    private static final Set<String> UPSTREAM_SEASONALITY = Set.of("weekly", "weekend_factor", "eoq_months");
    private static final Set<String> UPSTREAM_RISK = Set.of("clustering");

    /**
     * What a file gave besides the builder's values.
     *
     * @param risk    its risk thresholds (the defaults where it has none)
     * @param origin  per concept the file set ({@code servers}, {@code start}, ...), the key that set it, so
     *                an error can name the key the user wrote
     * @param ignored the upstream keys present and ignored, sorted
     */
    record Result(RiskThresholds risk, Map<String, String> origin, List<String> ignored, Timescale timescale) {
        Result(RiskThresholds risk, Map<String, String> origin, List<String> ignored) {
            this(risk, origin, ignored, Timescale.DEFAULTS);
        }
    }

    /** A configuration is a few hundred bytes; the limits keep a hostile file from costing time or stack. */
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 32;

    private ConfigFile() {
    }

    /**
     * Reads at most {@link #MAX_BYTES} and parses it twice: first as a flat stream of events, to refuse
     * nesting deeper than {@link #MAX_DEPTH} (composing nodes is recursive), then into objects.
     */
    private static Object parse(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigException("--config", file, "cannot read the file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException("--config", file, "is larger than " + MAX_BYTES + " bytes; a fleetgen configuration is a few hundred");
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(file.toString())
                .setMaxAliasesForCollections(50).setAllowRecursiveKeys(false).setCodePointLimit(MAX_BYTES).build();
        try {
            int depth = 0;
            for (Event e : new Parse(settings).parseString(text)) {
                if (e.getEventId() == Event.ID.SequenceStart || e.getEventId() == Event.ID.MappingStart) {
                    if (++depth > MAX_DEPTH) {
                        throw new ConfigException("--config", file, "nests deeper than " + MAX_DEPTH + " levels");
                    }
                } else if (e.getEventId() == Event.ID.SequenceEnd || e.getEventId() == Event.ID.MappingEnd) {
                    depth--;
                }
            }
            return new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new ConfigException("--config", file, "not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /** Applies the file to the builder. */
    static Result read(Path file, GenerationConfig.Builder b) {
        Object root = parse(file);
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        if (root == null) {
            return new Result(RiskThresholds.DEFAULTS, origin, ignored);
        }
        Map<String, Object> top = map("(top level)", root, TOP, UPSTREAM_TOP, ignored);
        if (top.containsKey("model")) {
            b.model(string("model", top.get("model")));
            origin.put("model", "model");
        }
        if (top.containsKey("data")) {
            Map<String, Object> data = map("data", top.get("data"), DATA, UPSTREAM_DATA, ignored);
            if (data.containsKey("num_servers")) {
                b.servers(integer("data.num_servers", data.get("num_servers"), Integer.MAX_VALUE));
                origin.put("servers", "data.num_servers");
            }
            if (data.containsKey("start_date")) {
                b.start(date("data.start_date", data.get("start_date")));
                origin.put("start", "data.start_date");
            }
            if (data.containsKey("end_date")) {
                b.end(date("data.end_date", data.get("end_date")));
                origin.put("end", "data.end_date");
            }
            if (data.containsKey("horizon_days")) {
                b.horizonDays(integer("data.horizon_days", data.get("horizon_days"), Integer.MAX_VALUE));
                origin.put("horizon_days", "data.horizon_days");
            }
            if (data.containsKey("granularity")) {
                b.granularity(Granularity.parse("data.granularity", string("data.granularity", data.get("granularity"))));
                origin.put("granularity", "data.granularity");
            }
            if (data.containsKey("seasonality")) {
                Map<String, Object> s = map("data.seasonality", data.get("seasonality"), SEASONALITY, UPSTREAM_SEASONALITY, ignored);
                if (s.containsKey("quarterly_peaks")) {
                    b.quarterlyPeaks(bool("data.seasonality.quarterly_peaks", s.get("quarterly_peaks")));
                }
                if (s.containsKey("holiday_effect")) {
                    b.holidayEffect(bool("data.seasonality.holiday_effect", s.get("holiday_effect")));
                }
            }
            if (data.containsKey("distribution")) {
                Map<String, Object> d = map("data.distribution", data.get("distribution"), null, Set.of(), ignored);
                Map<String, Double> shares = new LinkedHashMap<>();
                d.forEach((k, v) -> shares.put(k, number("data.distribution." + k, v)));
                b.distribution(FleetDistribution.of(shares));
                origin.put("distribution", "data.distribution");
            }
        }
        if (top.containsKey("seed")) {
            b.seed(integer("seed", top.get("seed"), Long.MAX_VALUE));
            origin.put("seed", "seed");
        }
        if (top.containsKey("archetypes")) {
            Map<String, Object> archetypes = map("archetypes", top.get("archetypes"), null, Set.of(), ignored);
            archetypes.forEach((name, fields) ->
                    map("archetypes." + name, fields, null, Set.of(), ignored).forEach((field, value) ->
                            b.archetypeOverride(name, field, number("archetypes." + name + "." + field, value))));
        }
        RiskThresholds risk = RiskThresholds.DEFAULTS;
        if (top.containsKey("risk_analysis")) {
            Map<String, Object> r = map("risk_analysis", top.get("risk_analysis"), RISK, UPSTREAM_RISK, ignored);
            risk = new RiskThresholds(
                    r.containsKey("window_days") ? integer("risk_analysis.window_days", r.get("window_days"), Integer.MAX_VALUE) : risk.windowDays(),
                    r.containsKey("high_risk_threshold") ? number("risk_analysis.high_risk_threshold", r.get("high_risk_threshold")) : risk.highRisk(),
                    r.containsKey("very_high_risk_threshold") ? number("risk_analysis.very_high_risk_threshold", r.get("very_high_risk_threshold")) : risk.veryHighRisk(),
                    r.containsKey("underutilized_threshold") ? number("risk_analysis.underutilized_threshold", r.get("underutilized_threshold")) : risk.underutilized());
        }
        Timescale timescale = Timescale.DEFAULTS;
        if (top.containsKey("timescaledb")) {
            // timescaledb: {enabled: true|false (absent: when the target has the extension), chunk_interval: 7d, compress: true}
            // The section's keys are the user's names already: errors keep them (not the flags').
            try {
                Map<String, Object> t = map("timescaledb", top.get("timescaledb"), TIMESCALE, Set.of(), ignored);
                Timescale.Use use = !t.containsKey("enabled") ? Timescale.Use.AUTO
                        : bool("timescaledb.enabled", t.get("enabled")) ? Timescale.Use.ON : Timescale.Use.OFF;
                java.time.Duration interval = t.containsKey("chunk_interval")
                        ? Timescale.parseInterval("timescaledb.chunk_interval", String.valueOf(t.get("chunk_interval"))) : null;
                boolean compress = t.containsKey("compress") && bool("timescaledb.compress", t.get("compress"));
                try {
                    timescale = new Timescale(use, interval, compress);
                } catch (ConfigException e) {
                    throw e.as("timescaledb." + e.field());
                }
            } catch (ConfigException e) {
                throw e.renamed() ? e : e.as(e.field());
            }
        }
        return new Result(risk, origin, ignored.stream().sorted().toList(), timescale);
    }

    /**
     * The entries of a mapping whose keys are all {@code allowed} (any key when null) or {@code upstream}; the
     * upstream ones are left out and their paths added to {@code ignored}.
     */
    private static Map<String, Object> map(String key, Object value, Set<String> allowed, Set<String> upstream,
                                           List<String> ignored) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(key, value, "must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            String path = key.startsWith("(") ? k : key + "." + k;
            if (allowed != null && !allowed.contains(k)) {
                if (upstream.contains(k)) {
                    ignored.add(path);
                    continue;
                }
                throw new ConfigException(path, e.getValue(), "unknown key; known keys here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    /** An int, range-checked before narrowing: a long such as -4294967291 must not wrap to 5. */
    private static int integer(String key, Object value, int max) {
        return (int) integer(key, value, (long) Integer.MIN_VALUE, (long) max);
    }

    private static long integer(String key, Object value, long max) {
        return integer(key, value, Long.MIN_VALUE, max);
    }

    private static long integer(String key, Object value, long min, long max) {
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            java.math.BigInteger v = new java.math.BigInteger(value.toString());
            if (v.compareTo(java.math.BigInteger.valueOf(min)) >= 0 && v.compareTo(java.math.BigInteger.valueOf(max)) <= 0) {
                return v.longValue();
            }
            throw new ConfigException(key, value, "is out of range (" + min + " to " + max + ")");
        }
        throw new ConfigException(key, value, "must be an integer");
    }

    private static double number(String key, Object value) {
        if (value instanceof Number n && !(value instanceof java.math.BigInteger)) {
            return n.doubleValue();
        }
        throw new ConfigException(key, value, "must be a number");
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean v) {
            return v;
        }
        throw new ConfigException(key, value, "must be true or false");
    }

    private static String string(String key, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new ConfigException(key, value, "must be a string");
    }

    private static LocalDate date(String key, Object value) {
        return GenerationOptions.parseDate(key, string(key, value));
    }
}
