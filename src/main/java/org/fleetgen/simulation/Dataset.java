package org.fleetgen.simulation;

import java.util.ArrayList;
import java.util.List;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.model.Model;
import org.fleetgen.model.Models;
import org.fleetgen.model.Scenario;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.TimeGrid;

/**
 * A dataset assembled from its configuration: the model, the time grid, the model's scenario (fleet,
 * calendar effects, streams) and, on request, its chunks and a simulator. The one place this happens:
 * export, load, verify and the fidelity report all start here, so they cannot disagree about what a
 * configuration means. Assembling checks everything the model knows; nothing is generated yet.
 */
public final class Dataset {
    private final GenerationConfig config;
    private final Model model;
    private final TimeGrid grid;
    private final Scenario scenario;
    private final int[] servers;

    private Dataset(GenerationConfig config, Model model) {
        if (!model.name().equals(config.model())) {
            throw new IllegalArgumentException("configuration names model " + config.model() + ", given " + model.name());
        }
        this.config = config;
        this.model = model;
        this.grid = TimeGrids.of(config);
        this.scenario = model.scenario(config, grid);
        if (config.horizonDays() > 0 && scenario.groundTruth() == null) {
            throw new org.fleetgen.config.ConfigException("horizon_days", config.horizonDays(), "the " + model.name()
                    + " model has no expected values to extend past the end date (the realistic model has: --model realistic)");
        }
        this.servers = config.slice() == null ? java.util.stream.IntStream.range(0, config.servers()).toArray() : config.slice().indices();
    }

    /** Assembles and checks, with the registered model the configuration names; a bad configuration is a {@link org.fleetgen.config.ConfigException}. */
    public static Dataset of(GenerationConfig config) {
        return new Dataset(config, Models.of(config));
    }

    /** Assembles with a model that need not be registered (a model under development, a test's). */
    public static Dataset of(GenerationConfig config, Model model) {
        return new Dataset(config, model);
    }

    public GenerationConfig config() {
        return config;
    }

    public Model model() {
        return model;
    }

    public TimeGrid grid() {
        return grid;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Fleet fleet() {
        return scenario.fleet();
    }

    /** The indices of the servers generated (a slice's, or the whole fleet's), ascending. */
    public int[] servers() {
        return servers.clone();
    }

    /** Rows in the dataset: generated servers × stamps. */
    public long rows() {
        return (long) servers.length * grid.size();
    }

    /**
     * The distinct archetypes of the generated servers, in fleet order, as the model describes them
     * ({@link Scenario#describe}: what the archetype table holds).
     */
    public List<org.fleetgen.fleet.ArchetypeProfile> profiles() {
        List<org.fleetgen.fleet.ArchetypeProfile> out = new ArrayList<>();
        for (org.fleetgen.fleet.ArchetypeProfile p : fleet().profiles()) {
            for (int s : servers) {
                if (fleet().server(s).profile().equals(p)) {
                    out.add(scenario.describe(p));
                    break;
                }
            }
        }
        return out;
    }

    /** The dataset cut into chunks of at most {@code chunkRows} rows, as loads and verification cut it. */
    public ChunkPlan chunks(int chunkRows) {
        return new ChunkPlan(servers, grid, chunkRows);
    }

    /**
     * The chunks of this dataset extended from the earlier ends {@code extendedFrom} (ascending, before this
     * configuration's end): the first end's plan, then each extension's new stamps cut on their own
     * ({@link ChunkPlan#ChunkPlan(int[], TimeGrid, int, int[])}).
     */
    public ChunkPlan chunks(int chunkRows, List<java.time.LocalDate> extendedFrom) {
        int[] sizes = new int[extendedFrom.size()];
        for (int k = 0; k < sizes.length; k++) {
            long days = extendedFrom.get(k).toEpochDay() - config.start().toEpochDay() + 1;
            sizes[k] = (int) (grid.granularity() == org.fleetgen.config.Granularity.DAILY ? days : (days - 1) * 24 + 1);
        }
        return new ChunkPlan(servers, grid, chunkRows, sizes);
    }

    /** The chunks of a loaded dataset's parameters (which must describe this dataset), extensions included. */
    public ChunkPlan chunks(org.fleetgen.config.DatasetParameters parameters) {
        if (!parameters.generation().equals(config)) {
            throw new IllegalArgumentException("parameters of another dataset");
        }
        return chunks(parameters.chunkRows(), parameters.extendedFrom());
    }

    /** One chunk per generated server, covering the whole grid, numbered in order (the cut of an export). */
    public List<Chunk> wholeServers() {
        List<Chunk> out = new ArrayList<>(servers.length);
        for (int i = 0; i < servers.length; i++) {
            out.add(new Chunk(i, servers[i], 0, grid.size()));
        }
        return out;
    }

    public FleetSimulator simulator(int threads) {
        return new FleetSimulator(scenario, grid, threads);
    }
}
