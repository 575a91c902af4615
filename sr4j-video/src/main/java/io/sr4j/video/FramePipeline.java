package io.sr4j.video;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs decode, network and encode at the same time: a decoding thread fills a bounded queue, the
 * calling thread runs the network, an encoding thread drains a second bounded queue. At most
 * {@code capacity} frames wait on each side, so memory does not grow with the video's length.
 *
 * <p>The first failure of any stage stops all three and is rethrown by {@link #run}; so is a
 * cancellation, as {@link VideoCancelledException}.
 */
final class FramePipeline {
    /** Produces frames in order; null at the end. Runs on the decoding thread. */
    interface Source {
        DecodedFrame next();
    }

    /** The encoding stage: pulls frames from {@code frames} until it returns null. */
    interface Sink {
        void drain(Frames frames);
    }

    /** The frames the encoding stage receives. */
    interface Frames {
        /** The next upscaled frame, or null after the last. */
        DecodedFrame take();
    }

    private static final DecodedFrame END = new DecodedFrame(-1, 0, 0, null);
    private static final long POLL_MILLIS = 50;

    private final int capacity;
    private final BooleanSupplier cancelled;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong inferNanos = new AtomicLong();

    FramePipeline(int capacity, BooleanSupplier cancelled) {
        this.capacity = capacity;
        this.cancelled = cancelled;
    }

    /** Runs the three stages to the end; returns the time decoding and the network spent working. */
    StageTimes run(Source source, UnaryOperator<DecodedFrame> network, Sink sink) {
        BlockingQueue<DecodedFrame> decoded = new ArrayBlockingQueue<>(capacity);
        BlockingQueue<DecodedFrame> upscaled = new ArrayBlockingQueue<>(capacity);
        Thread decoder = start("sr4j-video-decode", () -> {
            while (true) {
                long t0 = System.nanoTime();
                DecodedFrame frame = source.next();
                decodeNanos.addAndGet(System.nanoTime() - t0);
                put(decoded, frame == null ? END : frame);
                if (frame == null) {
                    return;
                }
            }
        });
        Thread encoder = start("sr4j-video-encode", () -> sink.drain(() -> {
            DecodedFrame frame = take(upscaled);
            return frame == END ? null : frame;
        }));
        try {
            while (true) {
                DecodedFrame frame = take(decoded);
                if (frame == END) {
                    put(upscaled, END);
                    break;
                }
                long t0 = System.nanoTime();
                DecodedFrame big = network.apply(frame);
                inferNanos.addAndGet(System.nanoTime() - t0);
                put(upscaled, big);
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
        join(decoder);
        join(encoder);
        rethrow();
        return new StageTimes(decodeNanos.get() / 1e9, inferNanos.get() / 1e9);
    }

    private Thread start(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        thread.setDaemon(true); // never keeps a JVM alive that is shutting down (Ctrl-C)
        thread.start();
        return thread;
    }

    private void put(BlockingQueue<DecodedFrame> queue, DecodedFrame frame) {
        try {
            while (!queue.offer(frame, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                checkRunning();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VideoCancelledException("interrupted");
        }
    }

    private DecodedFrame take(BlockingQueue<DecodedFrame> queue) {
        try {
            while (true) {
                checkRunning();
                DecodedFrame frame = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VideoCancelledException("interrupted");
        }
    }

    /** Stops this stage when another failed or the caller cancelled. */
    private void checkRunning() {
        if (failure.get() != null) {
            throw new StageStopped();
        }
        if (cancelled.getAsBoolean()) {
            throw new VideoCancelledException("cancelled");
        }
    }

    private void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new VideoCancelledException("interrupted"));
        }
    }

    private void rethrow() {
        Throwable first = failure.get();
        if (first == null) {
            return;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) first;
    }

    /** A stage ending because another one failed first; never the failure reported. */
    private static final class StageStopped extends RuntimeException {
        StageStopped() {
            super(null, null, false, false);
        }
    }

    /** Seconds the decoding and network stages spent working (the sink times itself). */
    record StageTimes(double decodeSeconds, double inferSeconds) {
    }
}
