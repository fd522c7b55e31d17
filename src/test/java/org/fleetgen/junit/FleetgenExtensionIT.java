package org.fleetgen.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.fleetgen.api.DatasetLoads;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @FleetgenDataset} as a user's test class would use it, on the embedded server: the class gets the
 * dataset, complete and verifiable, in its own database; a second class with the same dataset gets a
 * fresh copy of the same template, untouched by the first class's changes.
 */
@FleetgenDataset(servers = 12, start = "2024-01-01", end = "2024-03-31", seed = 9, schema = "seeded")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetgenExtensionIT {
    static String firstDatabase;

    static long scalar(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(1)
    void theClassGetsTheWholeDatasetVerified(SeededDatabase db) throws Exception {
        firstDatabase = db.database();
        assertTrue(db.database().startsWith("fleetgen_t_"), db.database());
        assertEquals(12L * 91, scalar(db.dataSource(), "SELECT count(*) FROM server_metrics"), "the data source starts in the schema");
        assertEquals(1L, scalar(db.dataSource(), "SELECT count(*) FROM seeded.dataset WHERE completed_at IS NOT NULL"));
        assertTrue(DatasetLoads.verify(db.dataSource(), "seeded").ok());
        assertTrue(scalar(db.dataSource(), "SELECT count(*) FROM pg_database WHERE datname LIKE 'fleetgen_tpl_%'") >= 1);
        System.out.printf("fleetgen: %s copied from its template in %.3f s%n", db.database(), db.seconds());
    }

    @Test
    @Order(2)
    void itsCopyIsItsOwnToChange(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM server_metrics WHERE server_key < 6");
        }
        assertEquals(6L * 91, scalar(ds, "SELECT count(*) FROM server_metrics"));
    }

    @Nested
    class AnotherClassWithTheSameDataset {
        @Test
        void seesTheDatasetAsGeneratedInADatabaseOfItsOwn(SeededDatabase db) throws Exception {
            assertNotEquals(firstDatabase, db.database());
            assertEquals(12L * 91, scalar(db.dataSource(), "SELECT count(*) FROM server_metrics"), "the first class's deletes are not here");
            assertTrue(DatasetLoads.verify(db.dataSource(), "seeded").ok());
        }
    }
}
