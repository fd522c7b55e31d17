package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.fleetgen.api.DatasetLoads;
import org.fleetgen.api.DatasetSpec;
import org.fleetgen.api.LoadOptions;
import org.fleetgen.api.LoadResult;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** A Testcontainers PostgreSQL seeded through fleetgen's API. Skipped where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerSeedTest {
    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>(
            DockerImageName.parse(System.getProperty("example.image", "postgres:16-alpine")).asCompatibleSubstituteFor("postgres"));

    @Test
    void seedsTheContainer() {
        DatasetSpec spec = DatasetSpec.builder().servers(10).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 1, 31))
                .granularity(DatasetSpec.Granularity.HOURLY).seed(42).build();
        LoadResult r = DatasetLoads.load(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword(), "fleet", spec,
                LoadOptions.defaults());
        assertEquals(10L * (30 * 24 + 1), r.rowsLoaded());
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(POSTGRES.getJdbcUrl());
        ds.setUser(POSTGRES.getUsername());
        ds.setPassword(POSTGRES.getPassword());
        assertTrue(DatasetLoads.verify(ds, "fleet").ok());
    }
}
