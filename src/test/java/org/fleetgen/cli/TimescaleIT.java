package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * fleetgen's default path, binary COPY on several connections, into a TimescaleDB server in a container: a compressed
 * hypertable, the continuous aggregates refreshed, verify passing on the compressed rows. Runs where Docker runs and
 * the image is on the engine (docker-compose.yml's tag); elsewhere JUnit reports it skipped with the reason. Where no
 * TimescaleDB server can run, TimescalePgliteIT runs the same statements on the test-only engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@org.junit.jupiter.api.condition.EnabledIf(value = "imageIsHere",
        disabledReason = "timescale/timescaledb:2.23.0-pg17 is not on this machine's Docker engine, and no registry is reachable to pull it")
class TimescaleIT {
    static final String IMAGE = "timescale/timescaledb:2.23.0-pg17";

    static boolean imageIsHere() {
        return org.fleetgen.testing.Containers.imageIsLocal(IMAGE);
    }

    @Container
    static final PostgreSQLContainer<?> TIMESCALE = new PostgreSQLContainer<>(
            DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"));

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void loadsCopiesCompressesAndVerifiesAHypertable() throws Exception {
        java.nio.file.Path pw = java.nio.file.Files.createTempFile("fleetgen", ".pw");
        java.nio.file.Files.writeString(pw, TIMESCALE.getPassword());
        String[] db = {"--url", TIMESCALE.getJdbcUrl(), "--user", TIMESCALE.getUsername(), "--password-file", pw.toString()};
        CliRun run = CliRun.of(concat(new String[] {"load", "--quiet", "--servers", "4", "--start", "2024-01-01", "--end", "2024-01-31",
                "--granularity", "hourly", "--compress", "--workers", "2"}, db));
        assertEquals(0, run.exitCode(), run.err());
        CliRun verify = CliRun.of(concat(new String[] {"verify"}, db));
        assertEquals(0, verify.exitCode(), verify.err());
        try (Connection c = DriverManager.getConnection(TIMESCALE.getJdbcUrl(), TIMESCALE.getUsername(), TIMESCALE.getPassword());
             Statement s = c.createStatement()) {
            assertEquals(4L * (30 * 24 + 1), count(s, "SELECT count(*) FROM fleet.server_metrics_wide"));
            assertEquals(1, count(s, "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'fleet'"));
            long chunks = count(s, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'fleet'");
            assertTrue(chunks >= 5, "7-day chunks: " + chunks);
            assertEquals(chunks, count(s, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'fleet' AND is_compressed"));
            assertEquals(3, count(s, "SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_schema = 'fleet'"));
            assertEquals(4L * (30 * 24 + 1), count(s, "SELECT sum(rows) FROM fleet.archetype_daily"));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
