package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * fleetgen against TimescaleDB in a container. Runs where Docker runs; elsewhere JUnit reports it
 * skipped ("disabledWithoutDocker"), as on machines with no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@org.junit.jupiter.api.condition.EnabledIf(value = "imageIsHere",
        disabledReason = "timescale/timescaledb:2.17.2-pg17 is not on this machine's Docker engine, and no registry is reachable to pull it")
class TimescaleIT {
    static boolean imageIsHere() {
        return org.fleetgen.testing.Containers.imageIsLocal("timescale/timescaledb:2.17.2-pg17");
    }

    @Container
    static final PostgreSQLContainer<?> TIMESCALE = new PostgreSQLContainer<>(
            DockerImageName.parse("timescale/timescaledb:2.17.2-pg17").asCompatibleSubstituteFor("postgres"));

    @Test
    void loadsIntoTimescaleDb() throws Exception {
        java.nio.file.Path pw = java.nio.file.Files.createTempFile("fleetgen", ".pw");
        java.nio.file.Files.writeString(pw, TIMESCALE.getPassword());
        CliRun run = CliRun.of("load", "--quiet", "--url", TIMESCALE.getJdbcUrl(), "--user", TIMESCALE.getUsername(),
                "--password-file", pw.toString(), "--servers", "4", "--start", "2024-01-01", "--end", "2024-01-31");
        assertEquals(0, run.exitCode(), run.err());
        try (Connection c = DriverManager.getConnection(TIMESCALE.getJdbcUrl(), TIMESCALE.getUsername(), TIMESCALE.getPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM fleet.server_metrics_wide")) {
            rs.next();
            assertEquals(4 * 31, rs.getLong(1));
        }
    }
}
