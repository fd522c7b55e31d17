package org.fleetgen.api;

/** A server of the fleet and its metadata, as the {@code server} table holds it. */
public record ServerInfo(String serverId, String serverType, String appName, String businessUnit, String criticality,
                         String region) {
}
