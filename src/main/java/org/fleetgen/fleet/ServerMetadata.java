package org.fleetgen.fleet;

/** The business metadata of one server (docs/model.md §9). */
public record ServerMetadata(String appName, String businessUnit, String criticality, String region) {
}
