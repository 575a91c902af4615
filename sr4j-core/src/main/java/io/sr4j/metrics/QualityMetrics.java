package io.sr4j.metrics;

import io.sr4j.color.YCbCr;
import io.sr4j.image.PlanarImage;
import java.util.Objects;

/**
 * Full-reference quality of an image against its reference: PSNR and SSIM as super-resolution
 * papers compute them (see {@link MetricOptions} for the choices and {@code Ssim} for the SSIM
 * definition).
 *
 * <p>Both images are {@link PlanarImage}s of the same shape with samples in [0, 1] (3 planes RGB,
 * or 1 plane grey); they are only read. Samples are measured on the 0 … 255 scale with peak 255,
 * as given: out-of-range values are not clamped, so clamp and quantise a network's output first
 * if the number should describe the 8-bit image a user would get.
 *
 * <p>With {@link MetricOptions.Channel#Y}, a 3-plane image is converted to BT.601 luma exactly as
 * MATLAB's {@code rgb2ycbcr} ({@link YCbCr#luma255}); a 1-plane image is used as it is.
 * PSNR is {@code 10·log10(255² / MSE)} over every measured sample, {@code +Infinity} when the
 * samples are identical (MSE = 0).
 */
public final class QualityMetrics {
    private QualityMetrics() {
    }

    /**
     * PSNR and SSIM of {@code test} against {@code reference}.
     *
     * @throws IllegalArgumentException if the shapes differ, the channel does not fit the planes,
     *     the shave leaves nothing, or (for SSIM) less than 11×11 pixels remain
     */
    public static Metrics measure(PlanarImage reference, PlanarImage test, MetricOptions options) {
        return compute(reference, test, options, true, true);
    }

    /**
     * PSNR in dB of {@code test} against {@code reference}; {@code +Infinity} when the measured
     * samples are identical.
     *
     * @throws IllegalArgumentException if the shapes differ, the channel does not fit the planes,
     *     or the shave leaves nothing
     */
    public static double psnr(PlanarImage reference, PlanarImage test, MetricOptions options) {
        return compute(reference, test, options, true, false).psnr();
    }

    /**
     * Mean SSIM of {@code test} against {@code reference} (for RGB, the mean over planes).
     *
     * @throws IllegalArgumentException if the shapes differ, the channel does not fit the planes,
     *     or less than 11×11 pixels remain after the shave
     */
    public static double ssim(PlanarImage reference, PlanarImage test, MetricOptions options) {
        return compute(reference, test, options, false, true).ssim();
    }

    private static Metrics compute(PlanarImage reference, PlanarImage test, MetricOptions options,
            boolean wantPsnr, boolean wantSsim) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(options, "options");
        if (!reference.sameShape(test)) {
            throw new IllegalArgumentException("reference is " + describe(reference) + " but test is "
                    + describe(test) + "; both images must have the same size and planes");
        }
        int planes = reference.channels();
        boolean luma = options.channel() == MetricOptions.Channel.Y;
        if (luma && planes != 3 && planes != 1) {
            throw new IllegalArgumentException("channel Y needs a 3-plane RGB or a 1-plane grey image, got "
                    + describe(reference));
        }
        int s = options.shave();
        int w = reference.width() - 2 * s;
        int h = reference.height() - 2 * s;
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("shave " + s + " on every side leaves nothing of "
                    + describe(reference));
        }

        int measured = luma ? 1 : planes;
        double[] a = new double[w * h];
        double[] b = new double[w * h];
        double squaredError = 0;
        double ssimSum = 0;
        for (int c = 0; c < measured; c++) {
            if (luma && planes == 3) {
                extractLuma(reference, s, w, h, options.roundY(), a);
                extractLuma(test, s, w, h, options.roundY(), b);
            } else {
                extractPlane(reference, c, s, w, h, luma && options.roundY(), a);
                extractPlane(test, c, s, w, h, luma && options.roundY(), b);
            }
            if (wantPsnr) {
                for (int i = 0; i < a.length; i++) {
                    double d = a[i] - b[i];
                    squaredError += d * d;
                }
            }
            if (wantSsim) {
                ssimSum += Ssim.mean(a, b, w, h);
            }
        }
        double psnr = Double.NaN;
        if (wantPsnr) {
            double mse = squaredError / ((double) a.length * measured);
            // mse == 0 gives +Infinity, the documented value for identical samples.
            psnr = 10.0 * Math.log10(255.0 * 255.0 / mse);
        }
        return new Metrics(psnr, wantSsim ? ssimSum / measured : Double.NaN);
    }

    /** Luma on the 8-bit scale of the shaved region, into {@code out} (w × h, row-major). */
    private static void extractLuma(PlanarImage rgb, int s, int w, int h, boolean round, double[] out) {
        float[] data = rgb.data();
        int width = rgb.width();
        int n = rgb.planeSize();
        for (int y = 0; y < h; y++) {
            int src = (y + s) * width + s;
            int dst = y * w;
            for (int x = 0; x < w; x++) {
                int i = src + x;
                double v = YCbCr.luma255(data[i], data[n + i], data[2 * n + i]);
                out[dst + x] = round ? roundHalfAway(v) : v;
            }
        }
    }

    /** Plane {@code c} × 255 of the shaved region, into {@code out} (w × h, row-major). */
    private static void extractPlane(PlanarImage image, int c, int s, int w, int h, boolean round,
            double[] out) {
        float[] data = image.data();
        int width = image.width();
        int offset = image.planeOffset(c);
        for (int y = 0; y < h; y++) {
            int src = offset + (y + s) * width + s;
            int dst = y * w;
            for (int x = 0; x < w; x++) {
                double v = 255.0 * data[src + x];
                out[dst + x] = round ? roundHalfAway(v) : v;
            }
        }
    }

    /** MATLAB's rounding to integers: halves go away from zero (Math.rint would go to even). */
    private static double roundHalfAway(double v) {
        return Math.copySign(Math.floor(Math.abs(v) + 0.5), v);
    }

    private static String describe(PlanarImage image) {
        return image.width() + "x" + image.height() + " with " + image.channels()
                + (image.channels() == 1 ? " plane" : " planes");
    }
}
