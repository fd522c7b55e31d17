package org.fleetgen.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The annotation's parameters are checked as the CLI's are; a database is swapped into any PostgreSQL URL. */
class FleetgenExtensionTest {
    @FleetgenDataset(granularity = "weekly")
    static class BadGranularity { }

    @FleetgenDataset(start = "2024-13-01")
    static class BadDate { }

    @FleetgenDataset(servers = 0)
    static class NoServers { }

    @FleetgenDataset(start = "2024-02-01", end = "2024-01-01")
    static class Backwards { }

    @FleetgenDataset(servers = 4, onlyServers = "server_009")
    static class SliceBeyondTheFleet { }

    @FleetgenDataset(servers = 3, granularity = "HOURLY", start = "2024-01-01", end = "2024-01-02")
    static class Fine { }

    @Test
    void badParametersFailTheClassInOneLineNamingThem() {
        List<Class<?>> bad = List.of(BadGranularity.class, BadDate.class, NoServers.class, Backwards.class, SliceBeyondTheFleet.class);
        List<String> named = List.of("weekly", "2024-13-01", "servers", "end", "server_009");
        for (int i = 0; i < bad.size(); i++) {
            FleetgenDataset a = bad.get(i).getAnnotation(FleetgenDataset.class);
            ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class, () -> FleetgenExtension.spec(a));
            assertTrue(e.getMessage().startsWith("@FleetgenDataset: ") && e.getMessage().contains(named.get(i)), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // Hourly stamps run from the start day at 00:00 to the end day at 00:00, as the reference model has them: 25 here.
        assertEquals(3L * 25, FleetgenExtension.spec(Fine.class.getAnnotation(FleetgenDataset.class)).rows());
    }

    @Test
    void theDatabaseOfAUrlIsReplacedAndEverythingElseKept() {
        assertEquals("jdbc:postgresql://127.0.0.1:5432/other?user=postgres",
                FleetgenExtension.urlOf("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "other"));
        assertEquals("jdbc:postgresql://db.example:6543/other", FleetgenExtension.urlOf("jdbc:postgresql://db.example:6543/app", "other"));
        assertEquals("jdbc:postgresql://h1:5432,h2:5433/other?targetServerType=primary&ssl=true",
                FleetgenExtension.urlOf("jdbc:postgresql://h1:5432,h2:5433/app?targetServerType=primary&ssl=true", "other"));
        assertEquals("jdbc:postgresql://[::1]:5432/other", FleetgenExtension.urlOf("jdbc:postgresql://[::1]:5432/", "other"));
        assertThrows(ExtensionConfigurationException.class, () -> FleetgenExtension.urlOf("jdbc:mysql://h/db", "other"));
        assertThrows(ExtensionConfigurationException.class, () -> FleetgenExtension.urlOf("jdbc:postgresql:db?password=secret", "other"));
    }
}
