package org.fleetgen.model.realistic;

import java.util.Map;
import java.util.TreeMap;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.model.DayEffects;
import org.fleetgen.model.GroundTruth;
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
 * Its rows are functions of their own hours, so a loaded dataset extends ({@link #appendable()}); its
 * {@link GroundTruth} gives the events and the expected values.
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

    /** Every row is a function of its own hour (growth from a fixed month, noise by counter): a range extends. */
    @Override
    public boolean appendable() {
        return true;
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
                config.slice(), 0));
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
                return grid.granularity() == org.fleetgen.config.Granularity.HOURLY
                        ? new RealisticMoments(profiles.get(profile.key()), grid, regions)
                        : new RealisticDailyMoments(profiles.get(profile.key()), grid, regions);
            }

            @Override
            public GroundTruth groundTruth() {
                return new Truth(fleet, profiles);
            }

            /**
             * The realistic profile on the reference's columns: levels, noise, the innovations' correlations (the
             * targets of archetype_correlation), business_lift, weekend_factor, events_per_day as spike_probability,
             * event_factor as spike_magnitude, cpu's monthly growth as monthly_growth_rate.
             */
            @Override
            public ArchetypeProfile describe(ArchetypeProfile profile) {
                Map<String, Double> f = profiles.get(profile.key()).fields();
                Map<String, Double> columns = new java.util.LinkedHashMap<>();
                for (String field : ArchetypeProfile.FIELDS) {
                    if (f.containsKey(field)) {
                        columns.put(field, f.get(field));
                    }
                }
                columns.put("business_hours_factor", f.get("business_lift"));
                columns.put("spike_probability", f.get("events_per_day"));
                columns.put("spike_magnitude", f.get("event_factor"));
                columns.put("monthly_growth_rate", f.get("cpu_monthly_growth"));
                return ArchetypeProfile.fromFields(profile.key(), profile.displayName(), columns);
            }
        };
    }

    /** The events and expected values of the servers' {@link HourlyProcess}es. */
    private record Truth(Fleet fleet, Map<String, RealisticProfile> profiles) implements GroundTruth {
        private static final long ORIGIN = RegionTime.ORIGIN_EPOCH_SECOND;
        private static final String EVENT_METRICS = "cpu_p95,mem_p95,net_in_p95,net_out_p95";

        private HourlyProcess process(int serverIndex) {
            org.fleetgen.fleet.Server s = fleet.server(serverIndex);
            return new HourlyProcess(profiles.get(s.profile().key()), s.rngSeed(), s.metadata().region());
        }

        @Override
        public java.util.List<Event> events(int serverIndex, long fromEpochSecond, long toEpochSecond) {
            java.util.List<Event> out = new java.util.ArrayList<>();
            long from = Math.floorDiv(fromEpochSecond - ORIGIN, 3600);
            long to = Math.floorDiv(toEpochSecond - ORIGIN + 3599, 3600);
            for (HourlyProcess.Event e : process(serverIndex).events(from, to)) {
                out.add(new Event(serverIndex, ORIGIN + e.start() * 3600, ORIGIN + e.end() * 3600, "spike", e.factor(), EVENT_METRICS));
            }
            return out;
        }

        @Override
        public double[][] expected(int serverIndex, long fromEpochSecond, int stamps, boolean daily) {
            HourlyProcess p = process(serverIndex);
            double[][] out = new double[5][stamps];
            if (!daily) {
                p.expectedHours(Math.floorDiv(fromEpochSecond - ORIGIN, 3600), stamps, out);
                return out;
            }
            double[] day = new double[5];
            long first = Math.floorDiv(fromEpochSecond - ORIGIN, 86_400);
            for (int i = 0; i < stamps; i++) {
                p.expectedDay(first + i, day);
                for (int m = 0; m < 5; m++) {
                    out[m][i] = day[m];
                }
            }
            return out;
        }
    }
}
