package org.fleetgen.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.model.reference.ReferenceModel;

/** The registry of models, by name. Adding a model adds one line here. */
public final class Models {
    private static final Map<String, Model> BY_NAME = new LinkedHashMap<>();

    static {
        register(new ReferenceModel());
        register(new org.fleetgen.model.realistic.RealisticModel());
    }

    private Models() {
    }

    private static void register(Model model) {
        BY_NAME.put(model.name(), model);
    }

    public static List<Model> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The model of a name; an unknown name is a {@link ConfigException} on {@code field} listing the known ones. */
    public static Model named(String field, String name) {
        Model m = BY_NAME.get(name);
        if (m == null) {
            throw new ConfigException(field, name, "unknown model; known models: " + String.join(", ", BY_NAME.keySet()));
        }
        return m;
    }

    public static Model of(GenerationConfig config) {
        return named("model", config.model());
    }
}
