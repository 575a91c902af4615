package io.sr4j.upscale;

import io.sr4j.Sr4jException;
import java.util.Locale;

/**
 * Refuses work that cannot fit the Java heap before it starts, with a message naming the file and
 * the remedy, instead of an {@link OutOfMemoryError} minutes into the run. Estimates are in bytes
 * and deliberately a little generous.
 */
final class MemoryGuard {
    /** Leave this share of the heap for what the estimate does not see (GC headroom, buffers). */
    private static final double USABLE = 0.85;

    private final Runtime runtime;

    MemoryGuard(Runtime runtime) {
        this.runtime = runtime;
    }

    static MemoryGuard forThisJvm() {
        return new MemoryGuard(Runtime.getRuntime());
    }

    /**
     * Checks that {@code bytes} more can be allocated.
     *
     * @param file the input, for the message
     * @param what what the memory is for ("decoding 6000x4000", …)
     * @throws Sr4jException if the heap cannot hold it
     */
    void require(String file, String what, long bytes) {
        long free = free();
        if (bytes > free * USABLE) {
            System.gc(); // what looks used may be garbage; ask once before refusing
            free = free();
        }
        if (bytes > free * USABLE) {
            throw new Sr4jException(String.format(Locale.ROOT, "%s: %s needs about %d MB of Java heap, but only %d MB"
                    + " of the %d MB limit (-Xmx) is free; give Java more memory (-Xmx, e.g. SR4J_JAVA_OPTS=-Xmx%dg),"
                    + " use a smaller --tile, or write PNG, which streams", file, what, mb(bytes), mb(free),
                    mb(runtime.maxMemory()), Math.max(2, (runtime.maxMemory() + bytes - free) / (1L << 30) + 1)));
        }
    }

    private long free() {
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
