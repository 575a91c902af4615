package io.sr4j.server;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one bounded work queue every image goes through, synchronous requests and jobs alike: a fixed
 * number of workers and at most {@code capacity} items waiting. A request is {@linkplain #admit()
 * admitted} before its body is read, so a full server refuses at once (503 with Retry-After) and
 * never holds more uploads in memory than it has places for.
 */
final class WorkQueue implements AutoCloseable {
    private final int workers;
    private final int capacity;
    private final ExecutorService executor;
    /** Admitted and not finished: waiting, running, or admitted and about to be submitted. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    /** Mean seconds per item (exponentially weighted), for the Retry-After estimate. */
    private volatile double meanSeconds = 1;
    private volatile boolean stopping;

    WorkQueue(int workers, int capacity) {
        this.workers = workers;
        this.capacity = capacity;
        AtomicInteger count = new AtomicInteger();
        // The executor's own queue is unbounded: the bound is enforced by admit(), which lets jobs
        // recovered after a restart in even when they outnumber the places.
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "sr4j-worker-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A place in the queue; close it if the work is not submitted after all. */
    final class Ticket implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private void release() {
            if (open.compareAndSet(true, false)) {
                admitted.decrementAndGet();
            }
        }

        @Override
        public void close() {
            release();
        }
    }

    /**
     * Takes a place in the queue.
     *
     * @throws ApiError 503 with Retry-After when every place is taken or the server is stopping
     */
    Ticket admit() {
        if (stopping) {
            throw ApiError.unavailable("stopping", "the server is stopping; try again shortly", 5);
        }
        while (true) {
            int now = admitted.get();
            if (now >= workers + capacity) {
                throw ApiError.unavailable("queue_full", "the server is busy (" + workers + " running, " + capacity
                        + " waiting); try again in " + retryAfterSeconds() + " s", retryAfterSeconds());
            }
            if (admitted.compareAndSet(now, now + 1)) {
                return new Ticket();
            }
        }
    }

    /** Runs {@code work} on a worker; the ticket's place is given back when it ends. */
    <T> Future<T> submit(Ticket ticket, Callable<T> work) {
        return executor.submit(() -> {
            running.incrementAndGet();
            long start = System.nanoTime();
            try {
                return work.call();
            } finally {
                running.decrementAndGet();
                ticket.release();
                double seconds = (System.nanoTime() - start) / 1e9;
                meanSeconds = 0.8 * meanSeconds + 0.2 * seconds;
            }
        });
    }

    /** Queues work without a free place (jobs found on disk at start-up). */
    <T> Future<T> submitRecovered(Callable<T> work) {
        admitted.incrementAndGet();
        return submit(new Ticket(), work);
    }

    /** Items admitted and not running yet. */
    int waiting() {
        return Math.max(0, admitted.get() - running.get());
    }

    int running() {
        return running.get();
    }

    int capacity() {
        return capacity;
    }

    int workers() {
        return workers;
    }

    /** When a place is likely to be free: the items ahead of a new one times the mean duration, per worker. */
    long retryAfterSeconds() {
        double seconds = meanSeconds * (waiting() + 1) / workers;
        return Math.max(1, Math.min(3600, (long) Math.ceil(seconds)));
    }

    boolean stopping() {
        return stopping;
    }

    /** Refuses new work, interrupts running work and waits (briefly) for the workers to end. */
    @Override
    public void close() {
        stopping = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
