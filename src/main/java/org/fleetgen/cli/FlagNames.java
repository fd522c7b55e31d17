package org.fleetgen.cli;

import java.util.Map;
import org.fleetgen.config.ConfigException;

/**
 * Below the command line, errors name concepts ({@code servers}, {@code chunk_rows}, {@code schema});
 * here they get the name the user wrote: the key of the config file that set the value, or the flag.
 */
final class FlagNames {
    /** The flag or parameter behind each concept, for values that did not come from a config file. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("model", "--model"),
            Map.entry("servers", "--servers"),
            Map.entry("only_servers", "--only-servers"),
            Map.entry("start", "--start"),
            Map.entry("end", "--end"),
            Map.entry("horizon_days", "--horizon-days"),
            Map.entry("follow", "--follow"),
            Map.entry("granularity", "--granularity"),
            Map.entry("seed", "--seed"),
            Map.entry("distribution", "--distribution"),
            Map.entry("workers", "--workers"),
            Map.entry("chunk_rows", "--chunk-rows"),
            Map.entry("method", "--method"),
            Map.entry("shard", "--shard"),
            Map.entry("replace", "--replace"),
            Map.entry("distributed", "--distributed"),
            Map.entry("timescaledb", "--timescaledb"),
            Map.entry("chunk_interval", "--chunk-interval"),
            Map.entry("compress", "--compress"),
            Map.entry("schema", "--schema"),
            Map.entry("url", "--url"),
            Map.entry("data_dir", "--data-dir"),
            Map.entry("view", "NAME"),
            Map.entry("role", "ROLE"));

    private FlagNames() {
    }

    /**
     * The exception under the user's name for its field. {@code origin} maps concepts to where their value
     * came from (a config key such as {@code data.num_servers}, or a flag); a sub-field keeps its path under a
     * config key ({@code data.distribution.cache}) and folds into a flag ({@code --distribution}).
     * Fields that are no concept (already a flag, or a key path such as {@code archetypes.web.base_cpu}) stay.
     */
    static ConfigException rename(ConfigException e, Map<String, String> origin) {
        if (e.renamed()) {
            return e;
        }
        String field = e.field();
        int dot = field.indexOf('.');
        String concept = dot < 0 ? field : field.substring(0, dot);
        String rest = dot < 0 ? "" : field.substring(dot);
        String source = origin.get(concept);
        if (source == null) {
            source = FLAGS.get(concept);
        }
        if (source == null) {
            return e;
        }
        return e.as(source.startsWith("--") || source.equals(source.toUpperCase(java.util.Locale.ROOT)) ? source : source + rest);
    }

    static ConfigException rename(ConfigException e) {
        return rename(e, Map.of());
    }
}
