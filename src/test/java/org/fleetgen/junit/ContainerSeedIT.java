package org.fleetgen.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.fleetgen.api.DatasetLoads;
import org.fleetgen.api.DatasetSpec;
import org.fleetgen.api.LoadOptions;
import org.fleetgen.api.LoadResult;
import org.fleetgen.testing.Containers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers PostgreSQL, as a user's test class holds one: seeded by {@code @FleetgenDataset} through
 * the {@code @FleetgenTarget} field, and loaded through the API by URL. Runs where Docker runs and has
 * the image (.ci/docker.sh builds it); skipped with the reason elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIf(value = "imageIsHere", disabledReason = "the PostgreSQL image is not on this machine's Docker engine (.ci/docker.sh builds it)")
@FleetgenDataset(servers = 20, start = "2024-01-01", end = "2024-06-30", seed = 3)
class ContainerSeedIT {
    @Container
    @FleetgenTarget
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>(
            DockerImageName.parse(Containers.POSTGRES_IMAGE).asCompatibleSubstituteFor("postgres"));

    static boolean imageIsHere() {
        return Containers.imageIsLocal(Containers.POSTGRES_IMAGE);
    }

    @Test
    void theContainerIsSeededThroughTheTargetField(SeededDatabase db) throws Exception {
        assertTrue(db.jdbcUrl().contains(":" + POSTGRES.getMappedPort(5432) + "/"), db.jdbcUrl());
        assertEquals(20L * 182, FleetgenExtensionIT.scalar(db.dataSource(), "SELECT count(*) FROM server_metrics"));
        assertTrue(FleetgenExtensionIT.scalar(db.dataSource(), "SELECT count(*) FROM archetype_summary") > 0);
        assertTrue(DatasetLoads.verify(db.dataSource(), "fleet").ok());
        assertTrue(FleetgenExtensionIT.scalar(db.dataSource(), "SELECT setting::int FROM pg_settings WHERE name = 'server_version_num'") >= 150000);
    }

    @Test
    void theApiLoadsIntoTheContainerByUrl() {
        DatasetSpec spec = DatasetSpec.builder().servers(6).start(LocalDate.of(2024, 3, 1)).end(LocalDate.of(2024, 3, 10))
                .granularity(DatasetSpec.Granularity.HOURLY).build();
        LoadResult r = DatasetLoads.load(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword(), "by_url", spec,
                LoadOptions.defaults());
        assertEquals(spec.rows(), r.rowsLoaded());
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(POSTGRES.getJdbcUrl());
        ds.setUser(POSTGRES.getUsername());
        ds.setPassword(POSTGRES.getPassword());
        assertTrue(DatasetLoads.verify(ds, "by_url").ok());
    }
}
