package io.sr4j.enhance;

import io.sr4j.color.SdrTransfer;
import io.sr4j.image.PlanarImage;

/**
 * {@link EnhanceParameters} as three per-channel curves on the sRGB signal (every step of a grade
 * acts on one channel at a time), each tabulated once and read with linear interpolation: a
 * frame or an output band costs one table lookup per sample, in float, with no 8-bit step.
 * Immutable and safe for concurrent use.
 */
public final class ToneCurves {
    /** Intervals per table: the interpolated curve stays within about 1e-5 of the exact one. */
    private static final int STEPS = 4096;

    private final EnhanceParameters parameters;
    private final float[][] tables = new float[3][];

    private ToneCurves(EnhanceParameters parameters) {
        this.parameters = parameters;
        double[] gains = {parameters.red(), parameters.green(), parameters.blue()};
        for (int c = 0; c < 3; c++) {
            float[] t = new float[STEPS + 1];
            for (int i = 0; i <= STEPS; i++) {
                t[i] = (float) exact(parameters, gains[c], (double) i / STEPS);
            }
            tables[c] = t;
        }
    }

    /** The curves of {@code parameters}. */
    public static ToneCurves of(EnhanceParameters parameters) {
        return new ToneCurves(parameters);
    }

    public EnhanceParameters parameters() {
        return parameters;
    }

    /** One channel's curve, computed exactly (the tables sample it). */
    static double exact(EnhanceParameters p, double gain, double v) {
        double u = (v - p.black()) / (p.white() - p.black());
        u = Math.min(1, Math.max(0, u));
        double linear = SdrTransfer.SRGB.toLinear(u) * gain * p.exposure();
        double signal = SdrTransfer.SRGB.fromLinear(Math.min(1, linear));
        return p.gamma() == 1 ? signal : Math.pow(signal, p.gamma());
    }

    /**
     * Grades the three colour planes of {@code rgb} in place (values outside [0, 1] are first
     * clipped to it); returns {@code rgb}.
     *
     * @throws IllegalArgumentException if {@code rgb} does not have 3 planes
     */
    public PlanarImage applyInPlace(PlanarImage rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("a grade needs 3 colour planes, got " + rgb.channels());
        }
        if (parameters.isIdentity()) {
            return rgb;
        }
        float[] d = rgb.data();
        int n = rgb.planeSize();
        for (int c = 0; c < 3; c++) {
            float[] t = tables[c];
            for (int i = c * n, end = i + n; i < end; i++) {
                float v = d[i];
                float p = (v <= 0f ? 0f : v >= 1f ? 1f : v) * STEPS;
                int k = Math.min((int) p, STEPS - 1);
                d[i] = t[k] + (t[k + 1] - t[k]) * (p - k);
            }
        }
        return rgb;
    }

    /** A graded copy of {@code rgb}. */
    public PlanarImage apply(PlanarImage rgb) {
        return applyInPlace(rgb.copy());
    }
}
