package org.fleetgen.config;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a loaded dataset is defined by: what to generate and how it is cut into chunks. Their
 * canonical text is stored in the dataset's manifest; two loads with equal text produce the same table,
 * and {@link #parse} rebuilds the parameters from it exactly (doubles are written as Java's shortest
 * round-trip form), so {@code fleetgen verify} needs nothing but the database.
 */
public record DatasetParameters(GenerationConfig generation, int chunkRows, java.util.List<LocalDate> extendedFrom) {
    public DatasetParameters {
        if (generation == null) {
            throw new ConfigException("parameters", null, "generation parameters are required");
        }
        if (chunkRows < 1) {
            throw new ConfigException("chunk_rows", chunkRows, "must be a positive integer");
        }
        extendedFrom = extendedFrom == null ? java.util.List.of() : java.util.List.copyOf(extendedFrom);
        LocalDate previous = generation.start().minusDays(1);
        for (LocalDate d : extendedFrom) {
            if (!d.isAfter(previous)) {
                throw new ConfigException("parameters.extended_from", extendedFrom, "must be ascending dates from start " + generation.start());
            }
            previous = d;
        }
        if (!extendedFrom.isEmpty() && !generation.end().isAfter(previous)) {
            throw new ConfigException("parameters.end", generation.end(), "must be after the last end extended from, " + previous);
        }
    }

    /** The parameters of a dataset loaded in one go, not extended. */
    public DatasetParameters(GenerationConfig generation, int chunkRows) {
        this(generation, chunkRows, java.util.List.of());
    }

    /**
     * The same dataset loaded to a later end: its rows up to the current end stay as they are and keep their
     * chunks, the new days are chunks of their own. Only for a model whose rows do not depend on the range.
     */
    public DatasetParameters extendedTo(LocalDate end) {
        java.util.List<LocalDate> ends = new java.util.ArrayList<>(extendedFrom);
        ends.add(generation.end());
        return new DatasetParameters(generation.toBuilder().end(end).build(), chunkRows, ends);
    }

    /** These parameters as a load of the whole range in one go would state them (what a user's command gives). */
    public DatasetParameters asRequested() {
        return new DatasetParameters(generation, chunkRows);
    }

    public String canonical() {
        GenerationConfig g = generation;
        StringBuilder archetypes = new StringBuilder();
        g.archetypeOverrides().forEach((type, fields) -> new java.util.TreeMap<>(fields).forEach((field, value) -> {
            if (archetypes.length() > 0) {
                archetypes.append(',');
            }
            archetypes.append(type).append('.').append(field).append('=').append(value);
        }));
        return "model=" + g.model() + "; servers=" + g.servers() + "; start=" + g.start() + "; end=" + g.end()
                + "; granularity=" + g.granularity().label() + "; seed=" + g.seed() + "; distribution=" + g.distribution()
                + "; quarterly_peaks=" + g.quarterlyPeaks() + "; holiday_effect=" + g.holidayEffect()
                + "; archetypes=" + archetypes + "; chunk_rows=" + chunkRows
                // Only when there is one: a whole fleet's text is what it was before slices existed.
                + (g.slice() == null ? "" : "; only_servers=" + g.slice())
                + (g.horizonDays() == 0 ? "" : "; horizon_days=" + g.horizonDays())
                + (extendedFrom.isEmpty() ? "" : "; extended_from=" + String.join(",", extendedFrom.stream().map(LocalDate::toString).toList()));
    }

    /** The parameters of a canonical text written by {@link #canonical()}. */
    public static DatasetParameters parse(String canonical) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : canonical.split("; ")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("parameters", canonical, "not a fleetgen parameter text");
            }
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            GenerationConfig.Builder b = new GenerationConfig.Builder()
                    .model(kv.get("model"))
                    .servers(Integer.parseInt(kv.get("servers")))
                    .start(LocalDate.parse(kv.get("start")))
                    .end(LocalDate.parse(kv.get("end")))
                    .granularity(Granularity.parse("parameters.granularity", kv.get("granularity")))
                    .seed(Long.parseLong(kv.get("seed")))
                    .distribution(FleetDistribution.parse("parameters.distribution", kv.get("distribution")))
                    .quarterlyPeaks(Boolean.parseBoolean(kv.get("quarterly_peaks")))
                    .holidayEffect(Boolean.parseBoolean(kv.get("holiday_effect")));
            String archetypes = kv.getOrDefault("archetypes", "");
            if (!archetypes.isEmpty()) {
                for (String o : archetypes.split(",")) {
                    int dot = o.indexOf('.');
                    int eq = o.indexOf('=');
                    b.archetypeOverride(o.substring(0, dot), o.substring(dot + 1, eq), Double.parseDouble(o.substring(eq + 1)));
                }
            }
            if (kv.containsKey("only_servers")) {
                b.slice(ServerSlice.parse("parameters.only_servers", kv.get("only_servers")));
            }
            if (kv.containsKey("horizon_days")) {
                b.horizonDays(Integer.parseInt(kv.get("horizon_days")));
            }
            java.util.List<LocalDate> ends = new java.util.ArrayList<>();
            if (kv.containsKey("extended_from")) {
                for (String d : kv.get("extended_from").split(",")) {
                    ends.add(LocalDate.parse(d));
                }
            }
            return new DatasetParameters(b.build(), Integer.parseInt(kv.get("chunk_rows")), ends);
        } catch (RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException("parameters", canonical, "not a fleetgen parameter text (" + e + ")", e);
        }
    }
}
