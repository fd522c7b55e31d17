package org.fleetgen.model.reference;

import java.time.LocalDate;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.model.DayEffects;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.model.Model;
import org.fleetgen.model.SampleStream;
import org.fleetgen.model.Scenario;
import org.fleetgen.sample.TimeGrid;

/** The {@code reference} model: AWS-CapacityForecaster's generator, value for value (docs/model.md). */
public final class ReferenceModel implements Model {
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AWS-CapacityForecaster's generator reproduced value for value, defects included";
    }

    /** The fleet of a configuration: servers, archetypes, metadata and seeds, as the reference lays them out. */
    public static Fleet fleet(GenerationConfig config) {
        return new ReferenceFleet(config);
    }

    @Override
    public Scenario scenario(GenerationConfig config, TimeGrid grid) {
        ReferenceFleet fleet = new ReferenceFleet(config);
        DayEffects[] effects = new DayEffects[grid.dayCount()];
        for (int i = 0; i < effects.length; i++) {
            LocalDate d = grid.day(i).date();
            double quarter = SeasonalFactors.quarterEnd(d);
            double holiday = SeasonalFactors.holiday(d);
            effects[i] = new DayEffects(quarter != 1.0, holiday != 1.0,
                    config.quarterlyPeaks() ? quarter : 1.0, config.holidayEffect() ? holiday : 1.0);
        }
        return new Scenario() {
            @Override
            public Fleet fleet() {
                return fleet;
            }

            @Override
            public DayEffects dayEffects(int dayIndex) {
                return effects[dayIndex];
            }

            @Override
            public SampleStream stream(int serverIndex) {
                return new ReferenceStream(fleet.server(serverIndex), grid, effects);
            }

            @Override
            public ImpliedStatistics implied(ArchetypeProfile profile) {
                return new ReferenceMoments(profile, grid, effects);
            }
        };
    }
}
