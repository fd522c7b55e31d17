/**
 * Stage 4b, the simulation: assembles a {@link org.fleetgen.simulation.Dataset} from a configuration
 * (time grid with the civil calendar, the model's scenario, the chunk plan) and drives the model's
 * per-server streams into {@link org.fleetgen.sample.SampleBlock}s, on one thread or many. Deterministic:
 * randomness comes only from each server's seeded stream, time only from the scenario's grid, and
 * output order never depends on threads. JDK and Commons Math only.
 */
package org.fleetgen.simulation;
