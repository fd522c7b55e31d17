/**
 * fleetgen as a library: the one public entry package. {@link org.fleetgen.api.DatasetSpec} describes a
 * dataset (the CLI's parameters, validated the same way) and generates its rows without a database;
 * {@link org.fleetgen.api.DatasetLoads} loads one into a {@link javax.sql.DataSource} or JDBC URL with
 * the CLI's guarantees (exactly once, resumable, verifiable). Every other package is internal.
 */
package org.fleetgen.api;
