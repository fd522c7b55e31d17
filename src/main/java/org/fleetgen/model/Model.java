package org.fleetgen.model;

import org.fleetgen.config.GenerationConfig;
import org.fleetgen.sample.TimeGrid;

/**
 * A way of generating a dataset: the one seam every model plugs into. A model turns a configuration
 * and its time grid into a {@link Scenario}; the rest of fleetgen (chunking, threads, sinks, loading,
 * verification, the fidelity check) only talks to that. A model is a package under {@code model} plus
 * one line in {@link Models}.
 */
public interface Model {
    /** The name {@code --model} and the YAML key {@code model:} select, recorded in the dataset's manifest. */
    String name();

    /** One line for {@code --help} and the docs. */
    String description();

    /**
     * The model's scenario for one dataset. Checks everything about the configuration that only the model
     * knows (archetype names, profile fields) and throws a {@link org.fleetgen.config.ConfigException}
     * naming the field, before anything is generated or written.
     */
    Scenario scenario(GenerationConfig config, TimeGrid grid);

    /**
     * Whether a loaded dataset can be extended to a later end ({@code load --end LATER}, {@code --follow}): true only
     * when every row is a function of its own stamp, so the rows already loaded are those a load of the longer range
     * would give. The reference's growth is spread over the whole range, so it cannot.
     */
    default boolean appendable() {
        return false;
    }
}
