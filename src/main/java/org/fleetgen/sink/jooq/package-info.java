/** The jOOQ sink: multi-row INSERTs through jOOQ's Loader API, for comparison and for targets without COPY. */
package org.fleetgen.sink.jooq;
