package org.fleetgen.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeds a database for the annotated test class: its tests (and {@code @BeforeAll} methods) receive a
 * {@link SeededDatabase} or a {@link javax.sql.DataSource} parameter on a fresh copy of the dataset, their
 * own to change; the copy is dropped after the class.
 *
 * <p>The server is, in this order: a static field of the class annotated {@link FleetgenTarget} (a
 * Testcontainers {@code JdbcDatabaseContainer}, or anything with {@code getJdbcUrl()}, {@code getUsername()}
 * and {@code getPassword()}); the system property {@code fleetgen.test.url} or the environment variable
 * {@code FLEETGEN_TEST_URL} (with {@code fleetgen.test.user}/{@code FLEETGEN_TEST_USER} and
 * {@code fleetgen.test.password}/{@code FLEETGEN_TEST_PASSWORD}); else fleetgen's embedded PostgreSQL in
 * {@code target/fleetgen-junit} (the property {@code fleetgen.test.data-dir} moves it). The user needs
 * the CREATEDB privilege.
 *
 * <p>The dataset is generated once per server into a template database named {@code fleetgen_tpl_}, a
 * hash of the parameters and one of fleetgen's build; every test class after that gets
 * {@code CREATE DATABASE ... TEMPLATE}, a file copy (0.1 s for the daily default). Templates stay for the
 * next run; a new build's template replaces the old build's of the same dataset; drop them to reclaim
 * the space.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FleetgenExtension.class)
public @interface FleetgenDataset {
    /** The model: reference (the default) or realistic (ground truth included: metric_expected, server_events). */
    String model() default "reference";

    int servers() default 120;

    /** First day, ISO format. */
    String start() default "2022-01-01";

    /** Last day, ISO format. */
    String end() default "2025-12-31";

    /** daily or hourly. */
    String granularity() default "daily";

    long seed() default 0;

    /** Days of expected values past the end, for scoring a forecast ({@code forecast_oracle}); realistic model only. */
    int horizonDays() default 0;

    /** A slice of the fleet, as {@code --only-servers}; empty: every server. */
    String onlyServers() default "";

    /** The schema the dataset is loaded into. */
    String schema() default "fleet";
}
