package org.fleetgen.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.MetricSample;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.simulation.Dataset;
import org.junit.jupiter.api.Test;

/**
 * What every sink promises: committed partitions come back exactly (bit-exact values, the same stamps),
 * and what was not committed, or not finished, is not there. Each sink's test extends this.
 */
public abstract class SampleSinkContract {
    protected final GenerationConfig config = new GenerationConfig.Builder().servers(3).granularity(Granularity.HOURLY)
            .start(java.time.LocalDate.of(2024, 3, 30)).end(java.time.LocalDate.of(2024, 4, 2)).build();
    protected final Dataset dataset = Dataset.of(config);
    protected final Fleet plan = dataset.fleet();
    protected final TimeGrid grid = dataset.grid();
    /** Small blocks, so chunks span several blocks. */
    protected final FleetSimulator simulator = new FleetSimulator(dataset.scenario(), grid, 1, 10);

    /** A new sink on a clean destination. */
    protected abstract SampleSink<?> open() throws Exception;

    /** Every row the destination holds, in (server, stamp) order. */
    protected abstract List<MetricSample> readBack() throws Exception;

    protected List<Chunk> chunks() {
        List<Chunk> out = new ArrayList<>();
        int n = 0;
        for (int s = 0; s < plan.size(); s++) {
            out.add(new Chunk(n++, s, 0, 30));
            out.add(new Chunk(n++, s, 30, grid.size()));
        }
        return out;
    }

    protected List<MetricSample> expected(List<Chunk> chunks) throws Exception {
        List<MetricSample> rows = new ArrayList<>();
        for (List<Chunk> run : FleetSimulator.runs(chunks)) {
            simulator.generate(run, b -> b, visitor((block) -> {
                for (int r = 0; r < block.size(); r++) {
                    rows.add(block.row(r));
                }
            }));
        }
        return rows;
    }

    /** Two partitions: the first server's chunks, then the other servers'. */
    protected List<Partition> partitions() {
        List<Chunk> chunks = chunks();
        return List.of(new Partition(0, 0, 1, chunks.subList(0, 2)), new Partition(1, 1, plan.size(), chunks.subList(2, chunks.size())));
    }

    protected static List<Chunk> chunksOf(List<Partition> partitions) {
        List<Chunk> out = new ArrayList<>();
        partitions.forEach(p -> out.addAll(p.chunks()));
        return out;
    }

    protected static <E> void writeAll(SampleSink<E> sink, FleetSimulator simulator, List<Partition> partitions, boolean commitLast) throws Exception {
        for (Partition p : partitions) {
            sink.begin(p);
            for (List<Chunk> run : FleetSimulator.runs(p.chunks())) {
                simulator.generate(run, sink::encode, new FleetSimulator.ChunkVisitor<E>() {
                    @Override
                    public void begin(Chunk chunk) throws SinkException {
                        sink.begin(chunk);
                    }

                    @Override
                    public void block(Chunk chunk, SampleBlock block, E encoded) throws SinkException {
                        sink.write(block, encoded);
                    }

                    @Override
                    public void end(Chunk chunk) throws SinkException {
                        sink.end(chunk);
                    }
                });
            }
            if (commitLast || p != partitions.get(partitions.size() - 1)) {
                sink.commit(p);
            }
        }
    }

    private static FleetSimulator.ChunkVisitor<SampleBlock> visitor(java.util.function.Consumer<SampleBlock> f) {
        return new FleetSimulator.ChunkVisitor<>() {
            @Override
            public void begin(Chunk chunk) {
            }

            @Override
            public void block(Chunk chunk, SampleBlock block, SampleBlock same) {
                f.accept(block);
            }

            @Override
            public void end(Chunk chunk) {
            }
        };
    }

    @Test
    void committedPartitionsComeBackExactly() throws Exception {
        List<Partition> partitions = partitions();
        try (SampleSink<?> sink = open()) {
            writeAll(sink, simulator, partitions, true);
            sink.finish();
        }
        List<MetricSample> want = expected(chunksOf(partitions));
        assertEquals(plan.size() * grid.size(), want.size());
        assertEquals(want, readBack());
    }

    @Test
    void anUncommittedPartitionLeavesNothing() throws Exception {
        List<Partition> partitions = partitions();
        try (SampleSink<?> sink = open()) {
            writeAll(sink, simulator, partitions, false);
            if (!finishesOutput()) {
                sink.finish();
            }
        }
        List<MetricSample> want = finishesOutput() ? List.of() : expected(partitions.get(0).chunks());
        assertEquals(want, readBack());
    }

    @Test
    void aFailedSinkReportsItAndKeepsOnlyWhatWasCommitted() throws Exception {
        List<Partition> partitions = partitions();
        SinkException e = assertThrows(SinkException.class, () -> {
            try (SampleSink<?> sink = open()) {
                writeAll(sink, simulator, partitions.subList(0, 1), true);
                breakDestination(sink);
                writeAll(sink, simulator, partitions.subList(1, 2), true);
                sink.finish();
            }
        });
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        // A file appears whole at finish() or not at all; a database keeps every chunk committed before the failure.
        List<MetricSample> want = finishesOutput() ? List.of() : expected(partitions.get(0).chunks());
        assertEquals(want, readBack());
    }

    /** True for sinks whose output appears only at finish() (files); false for per-partition commits (databases). */
    protected abstract boolean finishesOutput();

    /** Makes the destination fail from now on (close the file or the connection underneath the sink). */
    protected abstract void breakDestination(SampleSink<?> sink) throws Exception;
}
