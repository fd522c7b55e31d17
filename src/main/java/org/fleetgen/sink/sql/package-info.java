/**
 * Stage 6, the SQL seed sink: a self-contained script that psql (or a container's init directory) runs
 * to create a dataset, its rows as COPY blocks in PostgreSQL's text format.
 */
package org.fleetgen.sink.sql;
