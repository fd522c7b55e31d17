package org.fleetgen.model;

import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;

/**
 * One dataset under one model: its fleet, the calendar effects it applies, a stream per server, and
 * what it implies for the statistics {@code verify --fidelity} checks. Thread-safe: streams are made
 * and used on many threads at once, each stream by one.
 */
public interface Scenario {
    Fleet fleet();

    /** The model's effects on one day of the grid (the model's columns of the {@code calendar} table). */
    DayEffects dayEffects(int dayIndex);

    /** A fresh stream of one server's rows, positioned at stamp 0. */
    SampleStream stream(int serverIndex);

    /** The moments the model implies for an archetype of this fleet over this grid, computed, not sampled. */
    ImpliedStatistics implied(ArchetypeProfile profile);

    /** The model's ground truth (events and expected values), or null when the model has none (the reference). */
    default GroundTruth groundTruth() {
        return null;
    }

    /**
     * How the {@code archetype} table describes one of this fleet's archetypes: the profile itself for the reference;
     * a model whose profiles have other fields maps them onto these columns (the correlation targets of
     * archetype_correlation above all).
     */
    default ArchetypeProfile describe(ArchetypeProfile profile) {
        return profile;
    }
}
