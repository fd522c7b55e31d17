package org.fleetgen.model.realistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.simulation.FleetSimulator;
import org.junit.jupiter.api.Test;

/** The realistic model through fleetgen's own pipeline (chunks, threads), not yet through the registry. */
class RealisticModelTest {
    /** Every row of a dataset, by "server@timestamp", in generation order. */
    private static Map<String, double[]> rows(int servers, String start, String end, Granularity g, int threads, int chunkRows) throws Exception {
        GenerationConfig config = new GenerationConfig.Builder().servers(servers).start(LocalDate.parse(start)).end(LocalDate.parse(end))
                .granularity(g).seed(5).model(RealisticModel.NAME).build();
        Dataset dataset = Dataset.of(config, new RealisticModel());
        Map<String, double[]> out = new LinkedHashMap<>();
        List<Chunk> chunks = chunkRows == 0 ? dataset.wholeServers() : dataset.chunks(chunkRows).chunks();
        dataset.simulator(threads).run(chunks, b -> b, new FleetSimulator.ChunkVisitor<SampleBlock>() {
            @Override
            public void begin(Chunk chunk) {
            }

            @Override
            public void block(Chunk chunk, SampleBlock block, SampleBlock same) {
                for (int r = 0; r < block.size(); r++) {
                    LocalDateTime t = dataset.grid().timestamp(block.stamp(r));
                    out.put(block.server().id() + "@" + t, block.values(r));
                }
            }

            @Override
            public void end(Chunk chunk) {
            }
        });
        assertEquals(dataset.rows(), out.size());
        return out;
    }

    @Test
    void aDailyRowIsTheP95OfTheHourlyRowsOfItsDay() throws Exception {
        Map<String, double[]> daily = rows(12, "2024-03-01", "2024-04-15", Granularity.DAILY, 2, 0);
        Map<String, double[]> hourly = rows(12, "2024-03-01", "2024-04-15", Granularity.HOURLY, 2, 0);
        int checked = 0;
        for (Map.Entry<String, double[]> e : daily.entrySet()) {
            String server = e.getKey().substring(0, e.getKey().indexOf('@'));
            LocalDateTime midnight = LocalDateTime.parse(e.getKey().substring(e.getKey().indexOf('@') + 1));
            if (midnight.toLocalDate().equals(LocalDate.of(2024, 4, 15))) {
                continue;  // the hourly grid ends at the last day's 00:00
            }
            for (int m = 0; m < 5; m++) {
                double[] day = new double[24];
                for (int h = 0; h < 24; h++) {
                    day[h] = hourly.get(server + "@" + midnight.plusHours(h))[m];
                }
                Arrays.sort(day);
                double p95 = day[21] + (day[22] - day[21]) * (0.95 * 23 - 21);
                assertEquals(Math.rint(p95 * 100) / 100, e.getValue()[m], 0, e.getKey() + " metric " + m);
            }
            checked++;
        }
        assertEquals(12 * 45, checked);
    }

    @Test
    void rowsDoNotDependOnTheRangeTheChunksOrTheThreads() throws Exception {
        for (Granularity g : List.of(Granularity.HOURLY, Granularity.DAILY)) {
            Map<String, double[]> base = rows(8, "2024-01-01", "2024-02-29", g, 1, 0);
            List<Map<String, double[]>> others = new ArrayList<>(List.of(
                    rows(8, "2024-01-01", "2024-06-30", g, 1, 0),      // extended at the end
                    rows(8, "2023-10-01", "2024-02-29", g, 1, 0),      // extended at the start
                    rows(8, "2024-01-01", "2024-02-29", g, 3, 333)));  // other chunks and threads
            for (Map<String, double[]> other : others) {
                for (Map.Entry<String, double[]> e : base.entrySet()) {
                    assertArrayEquals(e.getValue(), other.get(e.getKey()), g + " " + e.getKey());
                }
            }
            assertTrue(base.size() > 400, "rows: " + base.size());
        }
    }
}
