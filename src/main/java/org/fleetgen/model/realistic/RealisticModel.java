package org.fleetgen.model.realistic;

import java.util.Map;
import java.util.TreeMap;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.model.DayEffects;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.model.Model;
import org.fleetgen.model.Scenario;
import org.fleetgen.model.SampleStream;
import org.fleetgen.model.reference.ReferenceModel;
import org.fleetgen.sample.TimeGrid;

/**
 * The {@code realistic} model: the reference's fleet (same servers, archetypes, regions and seeds), each
 * server's rows from its {@link HourlyProcess}, its implied statistics from {@link RealisticMoments} (hourly
 * grids). Profiles from profiles.properties, overridden field by field by a config file's archetypes: section.
 * Still to come (issue 15): ground truth in the database, the forecast horizon, appending, and the daily
 * grid's implied statistics.
 */
public final class RealisticModel implements Model {
    public static final String NAME = "realistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "hourly-first: local business hours per region, AR(1) noise, compounding growth from a fixed month, spike events";
    }

    @Override
    public Scenario scenario(GenerationConfig config, TimeGrid grid) {
        Map<String, RealisticProfile> profiles = new java.util.LinkedHashMap<>(RealisticProfile.DEFAULTS);
        for (Map.Entry<String, Map<String, Double>> o : config.archetypeOverrides().entrySet()) {
            RealisticProfile base = profiles.get(o.getKey());
            if (base == null) {
                throw new ConfigException("archetypes." + o.getKey(), o.getKey(), "not an archetype of the realistic model; archetypes: "
                        + String.join(", ", RealisticProfile.DEFAULTS.keySet()));
            }
            profiles.put(o.getKey(), base.with(o.getValue()));
        }
        // The reference's fleet layout; the overrides are this model's profile fields, not the reference's.
        Fleet fleet = ReferenceModel.fleet(new GenerationConfig(config.model(), config.servers(), config.start(), config.end(),
                config.granularity(), config.seed(), config.distribution(), config.quarterlyPeaks(), config.holidayEffect(), Map.of(),
                config.slice()));
        for (ArchetypeProfile p : fleet.profiles()) {
            if (!profiles.containsKey(p.key())) {
                throw new ConfigException("archetypes", p.key(), "the realistic model has no profile for this archetype; it knows "
                        + String.join(", ", new java.util.TreeSet<>(profiles.keySet())));
            }
        }
        return new Scenario() {
            @Override
            public Fleet fleet() {
                return fleet;
            }

            @Override
            public DayEffects dayEffects(int dayIndex) {
                return DayEffects.NONE;
            }

            @Override
            public SampleStream stream(int serverIndex) {
                org.fleetgen.fleet.Server s = fleet.server(serverIndex);
                return new RealisticStream(s, grid, profiles.get(s.profile().key()));
            }

            @Override
            public ImpliedStatistics implied(ArchetypeProfile profile) {
                // The archetype's servers of the whole fleet, by region: their local times weigh the moments.
                Map<String, Integer> regions = new TreeMap<>();
                for (int i = 0; i < fleet.size(); i++) {
                    org.fleetgen.fleet.Server s = fleet.server(i);
                    if (s.profile().key().equals(profile.key())) {
                        regions.merge(s.metadata().region(), 1, Integer::sum);
                    }
                }
                return new RealisticMoments(profiles.get(profile.key()), grid, regions);
            }
        };
    }
}
