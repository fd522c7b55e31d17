package org.fleetgen.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A user's test of an anomaly detector or a forecaster: {@code @FleetgenDataset(model = "realistic", horizonDays = ...)}
 * gives the rows with their ground truth, ready to score against.
 */
@FleetgenDataset(model = "realistic", servers = 8, granularity = "hourly", start = "2024-01-01", end = "2024-02-29", horizonDays = 7,
        schema = "truth")
class RealisticDatasetIT {
    @Test
    void theDatasetComesWithItsGroundTruth(DataSource ds) throws Exception {
        long rows = FleetgenExtensionIT.scalar(ds, "SELECT count(*) FROM server_metrics");
        assertEquals(8L * (59 * 24 + 1), rows);
        assertEquals(rows, FleetgenExtensionIT.scalar(ds, "SELECT count(*) FROM server_metrics m JOIN metric_expected e USING (server_key, ts)"));
        assertEquals(8L * 7 * 24, FleetgenExtensionIT.scalar(ds, "SELECT count(*) FROM forecast_oracle"));
        assertTrue(FleetgenExtensionIT.scalar(ds, "SELECT count(*) FROM server_events") > 0, "events to detect");
        assertEquals(1L, FleetgenExtensionIT.scalar(ds, "SELECT count(*) FROM dataset WHERE model = 'realistic'"));
    }
}
