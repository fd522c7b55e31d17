package org.fleetgen.sample;

/** One row, for code that wants rows rather than blocks: the server's index, the stamp's index and the metrics. */
public record MetricSample(int serverIndex, int stamp, double cpuP95, double memP95, double diskP95,
                           double netInP95, double netOutP95) {
}
