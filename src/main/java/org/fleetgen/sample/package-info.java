/**
 * Stage 5, the rows: the contract between the generator and the sinks. A {@link org.fleetgen.sample.TimeGrid}
 * holds the timestamps and the per-day calendar columns; a {@link org.fleetgen.sample.SampleBlock} holds
 * consecutive rows of one server; {@link org.fleetgen.sample.Metric} defines the five metrics once. JDK only;
 * sinks read these and nothing of the simulation.
 */
package org.fleetgen.sample;
