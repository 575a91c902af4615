package io.sr4j.engine.ncnn;

import io.sr4j.image.PlanarImage;
import java.io.IOException;

/** Real photo crops and simple measures for the model tests. */
final class TestImages {
    private TestImages() {
    }

    /** Mean of each n×n block (box downscaling by n). */
    static PlanarImage boxDown(PlanarImage in, int n) {
        int w = in.width() / n;
        int h = in.height() / n;
        PlanarImage out = new PlanarImage(w, h, in.channels());
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = 0; dy < n; dy++) {
                        for (int dx = 0; dx < n; dx++) {
                            sum += in.get(c, x * n + dx, y * n + dy);
                        }
                    }
                    out.set(c, x, y, (float) (sum / (n * n)));
                }
            }
        }
        return out;
    }

    /** PSNR in dB of two same-shaped images with peak 1, values clamped to [0, 1] first. */
    static double psnr(PlanarImage a, PlanarImage b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(a + " vs " + b);
        }
        double se = 0;
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            double d = clamp(x[i]) - clamp(y[i]);
            se += d * d;
        }
        double mse = se / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    private static double clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
