package org.fleetgen.fleet;

/** The business metadata of one server (reference model §9). */
public record ServerMetadata(String appName, String businessUnit, String criticality, String region) {
}
