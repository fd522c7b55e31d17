/**
 * Stage 2, configuration: immutable records that describe what to generate. Every record rejects bad
 * values in its constructor with a {@link org.fleetgen.config.ConfigException} that names the field
 * and the value. JDK only.
 */
package org.fleetgen.config;
