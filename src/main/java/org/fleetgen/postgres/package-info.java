/**
 * Stage 7, PostgreSQL infrastructure shared by the sinks and the loader: the connection pool, Flyway
 * migrations, the dataset manifest and load ledger (through the jOOQ classes generated from
 * {@code db/migration}), and the embedded server. Knows nothing of sinks or of the simulation.
 */
package org.fleetgen.postgres;
