package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.fleetgen.junit.FleetgenDataset;
import org.fleetgen.junit.SeededDatabase;
import org.junit.jupiter.api.Test;

/** A database seeded for this class by fleetgen's JUnit extension, on its embedded PostgreSQL. */
@FleetgenDataset(servers = 20, start = "2024-01-01", end = "2024-03-31")
class SeededEmbeddedTest {
    @Test
    void theDatasetIsThere(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM server_metrics")) {
            rs.next();
            assertEquals(20L * 91, rs.getLong(1));
        }
    }

    @Test
    void theViewsAnswer(SeededDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT server_type, mean FROM archetype_summary WHERE metric = 'cpu_p95' ORDER BY mean DESC")) {
            assertTrue(rs.next(), "archetype_summary has rows");
            assertTrue(rs.getDouble("mean") > 0 && rs.getDouble("mean") < 100);
        }
    }
}
