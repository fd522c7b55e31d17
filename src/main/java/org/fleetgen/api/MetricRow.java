package org.fleetgen.api;

import java.time.LocalDateTime;

/**
 * One row of a dataset: a server at a time stamp, with its five 95th-percentile metrics (cpu, mem and
 * disk in %, network in and out in Mbps), the values {@code server_metrics} holds.
 */
public record MetricRow(String serverId, LocalDateTime timestamp, double cpuP95, double memP95, double diskP95,
                        double netInP95, double netOutP95) {
}
