package io.sr4j.quality;

import io.sr4j.color.YCbCr;
import io.sr4j.image.PlanarImage;

/**
 * The no-reference measurements, each on BT.601 luma on the 0–255 scale. Package-private: the
 * public way in is {@link QualityAssessor}.
 */
final class Signals {
    /** Gradient steps above this (0–255) are scene edges, not block seams: clipped in blockiness. */
    private static final double BLOCK_STEP_CLIP = 24;
    /** Crété-Roffet's low-pass: a 9-tap box along one axis. */
    private static final int BLUR_TAPS = 9;
    /** Share of pixels with the strongest gradients left out of the noise estimate (Tai and Yang). */
    private static final double NOISE_EDGE_SHARE = 0.10;
    /** Block edge of the smooth-area measure. */
    private static final int SMOOTH_BLOCK = 4;

    private Signals() {
    }

    /** Luma of a 3-plane RGB image (or the plane of a 1-plane one), row-major, 0–255. */
    static double[] luma(PlanarImage rgb) {
        int n = rgb.planeSize();
        float[] d = rgb.data();
        double[] y = new double[n];
        if (rgb.channels() < 3) {
            for (int i = 0; i < n; i++) {
                y[i] = 255.0 * d[i];
            }
            return y;
        }
        for (int i = 0; i < n; i++) {
            y[i] = YCbCr.luma255(d[i], d[n + i], d[2 * n + i]);
        }
        return y;
    }

    /**
     * JPEG blockiness: how much stronger the luma steps on one of the 8 column (row) phases are
     * than on the others, 0 for none. For each axis, the mean clipped step between neighbours is
     * taken per phase (position mod 8); the axis's value is the largest phase mean over the mean of
     * the other seven, minus 1. Taking the largest phase finds the 8×8 grid wherever a crop put
     * it. The result is the mean of both axes.
     */
    static double blockiness(double[] y, int w, int h) {
        return (axisBlockiness(y, w, h, true) + axisBlockiness(y, w, h, false)) / 2;
    }

    private static double axisBlockiness(double[] y, int w, int h, boolean alongX) {
        double[] sum = new double[8];
        long[] count = new long[8];
        int len = alongX ? w : h;
        if (len < 17) {
            return 0;
        }
        for (int r = 0; r < h - (alongX ? 0 : 1); r++) {
            for (int c = 0; c < w - (alongX ? 1 : 0); c++) {
                int i = r * w + c;
                double step = Math.abs(y[alongX ? i + 1 : i + w] - y[i]);
                int phase = (alongX ? c : r) & 7;
                sum[phase] += Math.min(step, BLOCK_STEP_CLIP);
                count[phase]++;
            }
        }
        double total = 0;
        double max = -1;
        for (int p = 0; p < 8; p++) {
            double mean = sum[p] / count[p];
            total += mean;
            max = Math.max(max, mean);
        }
        double others = (total - max) / 7;
        return others > 0 ? max / others - 1 : 0;
    }

    /**
     * Blur in [0, 1] by Crété-Roffet, Dolmiere, Ladret and Nicolas, "The blur effect: perception
     * and estimation with a new no-reference perceptual blur metric", SPIE 6492, 2007: the image is
     * blurred again with a 9-tap box along each axis, and the share of the neighbour variation
     * that the re-blur removes is measured; a sharp image loses much (low value), a blurred one
     * little (high value). The larger of the two axes.
     */
    static double blur(double[] y, int w, int h) {
        return Math.max(axisBlur(y, w, h, true), axisBlur(y, w, h, false));
    }

    private static double axisBlur(double[] y, int w, int h, boolean alongX) {
        double[] blurred = boxAlong(y, w, h, alongX);
        double variation = 0;
        double kept = 0;
        int step = alongX ? 1 : w;
        for (int r = alongX ? 0 : 1; r < h; r++) {
            for (int c = alongX ? 1 : 0; c < w; c++) {
                int i = r * w + c;
                double dF = Math.abs(y[i] - y[i - step]);
                double dB = Math.abs(blurred[i] - blurred[i - step]);
                variation += dF;
                kept += Math.max(0, dF - dB);
            }
        }
        return variation > 0 ? (variation - kept) / variation : 1;
    }

    private static double[] boxAlong(double[] y, int w, int h, boolean alongX) {
        double[] out = new double[y.length];
        int radius = BLUR_TAPS / 2;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += alongX ? y[r * w + Filters.mirror(c + k, w)] : y[Filters.mirror(r + k, h) * w + c];
                }
                out[r * w + c] = acc / BLUR_TAPS;
            }
        }
        return out;
    }

    /**
     * Standard deviation of additive noise on the 0–255 scale by Immerkær, "Fast noise variance
     * estimation", CVIU 64(2), 1996: σ = √(π/2) · mean |I ∗ M| / 6 with the Laplacian-difference
     * mask M = [1 −2 1; −2 4 −2; 1 −2 1], which cancels image structure up to second order. The
     * 10 % of pixels with the strongest Sobel gradient are left out (Tai and Yang, 2008), so edges
     * and texture are not counted as noise.
     */
    static double noiseSigma(double[] y, int w, int h) {
        if (w < 3 || h < 3) {
            return 0;
        }
        int n = (w - 2) * (h - 2);
        double[] gradient = new double[n];
        double[] response = new double[n];
        int k = 0;
        for (int r = 1; r < h - 1; r++) {
            for (int c = 1; c < w - 1; c++, k++) {
                int i = r * w + c;
                double a = y[i - w - 1];
                double b = y[i - w];
                double cc = y[i - w + 1];
                double d = y[i - 1];
                double e = y[i];
                double f = y[i + 1];
                double g = y[i + w - 1];
                double hh = y[i + w];
                double ii = y[i + w + 1];
                double gx = (cc + 2 * f + ii) - (a + 2 * d + g);
                double gy = (g + 2 * hh + ii) - (a + 2 * b + cc);
                gradient[k] = Math.abs(gx) + Math.abs(gy);
                response[k] = Math.abs(a - 2 * b + cc - 2 * d + 4 * e - 2 * f + g - 2 * hh + ii);
            }
        }
        double threshold = quantile(gradient, 1 - NOISE_EDGE_SHARE);
        double sum = 0;
        long count = 0;
        for (int j = 0; j < n; j++) {
            if (gradient[j] <= threshold) {
                sum += response[j];
                count++;
            }
        }
        return count == 0 ? 0 : Math.sqrt(Math.PI / 2) * sum / (6.0 * count);
    }

    /**
     * Share of 4×4 blocks whose luma is smooth: standard deviation no more than 1.5 times the
     * estimated noise (plus one level). Drawn and painted pictures are mostly flat or gently
     * shaded areas between strokes; photos carry texture almost everywhere. Comparing with the
     * noise estimate keeps flat areas flat when the picture is noisy.
     */
    static double smoothShare(double[] y, int w, int h, double noiseSigma) {
        double limit = 1.5 * noiseSigma + 1;
        int blocks = 0;
        int smooth = 0;
        for (int r = 0; r + SMOOTH_BLOCK <= h; r += SMOOTH_BLOCK) {
            for (int c = 0; c + SMOOTH_BLOCK <= w; c += SMOOTH_BLOCK) {
                double s = 0;
                double ss = 0;
                for (int dy = 0; dy < SMOOTH_BLOCK; dy++) {
                    for (int dx = 0; dx < SMOOTH_BLOCK; dx++) {
                        double v = y[(r + dy) * w + c + dx];
                        s += v;
                        ss += v * v;
                    }
                }
                int m = SMOOTH_BLOCK * SMOOTH_BLOCK;
                double var = Math.max(0, ss / m - (s / m) * (s / m));
                blocks++;
                if (Math.sqrt(var) <= limit) {
                    smooth++;
                }
            }
        }
        return blocks == 0 ? 0 : (double) smooth / blocks;
    }

    /**
     * Share of the pixels that have the picture's most frequent colour, with RGB quantised to 4
     * bits per channel (Athitsos, Swain and Frankel's "prevalent colour", 1997): a drawing's paper
     * or a cartoon's fill takes a large share, a photo's colours spread.
     */
    static double prevalentColourShare(io.sr4j.image.PlanarImage rgb) {
        int n = rgb.planeSize();
        float[] d = rgb.data();
        int[] bins = new int[4096];
        int planes = rgb.channels();
        for (int i = 0; i < n; i++) {
            int r = bin(d[i]);
            int g = planes >= 3 ? bin(d[n + i]) : r;
            int b = planes >= 3 ? bin(d[2 * n + i]) : r;
            bins[(r << 8) | (g << 4) | b]++;
        }
        int max = 0;
        for (int count : bins) {
            max = Math.max(max, count);
        }
        return (double) max / n;
    }

    private static int bin(float v) {
        return Math.min(15, Math.max(0, (int) (v * 16f)));
    }

    /** The q-quantile of {@code values} (copied and sorted; nearest rank). */
    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
        return sorted[index];
    }
}
