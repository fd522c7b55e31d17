package org.fleetgen.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fleetgen.api.DatasetLoads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A server given by a {@code @FleetgenTarget} field, read as a Testcontainers container is (its
 * getJdbcUrl, getUsername, getPassword, and start when not running): here the PostgreSQL 15 service, with
 * the daily default dataset, whose copy time is printed.
 */
@EnabledIfEnvironmentVariable(named = "FLEETGEN_TEST_DB_URL", matches = ".+")
@FleetgenDataset
class FleetgenTargetIT {
    /** Stands in for a JdbcDatabaseContainer: the same three getters and the lifecycle methods. */
    public static final class ServiceContainer {
        private boolean running;

        public boolean isRunning() {
            return running;
        }

        public void start() {
            running = true;
        }

        public String getJdbcUrl() {
            return System.getenv("FLEETGEN_TEST_DB_URL");
        }

        public String getUsername() {
            return "postgres";
        }

        public String getPassword() {
            return "";
        }
    }

    @FleetgenTarget
    static final ServiceContainer SERVER = new ServiceContainer();

    @Test
    void theTargetFieldsServerIsSeededWithTheDailyDefault(SeededDatabase db) throws Exception {
        assertTrue(SERVER.isRunning(), "started by the extension");
        assertTrue(db.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:5432/" + db.database()), db.jdbcUrl());
        assertEquals(120L * 1461, FleetgenExtensionIT.scalar(db.dataSource(), "SELECT count(*) FROM fleet.server_metrics"));
        assertTrue(DatasetLoads.verify(db.dataSource(), "fleet").ok());
        System.out.printf("fleetgen: the daily default copied from its template in %.3f s%n", db.seconds());
    }
}
