/**
 * Stage 8, loading: plans a dataset as chunks and loads the missing ones into PostgreSQL on parallel
 * workers, each generating its chunks and writing them through a sink, exactly once. Uses every
 * stage but the command line, which drives it.
 */
package org.fleetgen.load;
