/**
 * JUnit 5 support: {@link org.fleetgen.junit.FleetgenDataset} on a test class gives its tests a database
 * seeded with a dataset, copied from a template database that is generated once per dataset and server.
 * A user of {@code org.fleetgen.api}, nothing more; JUnit's API is an optional dependency.
 */
package org.fleetgen.junit;
