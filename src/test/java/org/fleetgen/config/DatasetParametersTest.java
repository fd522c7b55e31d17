package org.fleetgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatasetParametersTest {
    @Test
    void canonicalTextRoundTripsExactly() {
        GenerationConfig g = new GenerationConfig.Builder().servers(77).start(LocalDate.of(2021, 2, 3)).end(LocalDate.of(2023, 4, 5))
                .granularity(Granularity.HOURLY).seed(123456).distribution(FleetDistribution.parse("d", "batch=0.3,web=0.7"))
                .quarterlyPeaks(false).holidayEffect(true)
                .archetypeOverride("web", "cpu_mem_correlation", 0.1 + 0.2).archetypeOverride("batch", "base_cpu", 33.3).build();
        DatasetParameters p = new DatasetParameters(g, 4321);
        DatasetParameters back = DatasetParameters.parse(p.canonical());
        assertEquals(p, back);
        assertEquals(p.canonical(), back.canonical());
        assertEquals(0.30000000000000004, back.generation().archetypeOverrides().get("web").get("cpu_mem_correlation"));
    }

    @Test
    void referenceDefaultsHaveAStableText() {
        assertEquals("model=reference; servers=120; start=2022-01-01; end=2025-12-31; granularity=daily; seed=0; "
                        + "distribution=web=0.35,application=0.4,database=0.15,batch=0.1; quarterly_peaks=true; holiday_effect=true; "
                        + "archetypes=; chunk_rows=100000",
                new DatasetParameters(GenerationConfig.reference(), 100_000).canonical());
    }

    @Test
    void rejectsForeignText() {
        assertThrows(ConfigException.class, () -> DatasetParameters.parse("hello"));
        assertThrows(ConfigException.class, () -> DatasetParameters.parse("model=other; servers=1"));
    }

    @Test
    void aHorizonAndTheEndsADatasetWasExtendedFromRoundTrip() {
        GenerationConfig g = new GenerationConfig.Builder().model("realistic").servers(9).start(LocalDate.of(2024, 1, 1))
                .end(LocalDate.of(2024, 1, 31)).granularity(Granularity.HOURLY).horizonDays(14).build();
        DatasetParameters p = new DatasetParameters(g, 500);
        DatasetParameters grown = p.extendedTo(LocalDate.of(2024, 2, 10)).extendedTo(LocalDate.of(2024, 3, 1));
        assertEquals(java.util.List.of(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 10)), grown.extendedFrom());
        assertEquals(LocalDate.of(2024, 3, 1), grown.generation().end());
        assertEquals(true, grown.canonical().endsWith("; horizon_days=14; extended_from=2024-01-31,2024-02-10"), grown.canonical());
        assertEquals(grown, DatasetParameters.parse(grown.canonical()));
        assertEquals(new DatasetParameters(g.toBuilder().end(LocalDate.of(2024, 3, 1)).build(), 500).canonical(), grown.asRequested().canonical());
        // A dataset loaded in one go states neither.
        assertEquals(false, new DatasetParameters(g.toBuilder().horizonDays(0).build(), 500).canonical().contains("horizon"));
        // Ends out of order, or not before the end, are not a dataset's history.
        for (String bad : new String[] {"2024-02-10,2024-01-31", "2024-03-01", "2023-12-31", "2024-04-01"}) {
            String text = grown.asRequested().canonical() + "; extended_from=" + bad;
            assertThrows(ConfigException.class, () -> DatasetParameters.parse(text), bad);
        }
    }
}
