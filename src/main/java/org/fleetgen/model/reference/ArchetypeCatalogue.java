package org.fleetgen.model.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.fleetgen.config.ConfigException;
import org.fleetgen.fleet.ArchetypeProfile;

/**
 * The reference archetypes (read from {@code archetypes.properties}, every field by name) and the
 * configuration's archetype entries applied to them: an entry for a known archetype replaces the fields
 * it gives; an entry under a new name defines a new archetype and must give every field.
 *
 * <p>Names are matched as the reference's {@code get_archetype} matches them: trimmed, case-insensitive,
 * with the aliases {@code db} and {@code app}. So {@code archetypes: {DB: {base_cpu: 99}}} changes the
 * database archetype, and giving one archetype under two spellings is an error rather than a silent pick.
 */
final class ArchetypeCatalogue {
    private static final Map<String, String> ALIASES = Map.of("db", "database", "app", "application");
    private static final Pattern NEW_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Map<String, ArchetypeProfile> BUILT_IN = load();

    private final Map<String, ArchetypeProfile> profiles;

    /** The catalogue with a configuration's archetype entries applied. */
    ArchetypeCatalogue(Map<String, Map<String, Double>> entries) {
        Map<String, ArchetypeProfile> out = new LinkedHashMap<>(BUILT_IN);
        Map<String, String> spelledAs = new HashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : entries.entrySet()) {
            String name = e.getKey();
            String key = normalise(name);
            String earlier = spelledAs.put(key, name);
            if (earlier != null) {
                throw new ConfigException("archetypes." + name, e.getValue(),
                        "is archetype '" + key + "' again (also given as '" + earlier + "'); give each archetype once");
            }
            ArchetypeProfile known = BUILT_IN.get(key);
            if (known != null) {
                out.put(key, known.with(e.getValue()));
            } else if (!NEW_NAME.matcher(key).matches()) {
                throw new ConfigException("archetypes." + name, name,
                        "a new archetype's name must be a letter then letters, digits or _ (at most 32)");
            } else {
                out.put(key, ArchetypeProfile.fromFields(key, key, e.getValue()));
            }
        }
        profiles = Collections.unmodifiableMap(out);
    }

    static List<String> builtInKeys() {
        return List.copyOf(BUILT_IN.keySet());
    }

    static ArchetypeProfile builtIn(String key) {
        return BUILT_IN.get(key);
    }

    private static String normalise(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(lower, lower);
    }

    /** The canonical key of a name or alias, or a {@link ConfigException} on {@code field} listing the known archetypes. */
    String canonicalKey(String field, String name) {
        String key = normalise(name);
        if (!profiles.containsKey(key)) {
            throw new ConfigException(field, name, "unknown archetype; known archetypes: " + String.join(", ", profiles.keySet()));
        }
        return key;
    }

    ArchetypeProfile profile(String key) {
        return profiles.get(key);
    }

    private static Map<String, ArchetypeProfile> load() {
        Properties p = new Properties();
        try (InputStream in = ArchetypeCatalogue.class.getResourceAsStream("archetypes.properties")) {
            if (in == null) {
                throw new IllegalStateException("archetypes.properties is missing from the build");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read archetypes.properties", e);
        }
        Map<String, ArchetypeProfile> out = new LinkedHashMap<>();
        for (String key : p.getProperty("archetypes").split("\\s*,\\s*")) {
            Map<String, Double> fields = new LinkedHashMap<>();
            List<String> stray = new ArrayList<>();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith(key + ".") && !name.equals(key + ".display_name")) {
                    String field = name.substring(key.length() + 1);
                    if (!ArchetypeProfile.FIELDS.contains(field)) {
                        stray.add(name);
                    }
                    fields.put(field, Double.parseDouble(p.getProperty(name).trim()));
                }
            }
            if (!stray.isEmpty()) {
                throw new IllegalStateException("archetypes.properties has unknown fields " + stray);
            }
            out.put(key, ArchetypeProfile.fromFields(key, p.getProperty(key + ".display_name"), fields));
        }
        return Collections.unmodifiableMap(out);
    }
}
