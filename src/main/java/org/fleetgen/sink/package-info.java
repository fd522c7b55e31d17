/**
 * Stage 6, sinks: where rows go. Every sink encodes blocks on the generator's worker threads and
 * writes them in fleet order on one thread, behind {@link org.fleetgen.sink.SampleSink}. Sinks read
 * {@code sample} and {@code fleet}, never the simulation.
 */
package org.fleetgen.sink;
