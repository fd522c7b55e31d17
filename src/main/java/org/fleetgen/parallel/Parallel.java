package org.fleetgen.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * fleetgen's only threads. Two shapes of work:
 * <ul>
 *   <li>{@link #drain}: a few workers take items from one queue, each holding a resource (a connection,
 *       a sink) while it works; order does not matter (loading, verifying, refreshing views).</li>
 *   <li>{@link #ordered}: tasks produce items on workers and one consumer on the calling thread sees
 *       them in task order, with a bounded number of tasks in flight (exporting a file).</li>
 * </ul>
 * In both, the first failure stops the work and is reported. Besides these, {@link #background} runs
 * a helper beside the main work (a progress ticker, draining a child's output, a warm-up). Threads are
 * named and daemon, so a failure never leaves the JVM waiting on them.
 */
public final class Parallel {
    private Parallel() {
    }

    /** Starts {@code task} on a named daemon thread beside the caller's work; interrupt or join the thread returned. */
    public static Thread background(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One worker: takes items from {@code next} until it gives null. */
    @FunctionalInterface
    public interface Worker<T> {
        void drain(Supplier<T> next) throws Exception;
    }

    /** Produces the items of one task, handing each to {@code emit}. */
    @FunctionalInterface
    public interface Producer<T> {
        void produce(int task, Emitter<T> emit) throws Exception;
    }

    @FunctionalInterface
    public interface Emitter<T> {
        void emit(T item) throws InterruptedException;
    }

    /** Sees every item of every task, in task order, on the calling thread. */
    @FunctionalInterface
    public interface Consumer<T> {
        void accept(T item) throws Exception;
    }

    /**
     * Runs {@code threads} workers (at least one, at most one per item) over the queue and waits for
     * them; returns the first failure, or null.
     */
    public static <T> Exception drain(int threads, String name, Queue<T> work, Worker<T> worker) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        int count = Math.max(1, Math.min(threads, work.size()));
        for (int w = 0; w < count; w++) {
            Thread t = new Thread(() -> {
                try {
                    worker.drain(() -> failure.get() == null ? work.poll() : null);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } catch (Error e) {
                    // An out-of-memory error, say: reported by the caller in one line, not by the thread's default handler.
                    failure.compareAndSet(null, new IllegalStateException(e.toString(), e));
                }
            }, name + "-" + (w + 1));
            t.setDaemon(true);
            started.add(t);
            t.start();
        }
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        return failure.get();
    }

    /**
     * Runs tasks {@code 0 .. tasks-1} on {@code threads} workers and passes their items to {@code consumer}
     * in task order. Each task gets a queue of {@code queueItems}, and at most {@code 2 × threads} tasks
     * are in flight, so memory is bounded by that window, not by the work. The consumer always drains the
     * oldest task, which was submitted before any later one to a FIFO pool and so always has a thread:
     * the pipeline cannot deadlock, and the consumer sees the same sequence whatever the thread count.
     * The first failure, in a producer or the consumer, stops all work and is thrown.
     */
    public static <T> void ordered(int threads, String name, int tasks, int queueItems, Producer<T> producer,
                                   Consumer<T> consumer) throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        int window = Math.max(2, threads * 2);
        List<BlockingQueue<Object>> queues = new ArrayList<>();
        try {
            int submitted = 0;
            for (int task = 0; task < tasks; task++) {
                while (submitted < tasks && submitted < task + window) {
                    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(queueItems);
                    queues.add(queue);
                    int t = submitted;
                    pool.execute(() -> produce(producer, t, queue));
                    submitted++;
                }
                BlockingQueue<Object> queue = queues.get(task);
                queues.set(task, null);
                while (true) {
                    Object item = queue.take();
                    if (item == END) {
                        break;
                    } else if (item instanceof Failure failure) {
                        throw failure.cause;
                    }
                    @SuppressWarnings("unchecked")
                    T value = (T) item;
                    consumer.accept(value);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> void produce(Producer<T> producer, int task, BlockingQueue<Object> queue) {
        try {
            producer.produce(task, queue::put);
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // The consumer may be waiting on this queue: hand it the failure instead of the items.
            queue.clear();
            queue.offer(new Failure(e instanceof Exception ex ? ex : new RuntimeException(e)));
        }
    }

    private static final Object END = new Object();

    private record Failure(Exception cause) {
    }
}
