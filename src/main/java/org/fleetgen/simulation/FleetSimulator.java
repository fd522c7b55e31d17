package org.fleetgen.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fleetgen.model.SampleStream;
import org.fleetgen.model.Scenario;
import org.fleetgen.parallel.Parallel;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * Generates chunks of a scenario's fleet through the model's streams, either on the calling thread
 * ({@link #generate}) or on worker threads with the blocks handed to one consumer in chunk order
 * ({@link #run}, built on {@link Parallel#ordered}). Workers also run the caller's {@code encode} step
 * (CSV text, COPY bytes), where most of the CPU goes.
 */
public final class FleetSimulator {
    /** Rows per block: large enough to amortise hand-offs, small enough to keep the window small. */
    public static final int DEFAULT_BLOCK_ROWS = 4096;
    private static final int QUEUE_BLOCKS = 4;

    private final Scenario scenario;
    private final TimeGrid grid;
    private final int threads;
    private final int blockRows;

    /** Receives the blocks of a chunk, in order; may throw to stop the run. */
    public interface ChunkVisitor<T> {
        void begin(Chunk chunk) throws Exception;

        void block(Chunk chunk, SampleBlock block, T encoded) throws Exception;

        void end(Chunk chunk) throws Exception;
    }

    public FleetSimulator(Scenario scenario, TimeGrid grid, int threads) {
        this(scenario, grid, threads, DEFAULT_BLOCK_ROWS);
    }

    public FleetSimulator(Scenario scenario, TimeGrid grid, int threads, int blockRows) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be at least 1, got " + blockRows);
        }
        this.scenario = scenario;
        this.grid = grid;
        this.threads = threads;
        this.blockRows = blockRows;
    }

    /**
     * Splits chunks into runs a single stream can produce: consecutive chunks of one server whose
     * ranges follow each other. A stream cannot jump ahead (the polar method rejects a variable number
     * of draws), so a run that starts past stamp 0 regenerates and discards the rows before it.
     */
    public static List<List<Chunk>> runs(List<Chunk> chunks) {
        List<List<Chunk>> runs = new ArrayList<>();
        List<Chunk> current = null;
        Chunk last = null;
        for (Chunk c : chunks) {
            if (last == null || c.serverIndex() != last.serverIndex() || c.fromStamp() != last.toStamp()) {
                current = new ArrayList<>();
                runs.add(current);
            }
            current.add(c);
            last = c;
        }
        return runs;
    }

    /** Generates a run of chunks (see {@link #runs}) on the calling thread; blocks never span chunks. */
    public <T> void generate(List<Chunk> run, Function<SampleBlock, T> encode, ChunkVisitor<T> visitor) throws Exception {
        SampleStream stream = null;
        for (Chunk chunk : run) {
            if (stream == null || stream.server().index() != chunk.serverIndex() || stream.position() > chunk.fromStamp()) {
                stream = scenario.stream(chunk.serverIndex());
            }
            stream.skip(chunk.fromStamp() - stream.position());
            visitor.begin(chunk);
            while (stream.position() < chunk.toStamp()) {
                SampleBlock block = new SampleBlock(stream.server(), grid, stream.position(),
                        Math.min(blockRows, chunk.toStamp() - stream.position()));
                stream.fill(block, chunk.toStamp());
                visitor.block(chunk, block, encode.apply(block));
            }
            visitor.end(chunk);
        }
    }

    /**
     * Generates and encodes the chunks on the worker threads and passes every block to {@code visitor}
     * on the calling thread, in chunk order. Returns the number of rows. The first failure, in a worker
     * or in the visitor, stops all work and is rethrown.
     */
    public <T> long run(List<Chunk> chunks, Function<SampleBlock, T> encode, ChunkVisitor<T> visitor) throws Exception {
        List<List<Chunk>> runs = runs(chunks);
        long[] rows = {0};
        Parallel.<Object>ordered(threads, "fleetgen-gen", runs.size(), QUEUE_BLOCKS,
                (task, emit) -> generate(runs.get(task), encode, new ChunkVisitor<T>() {
                    @Override
                    public void begin(Chunk chunk) throws InterruptedException {
                        emit.emit(new Begin(chunk));
                    }

                    @Override
                    public void block(Chunk chunk, SampleBlock block, T encoded) throws InterruptedException {
                        emit.emit(new Encoded<>(chunk, block, encoded));
                    }

                    @Override
                    public void end(Chunk chunk) throws InterruptedException {
                        emit.emit(new End(chunk));
                    }
                }),
                item -> {
                    if (item instanceof Begin b) {
                        visitor.begin(b.chunk);
                    } else if (item instanceof End e) {
                        visitor.end(e.chunk);
                    } else {
                        Encoded<?> e = (Encoded<?>) item;
                        @SuppressWarnings("unchecked")
                        T value = (T) e.value;
                        visitor.block(e.chunk, e.block, value);
                        rows[0] += e.block.size();
                    }
                });
        return rows[0];
    }

    private record Begin(Chunk chunk) {
    }

    private record End(Chunk chunk) {
    }

    private record Encoded<T>(Chunk chunk, SampleBlock block, T value) {
    }
}
