package org.fleetgen.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetgen.jooq.Tables;
import org.junit.jupiter.api.Test;

/**
 * The metrics are defined once, in {@link Metric}; the places that cannot read the enum (the table generated
 * from db/migration, the views' full-scan definitions) are checked against it here.
 */
class MetricTest {
    @Test
    void theTableHasAColumnPerMetricInOrder() {
        List<String> columns = Tables.SERVER_METRICS.fieldStream().map(f -> f.getName()).toList();
        assertEquals(Metric.columns(), columns.subList(columns.indexOf("cpu_p95"), columns.indexOf("cpu_p95") + Metric.ALL.size()));
    }

    /** The views' full-scan definitions (seed scripts and the test oracle) count clipped rows at each metric's bound. */
    @Test
    void theOraclesClipShareUsesEachMetricsBound() throws Exception {
        String sql = Files.readString(Path.of("src/main/resources/org/fleetgen/load/seed-answers.sql"));
        for (Metric m : Metric.ALL) {
            Matcher upper = Pattern.compile("m\\." + m.column() + " >= (\\d+)").matcher(sql);
            assertTrue(upper.find(), m + " has an upper-bound share in archetype_summary");
            assertEquals(m.max(), Double.parseDouble(upper.group(1)), m.column());
        }
    }
}
