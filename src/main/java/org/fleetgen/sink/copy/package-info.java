/** The COPY sink: PgJDBC's CopyManager with PostgreSQL's binary COPY format, one transaction per chunk. */
package org.fleetgen.sink.copy;
