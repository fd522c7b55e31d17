package org.fleetgen.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.fleetgen.fleet.FleetPlan;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * Generates chunks of the fleet, either on the calling thread ({@link #generate}) or on worker threads
 * with the blocks handed to one consumer in chunk order ({@link #run}).
 *
 * <p>In {@link #run}, each run of chunks gets a bounded queue and at most {@code 2 × threads} runs are in
 * flight, so memory is bounded by the window, not by the dataset. Workers also run the caller's
 * {@code encode} step (CSV text, COPY bytes), where most of the CPU goes. The consumer always drains
 * the oldest run, whose task was submitted before any later one to a FIFO pool, so it always has a
 * thread: the pipeline cannot deadlock, and the consumer sees the same sequence whatever the thread
 * count.
 */
public final class FleetSimulator {
    /** Rows per block: large enough to amortise hand-offs, small enough to keep the window small. */
    public static final int DEFAULT_BLOCK_ROWS = 4096;
    private static final int QUEUE_BLOCKS = 4;

    private final FleetPlan plan;
    private final TimeGrid grid;
    private final int threads;
    private final int blockRows;

    /** Receives the blocks of a chunk, in order; may throw to stop the run. */
    public interface ChunkVisitor<T> {
        void begin(Chunk chunk) throws Exception;

        void block(Chunk chunk, SampleBlock block, T encoded) throws Exception;

        void end(Chunk chunk) throws Exception;
    }

    public FleetSimulator(FleetPlan plan, TimeGrid grid, int threads) {
        this(plan, grid, threads, DEFAULT_BLOCK_ROWS);
    }

    public FleetSimulator(FleetPlan plan, TimeGrid grid, int threads, int blockRows) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be at least 1, got " + blockRows);
        }
        this.plan = plan;
        this.grid = grid;
        this.threads = threads;
        this.blockRows = blockRows;
    }

    public FleetPlan plan() {
        return plan;
    }

    public TimeGrid grid() {
        return grid;
    }

    /** One chunk per server, covering the whole grid, numbered by server. */
    public List<Chunk> wholeServers() {
        List<Chunk> out = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            out.add(new Chunk(i, i, 0, grid.size()));
        }
        return out;
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
        ServerStream stream = null;
        for (Chunk chunk : run) {
            if (stream == null || stream.server().index() != chunk.serverIndex() || stream.position() > chunk.fromStamp()) {
                stream = new ServerStream(plan.server(chunk.serverIndex()), grid);
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
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "fleetgen-gen-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        List<List<Chunk>> runs = runs(chunks);
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        int window = Math.max(2, threads * 2);
        List<BlockingQueue<Object>> queues = new ArrayList<>();
        long rows = 0;
        try {
            int submitted = 0;
            for (int r = 0; r < runs.size(); r++) {
                while (submitted < runs.size() && submitted < r + window) {
                    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
                    queues.add(queue);
                    List<Chunk> run = runs.get(submitted);
                    pool.execute(() -> produce(run, encode, queue));
                    submitted++;
                }
                BlockingQueue<Object> queue = queues.get(r);
                queues.set(r, null);
                while (true) {
                    Object item = queue.take();
                    if (item == END) {
                        break;
                    } else if (item instanceof Failure failure) {
                        throw failure.cause;
                    } else if (item instanceof Begin b) {
                        visitor.begin(b.chunk);
                    } else if (item instanceof End e) {
                        visitor.end(e.chunk);
                    } else {
                        Encoded<?> e = (Encoded<?>) item;
                        @SuppressWarnings("unchecked")
                        T value = (T) e.value;
                        visitor.block(e.chunk, e.block, value);
                        rows += e.block.size();
                    }
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private <T> void produce(List<Chunk> run, Function<SampleBlock, T> encode, BlockingQueue<Object> queue) {
        try {
            generate(run, encode, new ChunkVisitor<T>() {
                @Override
                public void begin(Chunk chunk) throws InterruptedException {
                    queue.put(new Begin(chunk));
                }

                @Override
                public void block(Chunk chunk, SampleBlock block, T encoded) throws InterruptedException {
                    queue.put(new Encoded<>(chunk, block, encoded));
                }

                @Override
                public void end(Chunk chunk) throws InterruptedException {
                    queue.put(new End(chunk));
                }
            });
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // The consumer may be waiting on this queue: hand it the failure instead of the rows.
            queue.clear();
            queue.offer(new Failure(e instanceof Exception ex ? ex : new RuntimeException(e)));
        }
    }

    private static final Object END = new Object();

    private record Begin(Chunk chunk) {
    }

    private record End(Chunk chunk) {
    }

    private record Encoded<T>(Chunk chunk, SampleBlock block, T value) {
    }

    private record Failure(Exception cause) {
    }
}
