package org.fleetgen.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fleetgen.config.ConfigException;

/** The reference archetypes (reference model §6, §7), as data. */
public final class ArchetypeCatalogue {
    private static final Map<String, ArchetypeProfile> REFERENCE = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("db", "database", "app", "application");

    static {
        //                      base: cpu  mem  disk net    sd: cpu mem disk net  r: cm   cd   cn   md   mn   dn    bh   wk   spP   spM  growth
        add(ArchetypeProfile.of("web", "Web Server",
                45, 35, 20, 150, 15, 8, 5, 50, 0.5, 0.1, 0.8, 0.2, 0.2, 0.3, 1.6, 0.5, 0.03, 1.8, 0.5));
        add(ArchetypeProfile.of("database", "Database Server",
                35, 70, 55, 100, 12, 10, 15, 30, 0.6, 0.1, 0.4, 0.7, 0.2, 0.3, 1.3, 0.7, 0.01, 1.4, 1.0));
        add(ArchetypeProfile.of("application", "Application Server",
                50, 55, 30, 120, 18, 15, 10, 40, 0.7, 0.1, 0.6, 0.4, 0.2, 0.3, 1.5, 0.6, 0.02, 1.6, 0.8));
        add(ArchetypeProfile.of("batch", "Batch Processing Server",
                30, 45, 40, 80, 25, 12, 20, 35, 0.4, 0.1, 0.3, 0.5, 0.2, 0.3, 0.8, 1.2, 0.08, 2.5, 0.3));
    }

    private ArchetypeCatalogue() {
    }

    private static void add(ArchetypeProfile p) {
        REFERENCE.put(p.key(), p);
    }

    public static List<String> keys() {
        return List.copyOf(REFERENCE.keySet());
    }

    /** The canonical key for a name or alias (case-insensitive), as the reference's get_archetype accepts them. */
    public static String canonicalKey(String field, String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        String key = ALIASES.getOrDefault(lower, lower);
        if (!REFERENCE.containsKey(key)) {
            throw new ConfigException(field, name, "unknown archetype; known archetypes: " + String.join(", ", REFERENCE.keySet()));
        }
        return key;
    }

    public static ArchetypeProfile reference(String key) {
        return REFERENCE.get(canonicalKey("archetype", key));
    }

    /** The reference profile for a key with the configured overrides applied. */
    public static ArchetypeProfile resolve(String key, Map<String, Map<String, Double>> overrides) {
        ArchetypeProfile base = reference(key);
        Map<String, Double> fields = overrides.get(base.key());
        return fields == null || fields.isEmpty() ? base : base.with(fields);
    }
}
