package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.fleetgen.api.DatasetSpec;
import org.junit.jupiter.api.Test;

/** Rows without any database: the library's generator alone. */
class GenerateTest {
    @Test
    void rowsOfTheDefaultDataset() {
        DatasetSpec spec = DatasetSpec.defaults();
        AtomicLong overCapacity = new AtomicLong();
        long rows = spec.generate(r -> {
            if (r.cpuP95() > 100 || r.memP95() > 100) {
                overCapacity.incrementAndGet();
            }
        });
        assertEquals(120L * 1461, rows);
        assertEquals(0, overCapacity.get(), "percentages are clipped at 100");
        assertTrue(spec.servers().stream().anyMatch(s -> s.serverType().equals("database")));
    }
}
