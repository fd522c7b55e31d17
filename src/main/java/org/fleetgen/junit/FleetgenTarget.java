package org.fleetgen.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static field that holds the PostgreSQL server to seed, for example a Testcontainers
 * {@code PostgreSQLContainer} (started here if it is not running yet). Read through its
 * {@code getJdbcUrl()}, {@code getUsername()} and {@code getPassword()} methods, so fleetgen needs no
 * Testcontainers dependency of its own.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FleetgenTarget {
}
