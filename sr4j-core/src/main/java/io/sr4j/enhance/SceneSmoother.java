package io.sr4j.enhance;

import io.sr4j.image.PlanarImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Objects;

/**
 * The grade of each video frame, smoothed over its scene so that the correction does not
 * flicker: a frame gets the mean ({@link EnhanceParameters#mean}) of its own estimate and those
 * of up to {@code window - 1} frames before it in the same scene. A scene cut, found from the
 * frames' luma histograms, starts the window afresh, so one scene's grade never leaks into the
 * next.
 *
 * <p>Deterministic: the grade of a frame depends only on the last {@link #history()} frames, so
 * a run that resumes in the middle of a video gives the same grades if it first feeds those
 * frames to {@link #next}. Not safe for concurrent use: feed frames in order, from one thread
 * at a time.
 */
public final class SceneSmoother {
    /** Frames averaged by default: about two seconds at 24 fps. */
    public static final int DEFAULT_WINDOW = 48;
    /** Luma histogram bins, and the L1 distance (of 2) between consecutive frames that is a cut. */
    static final int BINS = 32;
    static final double CUT_DISTANCE = 0.5;
    /** Histogram samples per frame: the statistic of a cut needs no more. */
    private static final int HISTOGRAM_SAMPLES = 1 << 14;

    private final Enhancer enhancer;
    private final int window;
    private final Deque<EnhanceParameters> recent = new ArrayDeque<>();
    private double[] previous;
    private long cuts;

    public SceneSmoother(Enhancer enhancer, int window) {
        this.enhancer = Objects.requireNonNull(enhancer, "enhancer");
        if (window < 1) {
            throw new IllegalArgumentException("the window must hold >= 1 frame, got " + window);
        }
        this.window = window;
    }

    /** The frames before one that decide its grade, with the one before them (to see a cut): window + 1. */
    public int history() {
        return window + 1;
    }

    /** Scene cuts seen so far. */
    public long cuts() {
        return cuts;
    }

    /** The grade for {@code frame} (sRGB planes in [0, 1], only read), the next frame in order. */
    public EnhanceParameters next(PlanarImage frame) {
        double[] histogram = histogram(frame);
        if (previous != null && distance(previous, histogram) > CUT_DISTANCE) {
            recent.clear();
            cuts++;
        }
        previous = histogram;
        recent.addLast(enhancer.estimate(frame));
        if (recent.size() > window) {
            recent.removeFirst();
        }
        return EnhanceParameters.mean(new ArrayList<>(recent));
    }

    /** The normalised histogram of signal luma, on a grid of samples. */
    static double[] histogram(PlanarImage rgb) {
        int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) rgb.planeSize() / HISTOGRAM_SAMPLES)));
        float[] d = rgb.data();
        int n = rgb.planeSize();
        double[] h = new double[BINS];
        int count = 0;
        for (int y = 0; y < rgb.height(); y += step) {
            for (int x = 0; x < rgb.width(); x += step) {
                int i = y * rgb.width() + x;
                double luma = 0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i];
                h[(int) Math.min(BINS - 1, Math.max(0, luma * BINS))]++;
                count++;
            }
        }
        for (int b = 0; b < BINS; b++) {
            h[b] /= count;
        }
        return h;
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }
}
