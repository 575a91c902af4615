package io.sr4j.enhance;

import io.sr4j.color.SdrTransfer;
import io.sr4j.image.PlanarImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * The classical corrector: estimates one global {@link EnhanceParameters} from a picture's
 * statistics, on a grid of at most {@link #SAMPLE_PIXELS} samples (so the cost of the estimate
 * does not grow with the picture), in the order the grade applies them:
 *
 * <ol>
 *   <li><b>black level</b> — a lifted darkest percentile (haze, flat contrast) is pulled down;</li>
 *   <li><b>white balance</b> — the illuminant by {@link WhiteBalance}, divided out in linear light;</li>
 *   <li><b>exposure</b> — the brightest percentile of max(R, G, B) in linear light brought up to
 *       white (an underexposed picture has no white left);</li>
 *   <li><b>gamma</b> — the median signal luma brought towards mid-grey.</li>
 * </ol>
 *
 * Each estimate is then shrunk towards "no change" by a dead band (soft threshold) as wide as
 * the spread of well-exposed photos, so a good photo is left (nearly) unchanged and only a clear
 * fault is corrected; see docs/QUALITY.md for how the bands were measured. Immutable and safe
 * for concurrent use.
 */
public final class Enhancer {
    /** The most samples an estimate reads. */
    public static final int SAMPLE_PIXELS = 1 << 18;
    /** Lifted blacks below this signal level are normal (shadows of a bright scene). */
    static final double BLACK_BAND = 0.15;
    /** Log colour casts (per channel) up to this are left (scenes are not grey on average); at most MAX_CAST more is corrected. */
    static final double CAST_BAND = 0.25;
    /** The brightest percentile and where it should land (linear light). */
    static final double HIGHLIGHT_PERCENTILE = 0.995;
    static final double HIGHLIGHT_TARGET = 0.95;
    /** Log exposure gains up to this are left (dark scenes are not all underexposed). */
    static final double EXPOSURE_BAND = 0.3;
    /** The median signal luma a gamma aims for, and the log gamma left alone. */
    static final double MEDIAN_TARGET = 0.45;
    static final double GAMMA_BAND = 0.4;
    static final double MIN_GAMMA = 0.4;
    static final double MAX_GAMMA = 2.5;
    static final double MAX_EXPOSURE = 16;
    static final double MAX_CAST = 0.3;
    static final double KEY_TARGET = 0.12;

    private final WhiteBalance whiteBalance;

    private Enhancer(WhiteBalance whiteBalance) {
        this.whiteBalance = Objects.requireNonNull(whiteBalance, "whiteBalance");
    }

    /** The corrector with the white balance chosen by measurement (docs/QUALITY.md). */
    public static Enhancer classical() {
        return new Enhancer(WhiteBalance.GRAY_EDGE);
    }

    /** The corrector with another white-balance estimate. */
    public static Enhancer withWhiteBalance(WhiteBalance whiteBalance) {
        return new Enhancer(whiteBalance);
    }

    public WhiteBalance whiteBalance() {
        return whiteBalance;
    }

    /** {@code rgb} graded by its own estimate: a new picture. */
    public PlanarImage enhance(PlanarImage rgb) {
        return ToneCurves.of(estimate(rgb)).apply(rgb);
    }

    /**
     * The grade that corrects {@code rgb} (3 planes, sRGB signal in [0, 1]); {@code rgb} is only read.
     *
     * @throws IllegalArgumentException if {@code rgb} does not have 3 planes
     */
    public EnhanceParameters estimate(PlanarImage rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("enhance needs 3 colour planes, got " + rgb.channels());
        }
        int step = (int) Math.ceil(Math.sqrt((double) rgb.planeSize() / SAMPLE_PIXELS));
        int sw = (rgb.width() + step - 1) / step;
        int sh = (rgb.height() + step - 1) / step;
        int n = sw * sh;
        float[][] signal = new float[3][n];
        float[] d = rgb.data();
        int plane = rgb.planeSize();
        for (int y = 0, k = 0; y < sh; y++) {
            int row = Math.min(rgb.height() - 1, y * step) * rgb.width();
            for (int x = 0; x < sw; x++, k++) {
                int i = row + Math.min(rgb.width() - 1, x * step);
                for (int c = 0; c < 3; c++) {
                    signal[c][k] = Math.min(1f, Math.max(0f, d[c * plane + i]));
                }
            }
        }
        // 1. Black level, on signal luma.
        float[] luma = new float[n];
        for (int i = 0; i < n; i++) {
            luma[i] = luma(signal[0][i], signal[1][i], signal[2][i]);
        }
        double black = Math.max(0, percentile(luma, 0.005) - BLACK_BAND);
        EnhanceParameters levels = new EnhanceParameters(black, 1, 1, 1, 1, 1, 1);
        // 2. White balance in linear light, from samples that are neither clipped nor black.
        float[][] linear = new float[3][n];
        boolean[] usable = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean clipped = false;
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                double u = ToneCurves.exact(levels, 1, signal[c][i]);
                clipped |= signal[c][i] >= 0.98f;
                linear[c][i] = (float) SdrTransfer.SRGB.toLinear(u);
                sum += linear[c][i];
            }
            usable[i] = !clipped && sum > 0.01;
        }
        WhiteBalance.Sample sample = new WhiteBalance.Sample(sw, sh, linear, usable);
        double[] logGain = castCorrection(whiteBalance.illuminant(sample));
        if (whiteBalance != WhiteBalance.GRAY_WORLD) {
            // Two estimates must agree on a cast: one alone is fooled by a colourful scene.
            logGain = agreed(logGain, castCorrection(WhiteBalance.GRAY_WORLD.illuminant(sample)));
        }
        double cast = 0;
        for (int c = 0; c < 3; c++) {
            cast = Math.max(cast, Math.abs(logGain[c]));
        }
        double keep = cast > CAST_BAND ? Math.min(cast - CAST_BAND, MAX_CAST) / cast : 0;
        for (int c = 0; c < 3; c++) {
            logGain[c] *= keep;
        }
        double[] gain = {Math.exp(logGain[0]), Math.exp(logGain[1]), Math.exp(logGain[2])};
        // 3. Exposure: the highlights of the balanced picture brought up to white.
        float[] brightest = new float[n];
        for (int i = 0; i < n; i++) {
            brightest[i] = (float) Math.max(linear[0][i] * gain[0], Math.max(linear[1][i] * gain[1],
                    linear[2][i] * gain[2]));
        }
        double hi = percentile(brightest, HIGHLIGHT_PERCENTILE);
        // Two cues must agree: no white left, and a dark middle (a white-less flower is not underexposed).
        double logSum = 0;
        for (int i = 0; i < n; i++) {
            double lum = 0.2126 * linear[0][i] * gain[0] + 0.7152 * linear[1][i] * gain[1]
                    + 0.0722 * linear[2][i] * gain[2];
            logSum += Math.log(Math.max(1e-4, lum));
        }
        double key = Math.exp(logSum / n);
        double byHighlights = hi > 0 ? Math.log(HIGHLIGHT_TARGET / hi) : 0;
        double byKey = Math.log(KEY_TARGET / key);
        double logExposure = shrink(Math.min(byHighlights, byKey), EXPOSURE_BAND);
        logExposure = Math.max(0, Math.min(Math.log(MAX_EXPOSURE), logExposure));
        EnhanceParameters balanced = new EnhanceParameters(black, 1, gain[0], gain[1], gain[2],
                Math.exp(logExposure), 1);
        // 4. Gamma: the median luma of the result so far towards mid-grey.
        ToneCurves curves = ToneCurves.of(balanced);
        PlanarImage graded = curves.applyInPlace(new PlanarImage(sw, sh, 3, concat(signal)));
        float[] g = graded.data();
        for (int i = 0; i < n; i++) {
            luma[i] = luma(g[i], g[n + i], g[2 * n + i]);
        }
        double median = percentile(luma, 0.5);
        double logGamma = median > 0.001 && median < 0.999
                ? shrink(Math.log(Math.log(MEDIAN_TARGET) / Math.log(median)), GAMMA_BAND) : 0;
        double gamma = Math.max(MIN_GAMMA, Math.min(MAX_GAMMA, Math.exp(logGamma)));
        return new EnhanceParameters(black, 1, gain[0], gain[1], gain[2], Math.exp(logExposure), gamma);
    }

    /** Log gains that divide out illuminant {@code e}, their mean 0 (exposure sets the level). */
    private static double[] castCorrection(double[] e) {
        double[] logGain = new double[3];
        if (e[0] > 0 && e[1] > 0 && e[2] > 0) {
            double meanLog = (Math.log(e[0]) + Math.log(e[1]) + Math.log(e[2])) / 3;
            for (int c = 0; c < 3; c++) {
                logGain[c] = meanLog - Math.log(e[c]);
            }
        }
        return logGain;
    }

    /** Per channel, what two estimates agree on: the smaller correction where their signs agree, else none. */
    private static double[] agreed(double[] a, double[] b) {
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            out[c] = a[c] * b[c] <= 0 ? 0 : Math.abs(a[c]) < Math.abs(b[c]) ? a[c] : b[c];
        }
        return out;
    }

    /** BT.601 luma of signal values. */
    private static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    /** {@code x} moved towards 0 by {@code band} (0 inside the band): the soft threshold. */
    static double shrink(double x, double band) {
        return Math.signum(x) * Math.max(0, Math.abs(x) - band);
    }

    /** The {@code q} quantile of {@code values} (a sorted copy). */
    static double percentile(float[] values, double q) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static float[] concat(float[][] planes) {
        int n = planes[0].length;
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(planes[c], 0, out, c * n, n);
        }
        return out;
    }
}
