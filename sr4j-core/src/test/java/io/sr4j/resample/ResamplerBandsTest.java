package io.sr4j.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The band runner behind multi-threaded resizing: coverage, failures, executors that misbehave. */
class ResamplerBandsTest {
    private static ExecutorService pool;

    @BeforeContainer
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterContainer
    static void stopPool() {
        pool.shutdownNow();
    }

    @Property(tries = 200)
    void everyRowIsRunExactlyOnce(@ForAll @IntRange(min = 0, max = 500) int rows,
                                  @ForAll @IntRange(min = 1, max = 9) int threads) {
        AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(rows, 1));
        Resampler.forEachBand(rows, threads, pool, (from, to) -> {
            for (int r = from; r < to; r++) {
                hits.incrementAndGet(r);
            }
        });
        for (int r = 0; r < rows; r++) {
            assertThat(hits.get(r)).as("row %d of %d", r, rows).isEqualTo(1);
        }
    }

    @Example
    void workIsSharedWithTheExecutorsThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Resampler.forEachBand(64, 4, pool, (from, to) -> {
            seen.add(Thread.currentThread());
            sleep(5); // long enough that the pool's threads start before the caller drains every band
        });
        assertThat(seen).hasSizeGreaterThan(1).contains(Thread.currentThread());
    }

    @Example
    void aBandThatThrowsOnAWorkerFailsTheCall() {
        // Rows >= 32 fail; with 16 bands over 64 rows some of those run on pool threads.
        assertThatThrownBy(() -> Resampler.forEachBand(64, 4, pool, (from, to) -> {
            sleep(2);
            if (from >= 32) {
                throw new IllegalStateException("band " + from + " broke");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("broke");
    }

    @Example
    void anExecutorThatRejectsOrNeverRunsTasksOnlyCostsSpeed() {
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Executor rejecting = task -> {
            throw new RejectedExecutionException("full");
        };
        Resampler.forEachBand(100, 4, rejecting, (from, to) -> {
            for (int r = from; r < to; r++) {
                hits.incrementAndGet(r);
            }
        });
        List<Runnable> parked = new ArrayList<>();
        Resampler.forEachBand(100, 4, parked::add, (from, to) -> {
            for (int r = from; r < to; r++) {
                hits.incrementAndGet(r);
            }
        });
        assertThat(parked).hasSize(3);
        parked.forEach(Runnable::run); // late tasks find no band left and add nothing
        for (int r = 0; r < 100; r++) {
            assertThat(hits.get(r)).isEqualTo(2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
