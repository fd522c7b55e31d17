package org.fleetgen.fleet;

/**
 * One server of the plan.
 *
 * @param index    0-based position in the fleet, which is also the output order
 * @param id       {@code server_000}, {@code server_001}, ... (at least three digits)
 * @param profile  its archetype
 * @param rngSeed  the MT19937 seed of its stream: CPython's {@code hash(id) % 2**32} under the configured hash seed
 * @param metadata app, business unit, criticality and region
 */
public record Server(int index, String id, ArchetypeProfile profile, long rngSeed, ServerMetadata metadata) {
    public String type() {
        return profile.key();
    }
}
