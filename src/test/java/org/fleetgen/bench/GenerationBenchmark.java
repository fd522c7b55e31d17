package org.fleetgen.bench;

import java.util.concurrent.TimeUnit;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.postgres.StreamedAnswers;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.sink.ChunkRollup;
import org.fleetgen.sink.csv.CsvLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Generation throughput on the hourly default shape (120 servers × 35,041 stamps = 4,204,920 rows).
 * One operation is one row, so JMH's score is rows per second. Run with {@code bench/generation.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GenerationBenchmark {
    private static final int ROWS = 4_204_920;

    @Param({"1", "2"})
    public int threads;

    private Dataset dataset;
    private TimeGrid grid;
    private CsvLayout layout;

    @Setup
    public void setUp() {
        GenerationConfig config = GenerationConfig.reference().toBuilder().granularity(Granularity.HOURLY).build();
        dataset = Dataset.of(config);
        grid = dataset.grid();
        layout = new CsvLayout(grid, true, true);
        if (dataset.rows() != ROWS) {
            throw new IllegalStateException("unexpected shape");
        }
    }

    /** The model alone: every row generated, clipped and rounded, nothing encoded. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long generate() throws Exception {
        FleetSimulator sim = dataset.simulator(threads);
        long[] checksum = {0};
        sim.run(dataset.wholeServers(), block -> block, visitor((block, same) -> checksum[0] += fold(block)));
        return checksum[0];
    }

    /** Generation plus the CSV text of every row, as export does before writing. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long generateAndEncodeCsv() throws Exception {
        FleetSimulator sim = dataset.simulator(threads);
        long[] bytes = {0};
        sim.run(dataset.wholeServers(), layout::encode, visitor((block, csv) -> bytes[0] += csv.length));
        return bytes[0];
    }

    /**
     * Generation plus the chunks' rollup rows and the views' answers computed from them as a load streams them
     * ({@link ChunkRollup}, {@link StreamedAnswers}): what a load of a new dataset adds to generation, on one worker.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long generateAndStreamAnswers() throws Exception {
        if (threads != 1) {
            return 0;
        }
        FleetSimulator sim = dataset.simulator(1);
        String[] types = new String[dataset.fleet().size()];
        for (int s : dataset.servers()) {
            types[s] = dataset.fleet().server(s).type();
        }
        boolean[][] effects = new boolean[grid.dayCount()][];
        for (int d = 0; d < effects.length; d++) {
            effects[d] = new boolean[] {dataset.scenario().dayEffects(d).inQuarterEndWindow(), dataset.scenario().dayEffects(d).isModelHoliday()};
        }
        StreamedAnswers answers = new StreamedAnswers(grid, types, effects, 90);
        StreamedAnswers.Worker worker = answers.worker();
        long[] rows = {0};
        sim.run(dataset.wholeServers(), block -> block, new FleetSimulator.ChunkVisitor<SampleBlock>() {
            private ChunkRollup rollup;

            @Override
            public void begin(org.fleetgen.sample.Chunk chunk) {
                rollup = new ChunkRollup(chunk, worker::row);
            }

            @Override
            public void block(org.fleetgen.sample.Chunk chunk, SampleBlock block, SampleBlock same) {
                rollup.add(block);
                rows[0] += block.size();
            }

            @Override
            public void end(org.fleetgen.sample.Chunk chunk) {
                rows[0] += rollup.days().size();
            }
        });
        return rows[0];
    }

    private static <T> FleetSimulator.ChunkVisitor<T> visitor(java.util.function.BiConsumer<SampleBlock, T> onBlock) {
        return new FleetSimulator.ChunkVisitor<>() {
            @Override
            public void begin(org.fleetgen.sample.Chunk chunk) {
            }

            @Override
            public void block(org.fleetgen.sample.Chunk chunk, SampleBlock block, T encoded) {
                onBlock.accept(block, encoded);
            }

            @Override
            public void end(org.fleetgen.sample.Chunk chunk) {
            }
        };
    }

    private static long fold(SampleBlock block) {
        long h = 0;
        for (int i = 0; i < block.size(); i++) {
            h += Double.doubleToRawLongBits(block.cpu(i)) ^ Double.doubleToRawLongBits(block.netOut(i));
        }
        return h;
    }
}
