package io.sr4j.resample;

import io.sr4j.Sr4jException;
import io.sr4j.image.PlanarImage;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Resizes {@link PlanarImage}s by any real factor, up or down, exactly as MATLAB's
 * {@code imresize} does, which is how SR papers make their low-resolution images. (Out-of-image
 * taps mirror the image, as current MATLAB releases do; some old releases clamped them to the edge
 * sample instead, which changes border pixels.) Every plane is resized on its own; values are not clamped (bicubic and Lanczos overshoot
 * a little at edges, as in MATLAB).
 *
 * <p>The resize is separable: one pass along each axis, the axis with the smaller scale factor
 * first (the vertical one on a tie), with the taps of each axis computed once (see
 * {@link Contributions}). When shrinking, the kernel is widened by {@code 1 / scale} unless
 * antialiasing is switched off; it is on by default for every filter but
 * {@link ResampleFilter#NEAREST}. Out-of-image taps mirror the image with the edge sample
 * repeated ({@code [1:n, n:-1:1]}).
 *
 * <p>Precision: weights are doubles and every output sample is summed in a double, so that the
 * result does not drift with the tap count (shrinking by 8 with Lanczos-3 sums 50 taps of both
 * signs per pass); the intermediate image between the passes and the output are float32. Against
 * MATLAB's all-double computation this leaves differences of a few float32 roundings, about 1e-7
 * for values in [0, 1].
 *
 * <p>Instances are immutable and thread-safe. With {@link #withThreads(int)} above 1, rows are
 * cut into bands that the calling thread and tasks on the {@link #withExecutor executor} take in
 * turn; each output sample is computed by the same code in the same order whichever thread runs
 * it, so the result is bit-for-bit the one-thread result.
 */
public final class Resampler {
    private final ResampleFilter filter;
    private final boolean antialiasing;
    private final int threads;
    private final Executor executor;

    private Resampler(ResampleFilter filter, boolean antialiasing, int threads, Executor executor) {
        this.filter = filter;
        this.antialiasing = antialiasing;
        this.threads = threads;
        this.executor = executor;
    }

    /**
     * A one-thread resampler with {@code filter}, antialiasing as MATLAB's default for it
     * ({@link ResampleFilter#antialiasByDefault()}).
     */
    public static Resampler of(ResampleFilter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter is null");
        }
        return new Resampler(filter, filter.antialiasByDefault(), 1, ForkJoinPool.commonPool());
    }

    /** A copy that widens the kernel when shrinking ({@code true}) or not (MATLAB {@code 'Antialiasing', false}). */
    public Resampler withAntialiasing(boolean on) {
        return new Resampler(filter, on, threads, executor);
    }

    /**
     * A copy that uses up to {@code threads} threads per call: the caller plus tasks on the
     * executor (by default the common fork-join pool, whose own parallelism caps how many of them
     * run at once). 1 means the caller alone.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Resampler withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new Resampler(filter, antialiasing, threads, executor);
    }

    /**
     * A copy that runs its extra bands on {@code executor}. The caller also works and takes any
     * band the executor has not started, so a busy or saturated executor slows a call down but
     * cannot deadlock it; tasks the executor rejects are done by the caller. The executor is not
     * shut down by this class.
     */
    public Resampler withExecutor(Executor executor) {
        if (executor == null) {
            throw new IllegalArgumentException("executor is null");
        }
        return new Resampler(filter, antialiasing, threads, executor);
    }

    public ResampleFilter filter() {
        return filter;
    }

    public boolean antialiasing() {
        return antialiasing;
    }

    public int threads() {
        return threads;
    }

    /**
     * MATLAB's output length for a scale factor: {@code ceil(scale * inLength)}, computed in
     * double as MATLAB does (so 301 × (1/3) gives 101).
     *
     * @throws IllegalArgumentException if {@code inLength < 1}, the scale is not a finite positive
     *     number, or the result exceeds {@code Integer.MAX_VALUE}
     */
    public static int outputLength(int inLength, double scale) {
        if (inLength < 1) {
            throw new IllegalArgumentException("input length must be positive, got " + inLength);
        }
        checkScale("scale", scale);
        double length = Math.ceil(scale * inLength);
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "scale " + scale + " of " + inLength + " samples gives " + length + ", too many");
        }
        return (int) length;
    }

    /**
     * A new image of {@code outWidth × outHeight} with {@code src}'s planes resized; the scale of
     * each axis is {@code out / in} (MATLAB {@code imresize(A, [outHeight outWidth])}).
     * {@code src} is only read.
     *
     * @throws IllegalArgumentException if a size is not positive or the result is too large
     */
    public PlanarImage resize(PlanarImage src, int outWidth, int outHeight) {
        Objects.requireNonNull(src, "src");
        if (outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException(
                    "output size must be positive, got " + outWidth + "x" + outHeight);
        }
        PlanarImage dst = new PlanarImage(outWidth, outHeight, src.channels());
        return resize(src, dst);
    }

    /**
     * Resizes {@code src} into {@code dst}, whose shape gives the output size (scale
     * {@code out / in} per axis); every sample of {@code dst} is overwritten. Returns {@code dst}.
     *
     * @throws IllegalArgumentException if the channel counts differ or both share one array
     */
    public PlanarImage resize(PlanarImage src, PlanarImage dst) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (src.channels() != dst.channels()) {
            throw new IllegalArgumentException("src has " + src.channels() + " channels, dst "
                    + dst.channels() + "; they must match");
        }
        if (src.data() == dst.data()) {
            throw new IllegalArgumentException("src and dst share one array; resizing in place is not supported");
        }
        double sx = (double) dst.width() / src.width();
        double sy = (double) dst.height() / src.height();
        run(src, dst, sx, sy);
        return dst;
    }

    /**
     * A new image scaled by {@code factor} on both axes: {@code ceil(factor × size)} samples per
     * axis, mapped with {@code factor} itself (MATLAB {@code imresize(A, factor)}). {@code src} is
     * only read.
     *
     * @throws IllegalArgumentException if the factor is not a finite positive number or the result is too large
     */
    public PlanarImage scale(PlanarImage src, double factor) {
        return scale(src, factor, factor);
    }

    /**
     * A new image scaled by {@code sx} horizontally and {@code sy} vertically, sizes
     * {@code ceil(s × size)}, mapped with the factors themselves (MATLAB
     * {@code imresize(A, 'Scale', [sy sx])}). {@code src} is only read.
     *
     * @throws IllegalArgumentException if a factor is not a finite positive number or the result is too large
     */
    public PlanarImage scale(PlanarImage src, double sx, double sy) {
        Objects.requireNonNull(src, "src");
        checkScale("sx", sx);
        checkScale("sy", sy);
        PlanarImage dst = new PlanarImage(outputLength(src.width(), sx), outputLength(src.height(), sy), src.channels());
        run(src, dst, sx, sy);
        return dst;
    }

    /**
     * A streaming resize of {@code inWidth × inHeight} images with {@code channels} planes to
     * {@code outWidth × outHeight}, mapped with the factors {@code sx}, {@code sy} (as
     * {@link #scale(PlanarImage, double, double)} maps them; pass {@code out / in} for
     * {@link #resize} semantics). Output bands go to {@code consumer} as soon as they can be computed.
     * Runs on the caller's thread (this resampler's thread count is not used).
     */
    public StreamingResampler streaming(int inWidth, int inHeight, int outWidth, int outHeight, double sx, double sy,
            int channels, Consumer<PlanarImage> consumer) {
        checkScale("sx", sx);
        checkScale("sy", sy);
        if (inWidth < 1 || inHeight < 1 || outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive, got " + inWidth + "x" + inHeight + " -> "
                    + outWidth + "x" + outHeight);
        }
        return new StreamingResampler(Contributions.of(inWidth, outWidth, sx, filter, antialiasing),
                Contributions.of(inHeight, outHeight, sy, filter, antialiasing), channels, consumer);
    }

    private static void checkScale(String name, double scale) {
        if (!(scale > 0.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + scale);
        }
    }

    @Override
    public String toString() {
        return "Resampler[" + filter + (antialiasing ? ", antialiasing" : "") + ", threads=" + threads + "]";
    }

    // ------------------------------------------------------------------------------------------

    private void run(PlanarImage src, PlanarImage dst, double sx, double sy) {
        Contributions cx = Contributions.of(src.width(), dst.width(), sx, filter, antialiasing);
        Contributions cy = Contributions.of(src.height(), dst.height(), sy, filter, antialiasing);
        int channels = src.channels();
        if (cx.identity && cy.identity) {
            System.arraycopy(src.data(), 0, dst.data(), 0, src.data().length);
            return;
        }
        if (cx.identity) {
            vertical(src.data(), dst.data(), dst.width(), src.height(), cy, channels);
            return;
        }
        if (cy.identity) {
            horizontal(src.data(), dst.data(), src.width(), dst.height(), cx, channels);
            return;
        }
        // MATLAB resizes the dimension with the smaller scale first (rows on a tie); shrinking
        // first is also the cheaper order. In exact arithmetic the order does not matter.
        if (sy <= sx) {
            float[] mid = new float[checkedSize(src.width(), dst.height(), channels)];
            vertical(src.data(), mid, src.width(), src.height(), cy, channels);
            horizontal(mid, dst.data(), src.width(), dst.height(), cx, channels);
        } else {
            float[] mid = new float[checkedSize(dst.width(), src.height(), channels)];
            horizontal(src.data(), mid, src.width(), src.height(), cx, channels);
            vertical(mid, dst.data(), dst.width(), src.height(), cy, channels);
        }
    }

    private static int checkedSize(int width, int height, int channels) {
        long size = (long) width * height * channels;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("intermediate image of " + width + "x" + height + "x" + channels
                    + " is too large for one array; resize in tiles");
        }
        return (int) size;
    }

    /**
     * Resizes along x: {@code src} is {@code channels × height × inWidth}, {@code dst} is
     * {@code channels × height × cx.outLength}. Work items are the {@code channels × height} rows.
     */
    private void horizontal(float[] src, float[] dst, int inWidth, int height, Contributions cx, int channels) {
        int outWidth = cx.outLength;
        int taps = cx.taps;
        int[] index = cx.index;
        double[] weight = cx.weight;
        forEachBand(channels * height, (from, to) -> {
            for (int row = from; row < to; row++) {
                int in = row * inWidth;
                int out = row * outWidth;
                for (int x = 0, t = 0; x < outWidth; x++, t += taps) {
                    double acc = 0.0;
                    for (int k = 0; k < taps; k++) {
                        acc += weight[t + k] * src[in + index[t + k]];
                    }
                    dst[out + x] = (float) acc;
                }
            }
        });
    }

    /**
     * Resizes along y: {@code src} is {@code channels × cy.inLength × width}, {@code dst} is
     * {@code channels × cy.outLength × width}. Work items are the output rows of all planes; each
     * is accumulated a whole row at a time (tap by tap, contiguous reads) into a double row.
     */
    private void vertical(float[] src, float[] dst, int width, int inHeight, Contributions cy, int channels) {
        int outHeight = cy.outLength;
        int taps = cy.taps;
        int[] index = cy.index;
        double[] weight = cy.weight;
        forEachBand(channels * outHeight, (from, to) -> {
            double[] acc = new double[width];
            for (int row = from; row < to; row++) {
                int plane = row / outHeight;
                int y = row - plane * outHeight;
                int in = plane * inHeight * width;
                Arrays.fill(acc, 0.0);
                for (int k = 0, t = y * taps; k < taps; k++, t++) {
                    double wk = weight[t];
                    int line = in + index[t] * width;
                    for (int x = 0; x < width; x++) {
                        acc[x] += wk * src[line + x];
                    }
                }
                int out = row * width;
                for (int x = 0; x < width; x++) {
                    dst[out + x] = (float) acc[x];
                }
            }
        });
    }

    /** Work on rows {@code [from, to)}; called once per band, never per sample. */
    @FunctionalInterface
    interface Band {
        void run(int from, int to);
    }

    private void forEachBand(int rows, Band body) {
        forEachBand(rows, threads, executor, body);
    }

    /**
     * Runs {@code body} over {@code [0, rows)} cut into bands, each row in exactly one band. The
     * caller takes bands too and then waits only for bands other threads have already started, so
     * an executor that never runs the tasks costs speed, not liveness. The first failure of any
     * band is rethrown to the caller once no band is running.
     */
    static void forEachBand(int rows, int threads, Executor executor, Band body) {
        if (threads == 1 || rows < 2) {
            body.run(0, rows);
            return;
        }
        // A few bands per thread even out rows of unequal cost (mirrored edges, busy cores).
        int bands = (int) Math.min(rows, 4L * threads);
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(bands);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < bands; b = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.run((int) ((long) rows * b / bands), (int) ((long) rows * (b + 1) / bands));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < Math.min(threads, bands); i++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // the caller takes the bands no task will take
            }
        }
        worker.run();
        awaitUninterruptibly(done);
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            // Only reachable through a sneaky-thrown checked exception.
            throw new Sr4jException("resampling band failed", t);
        }
    }

    /**
     * Waits for the bands in flight. It must not return early on interrupt: other threads would
     * still be writing into arrays the caller is about to use. The interrupt is restored.
     */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
