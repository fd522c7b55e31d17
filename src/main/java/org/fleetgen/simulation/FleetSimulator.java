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
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.Segment;
import org.fleetgen.sample.TimeGrid;

/**
 * Runs segments on worker threads and hands their blocks to one consumer in segment order.
 *
 * <p>Each segment gets a bounded queue; at most {@code 2 × threads} segments are in flight, so memory
 * is bounded by the window, not by the dataset. Workers also run the caller's {@code encode} step
 * (CSV text, COPY bytes), which is where most of the CPU goes. The consumer always drains the oldest
 * segment, whose task was submitted before any later one to a FIFO pool, so it always has a thread:
 * the pipeline cannot deadlock, and the consumer sees the same sequence whatever the thread count.
 */
public final class FleetSimulator {
    /** Rows per block: large enough to amortise hand-off, small enough to keep the window in cache-sized pieces. */
    public static final int DEFAULT_BLOCK_ROWS = 4096;
    private static final int QUEUE_BLOCKS = 4;

    private final FleetPlan plan;
    private final TimeGrid grid;
    private final int threads;
    private final int blockRows;

    /** Receives encoded blocks in order; may throw to stop the run. */
    @FunctionalInterface
    public interface Consumer<T> {
        void accept(Segment segment, SampleBlock block, T encoded) throws Exception;
    }

    /** Called after the last block of a segment, in order. */
    @FunctionalInterface
    public interface SegmentEnd {
        void segmentDone(Segment segment) throws Exception;
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

    /** One segment per server, covering the whole grid. */
    public List<Segment> wholeFleet() {
        List<Segment> out = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            out.add(new Segment(i, 0, grid.size()));
        }
        return out;
    }

    /** Generates one segment on the calling thread. */
    public void generate(Segment segment, java.util.function.Consumer<SampleBlock> sink) {
        ServerStream stream = new ServerStream(plan.server(segment.serverIndex()), grid);
        stream.skip(segment.fromStamp());
        while (stream.position() < segment.toStamp()) {
            SampleBlock block = new SampleBlock(stream.server(), grid, stream.position(),
                    Math.min(blockRows, segment.toStamp() - stream.position()));
            stream.fill(block, segment.toStamp());
            sink.accept(block);
        }
    }

    /**
     * Generates and encodes the segments on the workers, and passes every block to {@code consumer}
     * in order. Returns the number of rows. The first failure, in a worker or the consumer, stops all
     * work and is rethrown.
     */
    public <T> long run(List<Segment> segments, Function<SampleBlock, T> encode, Consumer<T> consumer,
                        SegmentEnd segmentEnd) throws Exception {
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "fleetgen-gen-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        int window = Math.max(2, threads * 2);
        List<BlockingQueue<Object>> queues = new ArrayList<>();
        long rows = 0;
        try {
            int submitted = 0;
            for (int s = 0; s < segments.size(); s++) {
                while (submitted < segments.size() && submitted < s + window) {
                    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
                    queues.add(queue);
                    Segment segment = segments.get(submitted);
                    pool.execute(() -> produce(segment, encode, queue));
                    submitted++;
                }
                BlockingQueue<Object> queue = queues.get(s);
                queues.set(s, null);
                Segment segment = segments.get(s);
                while (true) {
                    Object item = queue.take();
                    if (item == END) {
                        break;
                    }
                    if (item instanceof Failure failure) {
                        throw failure.cause;
                    }
                    Encoded<?> e = (Encoded<?>) item;
                    @SuppressWarnings("unchecked")
                    T value = (T) e.value;
                    consumer.accept(segment, e.block, value);
                    rows += e.block.size();
                }
                if (segmentEnd != null) {
                    segmentEnd.segmentDone(segment);
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private <T> void produce(Segment segment, Function<SampleBlock, T> encode, BlockingQueue<Object> queue) {
        try {
            generate(segment, block -> {
                T encoded = encode.apply(block);
                try {
                    queue.put(new Encoded<>(block, encoded));
                } catch (InterruptedException e) {
                    throw new Cancelled();
                }
            });
            queue.put(END);
        } catch (Cancelled | InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // The consumer may be waiting on this queue: hand it the failure instead of the rows.
            queue.clear();
            queue.offer(new Failure(e instanceof Exception ex ? ex : new RuntimeException(e)));
        }
    }

    private static final Object END = new Object();

    private record Encoded<T>(SampleBlock block, T value) {
    }

    private record Failure(Exception cause) {
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
