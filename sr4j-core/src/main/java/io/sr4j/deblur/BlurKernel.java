package io.sr4j.deblur;

import java.util.Arrays;
import java.util.Objects;

/**
 * A normalised 2-D point-spread function: odd width and height, non-negative weights summing to
 * 1, centred on the middle sample. {@code weight(x, y)} with {@code y} growing downwards, as in
 * images. Immutable.
 *
 * <p>Angles are in degrees, counter-clockwise as seen on screen: 0° is a horizontal streak, 90° a
 * vertical one.
 */
public final class BlurKernel {
    /** Samples per pixel along a motion path: enough that the splatted line has no visible beads. */
    private static final int PATH_SAMPLES_PER_PIXEL = 16;
    /** Sub-samples per pixel edge when integrating the defocus disc over each pixel. */
    private static final int DISC_SUBSAMPLES = 16;

    private final int width;
    private final int height;
    private final double[] weights;

    private BlurKernel(int width, int height, double[] weights) {
        this.width = width;
        this.height = height;
        this.weights = weights;
    }

    /**
     * A kernel from raw non-negative weights (row-major, {@code width × height}, both odd); they are
     * scaled to sum to 1.
     *
     * @throws IllegalArgumentException for even sizes, negative or non-finite weights, or all zero
     */
    public static BlurKernel of(int width, int height, double[] weights) {
        Objects.requireNonNull(weights, "weights");
        if (width < 1 || height < 1 || width % 2 == 0 || height % 2 == 0) {
            throw new IllegalArgumentException("kernel sides must be odd and >= 1, got " + width + "x" + height);
        }
        if (weights.length != width * height) {
            throw new IllegalArgumentException("kernel of " + width + "x" + height + " needs " + width * height
                    + " weights, got " + weights.length);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("kernel weights must be finite and >= 0, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("kernel weights are all zero");
        }
        double[] normalised = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            normalised[i] = weights[i] / sum;
        }
        return new BlurKernel(width, height, normalised);
    }

    /** The identity: one weight of 1. */
    public static BlurKernel identity() {
        return new BlurKernel(1, 1, new double[] {1});
    }

    /**
     * Linear motion: a segment of {@code length} pixels through the centre at {@code angleDegrees},
     * drawn anti-aliased by splatting dense samples of the segment bilinearly, so a sub-pixel length
     * or any angle is honoured and the centre of mass stays on the centre.
     *
     * @throws IllegalArgumentException unless {@code length} is a number ≥ 0 (0 is the identity)
     */
    public static BlurKernel motion(double length, double angleDegrees) {
        if (!(length >= 0) || Double.isInfinite(length) || !Double.isFinite(angleDegrees)) {
            throw new IllegalArgumentException("motion length must be >= 0 and the angle finite, got " + length
                    + " at " + angleDegrees + " degrees");
        }
        double radians = Math.toRadians(angleDegrees);
        double dx = snap(Math.cos(radians));
        double dy = -snap(Math.sin(radians)); // image rows grow downwards
        int half = (int) Math.ceil(length / 2) + 1;
        int size = 2 * half + 1;
        double[] w = new double[size * size];
        int samples = Math.max(1, (int) Math.ceil(length * PATH_SAMPLES_PER_PIXEL)) + 1;
        for (int i = 0; i < samples; i++) {
            double t = samples == 1 ? 0 : length * ((double) i / (samples - 1) - 0.5);
            splat(w, size, half + t * dx, half + t * dy, 1);
        }
        return of(size, size, w);
    }

    /**
     * Defocus: a uniform disc (pillbox) of {@code radius} pixels, each pixel weighted by the part of
     * it inside the circle (integrated on a 16 × 16 grid), so the edge is anti-aliased and the
     * weights before normalising add up to the disc's area, π r².
     *
     * @throws IllegalArgumentException unless {@code radius} is a number > 0
     */
    public static BlurKernel defocus(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("defocus radius must be > 0, got " + radius);
        }
        int half = (int) Math.ceil(radius + 0.5);
        int size = 2 * half + 1;
        double r2 = radius * radius;
        double[] w = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                w[y * size + x] = discCoverage(x - half, y - half, r2);
            }
        }
        return of(size, size, w);
    }

    /** The part of the unit pixel centred at (cx, cy) that lies within distance sqrt(r2) of the origin. */
    static double discCoverage(int cx, int cy, double r2) {
        int inside = 0;
        for (int sy = 0; sy < DISC_SUBSAMPLES; sy++) {
            double py = cy - 0.5 + (sy + 0.5) / DISC_SUBSAMPLES;
            for (int sx = 0; sx < DISC_SUBSAMPLES; sx++) {
                double px = cx - 0.5 + (sx + 0.5) / DISC_SUBSAMPLES;
                if (px * px + py * py <= r2) {
                    inside++;
                }
            }
        }
        return inside / (double) (DISC_SUBSAMPLES * DISC_SUBSAMPLES);
    }

    /**
     * Gaussian of standard deviation {@code sigma} pixels, sampled at the pixel centres out to
     * ⌈4σ⌉ (the cut-off tail is under 0.01 % of the mass).
     */
    public static BlurKernel gaussian(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Gaussian sigma must be > 0, got " + sigma);
        }
        return gaussian(sigma, (int) Math.ceil(4 * sigma));
    }

    /** Gaussian of {@code sigma} sampled out to {@code radius} pixels: the outer product of 1-D taps. */
    public static BlurKernel gaussian(double sigma, int radius) {
        if (!(sigma > 0) || Double.isInfinite(sigma) || radius < 0) {
            throw new IllegalArgumentException("Gaussian sigma must be > 0 and radius >= 0, got " + sigma + ", "
                    + radius);
        }
        int size = 2 * radius + 1;
        double[] taps = new double[size];
        for (int k = -radius; k <= radius; k++) {
            taps[k + radius] = Math.exp(-(k * (double) k) / (2 * sigma * sigma));
        }
        double[] w = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                w[y * size + x] = taps[y] * taps[x];
            }
        }
        return of(size, size, w);
    }

    /**
     * Adds {@code mass} at the sub-pixel point (px, py) of a {@code size × size} grid, shared
     * bilinearly among the four nearest samples; mass falling outside is dropped.
     */
    static void splat(double[] w, int size, double px, double py, double mass) {
        int x0 = (int) Math.floor(px);
        int y0 = (int) Math.floor(py);
        double fx = px - x0;
        double fy = py - y0;
        add(w, size, x0, y0, mass * (1 - fx) * (1 - fy));
        add(w, size, x0 + 1, y0, mass * fx * (1 - fy));
        add(w, size, x0, y0 + 1, mass * (1 - fx) * fy);
        add(w, size, x0 + 1, y0 + 1, mass * fx * fy);
    }

    private static void add(double[] w, int size, int x, int y, double mass) {
        if (mass != 0 && x >= 0 && y >= 0 && x < size && y < size) {
            w[y * size + x] += mass;
        }
    }

    /** cos/sin of multiples of 90° land exactly on 0, so axis-aligned streaks stay in one row or column. */
    private static double snap(double v) {
        return Math.abs(v) < 1e-12 ? 0 : v;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Horizontal offset of the centre sample. */
    public int centreX() {
        return width / 2;
    }

    /** Vertical offset of the centre sample. */
    public int centreY() {
        return height / 2;
    }

    /** The weight at column {@code x}, row {@code y} (0-based from the top left). */
    public double weight(int x, int y) {
        return weights[y * width + x];
    }

    /** A copy of the weights, row-major. */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlurKernel k && k.width == width && k.height == height
                && Arrays.equals(k.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "BlurKernel[" + width + "x" + height + "]";
    }
}
