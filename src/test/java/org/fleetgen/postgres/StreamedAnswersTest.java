package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.sink.ChunkRollup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The streamed answers are computed ahead, on a thread of their own, by the worker whose row completes every
 * group (while the load's last keys are still being built), and they are the same answers whichever worker
 * completes them and however many workers fed them. A feed that misses rows is never computed ahead. Real
 * threads feed real generated rows, as a load's workers do; the database is not needed.
 */
class StreamedAnswersTest {
    private static final Map<String, double[]> TARGETS = Map.of();

    @ParameterizedTest(name = "{0}, {1} servers, {2} workers")
    @CsvSource({"HOURLY, 9, 2", "HOURLY, 13, 3", "DAILY, 11, 2", "DAILY, 17, 4"})
    void computedAheadOnceEveryValueIsInAndTheSameWhateverTheWorkers(Granularity granularity, int servers, int workers) throws Exception {
        Dataset dataset = dataset(granularity, servers);
        List<Partition> partitions = dataset.chunks(granularity == Granularity.HOURLY ? 2_000 : 40).partitions();
        assertTrue(partitions.size() >= workers, "the plan gives every worker a partition: " + partitions.size());

        StreamedAnswers alone = answers(dataset);
        feed(dataset, alone, partitions, 1, -1);
        StreamedAnswers shared = answers(dataset);
        feed(dataset, shared, partitions, workers, -1);

        for (StreamedAnswers a : List.of(alone, shared)) {
            assertTrue(computedAhead(a), "the answers were computed once the last row was in, before anyone asked");
            assertNull(a.invalid());
        }
        Rollups.Answers one = alone.answers(TARGETS);
        Rollups.Answers many = shared.answers(TARGETS);
        assertFalse(one.daily.isEmpty());
        assertRows(one.daily, many.daily, "daily");
        assertRows(one.monthly, many.monthly, "monthly");
        assertRows(one.summary, many.summary, "summary");
        assertRows(one.effects, many.effects, "calendar effects");
        assertEquals(one.days, many.days);
        assertEquals(one.stamps, many.stamps);
        // Asked again (a retried write), the answers are the same: computing them changed no kept value.
        assertRows(one.daily, shared.answers(TARGETS).daily, "daily, asked twice");
    }

    @ParameterizedTest(name = "{0}: partition {1} of the plan left out")
    @CsvSource({"HOURLY, 0", "HOURLY, 2", "DAILY, 1"})
    void aFeedMissingAPartitionIsNotComputedAhead(Granularity granularity, int left) throws Exception {
        Dataset dataset = dataset(granularity, 10);
        List<Partition> partitions = dataset.chunks(granularity == Granularity.HOURLY ? 2_000 : 40).partitions();
        StreamedAnswers a = answers(dataset);
        feed(dataset, a, partitions, 2, left);
        Thread.sleep(200);  // time enough for the thread a complete feed starts (well under 50 ms here)
        assertFalse(a.computedAhead(), "answers computed ahead of a feed missing partition " + left);
        assertNotNull(a.invalid(), "a feed missing a partition is refused");
    }

    private static Dataset dataset(Granularity granularity, int servers) {
        return Dataset.of(GenerationConfig.reference().toBuilder().granularity(granularity).servers(servers)
                .start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 4, 15)).build());
    }

    private static StreamedAnswers answers(Dataset dataset) {
        String[] types = new String[dataset.fleet().size()];
        for (int s : dataset.servers()) {
            types[s] = dataset.fleet().server(s).type();
        }
        boolean[][] effects = new boolean[dataset.grid().dayCount()][];
        for (int d = 0; d < effects.length; d++) {
            effects[d] = new boolean[] {dataset.scenario().dayEffects(d).inQuarterEndWindow(), dataset.scenario().dayEffects(d).isModelHoliday()};
        }
        return new StreamedAnswers(dataset.grid(), types, effects, 30);
    }

    /** Feeds every partition but {@code skip} on {@code workers} real threads, partitions dealt round-robin. */
    private static void feed(Dataset dataset, StreamedAnswers answers, List<Partition> partitions, int workers, int skip) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < workers; w++) {
            int first = w;
            threads.add(new Thread(() -> {
                try {
                    StreamedAnswers.Worker worker = answers.worker();
                    FleetSimulator simulator = dataset.simulator(1);
                    for (int i = first; i < partitions.size(); i += workers) {
                        if (i == skip) {
                            continue;
                        }
                        for (List<Chunk> run : FleetSimulator.runs(partitions.get(i).chunks())) {
                            simulator.generate(run, block -> block, visitor(worker));
                        }
                        worker.committed(partitions.get(i).chunks());
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
    }

    private static FleetSimulator.ChunkVisitor<SampleBlock> visitor(StreamedAnswers.Worker worker) {
        return new FleetSimulator.ChunkVisitor<>() {
            private ChunkRollup rollup;

            @Override
            public void begin(Chunk chunk) {
                rollup = new ChunkRollup(chunk, worker::row);
            }

            @Override
            public void block(Chunk chunk, SampleBlock block, SampleBlock same) {
                rollup.add(block);
            }

            @Override
            public void end(Chunk chunk) {
                rollup.days();
            }
        };
    }

    /** Waits up to 10 s for the thread the last row started. */
    private static boolean computedAhead(StreamedAnswers a) throws InterruptedException {
        for (int i = 0; i < 1000 && !a.computedAhead(); i++) {
            Thread.sleep(10);
        }
        return a.computedAhead();
    }

    private static void assertRows(List<Object[]> expected, List<Object[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + " rows");
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Arrays.deepEquals(expected.get(i), actual.get(i)),
                    what + " row " + i + ": " + Arrays.toString(expected.get(i)) + " != " + Arrays.toString(actual.get(i)));
        }
    }
}
