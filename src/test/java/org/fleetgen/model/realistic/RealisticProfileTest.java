package org.fleetgen.model.realistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.fleetgen.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The realistic profiles are data (profiles.properties) that a config file can override field by field, each checked. */
class RealisticProfileTest {
    @Test
    void theDefaultsAreTheFilesAndRoundTripByName() {
        assertEquals(List.of("web", "application", "database", "batch"), List.copyOf(RealisticProfile.DEFAULTS.keySet()));
        RealisticProfile web = RealisticProfile.DEFAULTS.get("web");
        assertEquals(0.80, web.phi());
        assertEquals(28, web.base()[0]);
        assertEquals(0.8, web.correlation()[0][3]);
        assertEquals(2.4, RealisticProfile.DEFAULTS.get("batch").nightlyLift());
        for (RealisticProfile p : RealisticProfile.DEFAULTS.values()) {
            assertEquals(RealisticProfile.FIELDS, List.copyOf(p.fields().keySet()));
            assertEquals(p.fields(), p.with(Map.of()).fields(), p.key());
        }
        RealisticProfile changed = web.with(Map.of("phi", 0.95, "events_per_day", 0.2));
        assertEquals(0.95, changed.phi());
        assertEquals(0.2, changed.eventsPerDay());
        assertEquals(web.base()[1], changed.base()[1]);
    }

    @Test
    void badOverridesNameTheFieldAndTheValue() {
        RealisticProfile web = RealisticProfile.DEFAULTS.get("web");
        List<Map<String, Double>> bad = List.of(
                Map.of("phi", 1.0), Map.of("phi", -0.1), Map.of("events_per_day", 1.5), Map.of("event_max_hours", 2.5),
                Map.of("event_max_hours", 0.0), Map.of("event_max_hours", 25.0), Map.of("event_factor", 0.9),
                Map.of("cpu_monthly_growth", 0.7), Map.of("base_cpu", -1.0), Map.of("cpu_sd", Double.NaN),
                Map.of("spike_probability", 0.1), Map.of("base_cpu", 1e308), Map.of("business_lift", Double.POSITIVE_INFINITY));
        List<String> fields = List.of("phi", "phi", "events_per_day", "event_max_hours", "event_max_hours", "event_max_hours", "event_factor",
                "cpu_monthly_growth", "base_cpu", "cpu_sd", "spike_probability", "base_cpu", "business_lift");
        for (int i = 0; i < bad.size(); i++) {
            Map<String, Double> o = bad.get(i);
            ConfigException e = assertThrows(ConfigException.class, () -> web.with(o), o.toString());
            assertEquals("archetypes.web." + fields.get(i), e.field(), o.toString());
        }
        // Correlations that no correlation matrix has.
        ConfigException e = assertThrows(ConfigException.class,
                () -> web.with(Map.of("cpu_mem_correlation", 0.99, "cpu_net_correlation", 0.99, "mem_net_correlation", -0.99)));
        assertEquals("archetypes.web.cpu_mem_correlation", e.field());
    }
}
