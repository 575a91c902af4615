package io.sr4j.deblur;

import java.util.Random;

/**
 * Random camera-shake blur kernels for synthetic training data, after Boracchi &amp; Foi, "Modeling
 * the performance of image restoration from motion blur" (IEEE TIP 2012): the camera path is a
 * random walk with inertia — each step keeps the previous velocity, is pushed by Gaussian
 * jitter, pulled back towards the start (the hand corrects itself) and now and then turned
 * round by an abrupt shake — with the speed fixed so the path has a chosen length. The kernel is
 * the path's sub-pixel samples splatted bilinearly, equal time per sample, moved so its centre of
 * mass sits on the kernel's centre (a blur, not a shift).
 *
 * <p>The same seed gives the same kernel.
 */
public final class CameraShake {
    /**
     * Vertices of the walk. Few enough that the jitter bends the path into a stroke rather than
     * curling it into a blob (with thousands of steps the direction forgets itself within a
     * pixel); the path between vertices is sampled densely.
     */
    private static final int STEPS = 64;
    /** Samples splatted per segment of the walk: dense enough for a continuous stroke. */
    private static final int SAMPLES_PER_STEP = 32;
    /** Abrupt shakes per path at the highest rate (0.2 × 5 = one, on average). */
    private static final double ABRUPT_PER_PATH = 5;

    private final int size;
    private final double maxLength;

    /**
     * Kernels of {@code size × size} (odd) whose path is at most {@code maxLength} pixels long; a
     * path that would leave the kernel is scaled down to fit.
     */
    public CameraShake(int size, double maxLength) {
        if (size < 3 || size % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 3, got " + size);
        }
        if (!(maxLength > 0) || Double.isInfinite(maxLength)) {
            throw new IllegalArgumentException("path length must be > 0, got " + maxLength);
        }
        this.size = size;
        this.maxLength = maxLength;
    }

    /** The usual training setting: kernels up to 27 × 27 from paths up to 25 pixels. */
    public static CameraShake upTo25Pixels() {
        return new CameraShake(27, 25);
    }

    /** The kernel of the path drawn from {@code seed}. */
    public BlurKernel kernel(long seed) {
        Random random = new Random(seed);
        // The walk's character is itself random, so one generator yields calm and wild shakes.
        // Anxiety scales both the jitter and the pull back: a steady hand has little of either.
        double anxiety = 0.1 * random.nextDouble();
        double jitter = 3 * random.nextDouble();
        double centripetal = 0.7 * random.nextDouble();
        double abruptRate = 0.2 * random.nextDouble();
        double length = maxLength * (0.25 + 0.75 * random.nextDouble());
        double stepLength = length / (STEPS - 1);

        double[] px = new double[STEPS];
        double[] py = new double[STEPS];
        double heading = 2 * Math.PI * random.nextDouble();
        double vx = Math.cos(heading) * stepLength;
        double vy = Math.sin(heading) * stepLength;
        for (int t = 0; t < STEPS - 1; t++) {
            double kickX = 0;
            double kickY = 0;
            if (random.nextDouble() < abruptRate * ABRUPT_PER_PATH / STEPS) {
                // An abrupt shake: the hand reverses roughly (±0.5 rad) and jerks at twice the speed.
                double turn = Math.PI + (random.nextDouble() - 0.5);
                kickX = 2 * (vx * Math.cos(turn) - vy * Math.sin(turn));
                kickY = 2 * (vx * Math.sin(turn) + vy * Math.cos(turn));
            }
            vx += kickX + anxiety * (jitter * random.nextGaussian() - centripetal * px[t]) * stepLength;
            vy += kickY + anxiety * (jitter * random.nextGaussian() - centripetal * py[t]) * stepLength;
            double speed = Math.hypot(vx, vy);
            if (speed > 0) {
                vx *= stepLength / speed;
                vy *= stepLength / speed;
            }
            px[t + 1] = px[t] + vx;
            py[t + 1] = py[t] + vy;
        }
        return splatPath(px, py);
    }

    private BlurKernel splatPath(double[] px, double[] py) {
        double meanX = 0;
        double meanY = 0;
        double extent = 0;
        // The samples splatted below are evenly spread over each segment, so their mean is the
        // mean of the segment midpoints.
        for (int t = 0; t < STEPS - 1; t++) {
            meanX += (px[t] + px[t + 1]) / 2 / (STEPS - 1);
            meanY += (py[t] + py[t + 1]) / 2 / (STEPS - 1);
        }
        for (int t = 0; t < STEPS; t++) {
            extent = Math.max(extent, Math.max(Math.abs(px[t] - meanX), Math.abs(py[t] - meanY)));
        }
        // One pixel of margin each side: a bilinear splat touches the next sample out.
        double room = size / 2 - 1;
        double shrink = extent > room ? room / extent : 1;
        int half = size / 2;
        double[] w = new double[size * size];
        for (int t = 0; t < STEPS - 1; t++) {
            for (int s = 0; s < SAMPLES_PER_STEP; s++) {
                double f = (s + 0.5) / SAMPLES_PER_STEP;
                double x = px[t] + f * (px[t + 1] - px[t]);
                double y = py[t] + f * (py[t + 1] - py[t]);
                BlurKernel.splat(w, size, half + (x - meanX) * shrink, half + (y - meanY) * shrink, 1);
            }
        }
        return BlurKernel.of(size, size, w);
    }
}
