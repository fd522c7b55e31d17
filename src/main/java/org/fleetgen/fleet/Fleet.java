package org.fleetgen.fleet;

import java.util.List;
import java.util.Map;

/**
 * The servers of a dataset as a model lays them out: which archetype each server has, its stream seed
 * and its metadata. Servers are made on demand, so a fleet of a million stays small.
 */
public interface Fleet {
    int size();

    /** The server at a 0-based index, which is also its place in the output order. */
    Server server(int index);

    /** Servers per archetype key, in the model's order (archetypes with no server included, with 0). */
    Map<String, Integer> counts();

    /** The distinct archetype profiles in use, in fleet order. */
    List<ArchetypeProfile> profiles();
}
