package org.fleetgen.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;

/** A few threads that drain one queue of work; the first failure stops them all and is returned. */
final class Workers {
    /** One worker: takes items from {@code next} until it gives null; may hold a resource (a connection, a sink) meanwhile. */
    interface Worker<T> {
        void drain(java.util.function.Supplier<T> next) throws Exception;
    }

    private Workers() {
    }

    /** Runs {@code count} threads, each calling {@code worker.drain} with a supplier of the next item (null when done). */
    static <T> Exception run(int count, String name, Queue<T> work, Worker<T> worker) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.max(1, count); w++) {
            Thread t = new Thread(() -> {
                try {
                    worker.drain(() -> failure.get() == null ? work.poll() : null);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + (w + 1));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        return failure.get();
    }
}
