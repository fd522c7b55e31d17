/**
 * Stage 4, the simulation: the reference model's calendar, factors and per-server random streams,
 * producing {@link org.fleetgen.sample.SampleBlock}s. Deterministic: randomness comes only from each
 * server's seeded stream, time only from the scenario's grid, and output order never depends on
 * threads. JDK and Commons Math only.
 */
package org.fleetgen.simulation;
