package io.sr4j.metrics;

import java.util.Objects;

/**
 * What {@link QualityMetrics} measures: which samples, how much border is ignored, and whether
 * luma is rounded to 8-bit codes first. Immutable; the {@code with…} methods return copies.
 *
 * <p>The default ({@link #defaults()}) is luma, no shave, no rounding. For a ×s super-resolution
 * result, {@link #forScale(int) forScale(s)} gives the convention of SR papers: luma with s
 * pixels shaved from every side.
 *
 * <h2>Rounding Y</h2>
 * SR evaluation scripts disagree on one detail. Those that call MATLAB's {@code rgb2ycbcr} on
 * {@code uint8} images (SRCNN's demo and the VDSR/FSRCNN/ESPCN scripts derived from it) get Y
 * rounded to integers; those that convert with {@code im2double} first (the
 * {@code Evaluate_PSNR_SSIM.m} of RCAN and its successors) and the BasicSR-derived Python code
 * (used by SwinIR and most recent work) keep Y unrounded. The default here is <b>unrounded</b>,
 * because that is what the current tables are measured with and because rounding discards
 * information that the measurement is meant to see. Set {@code roundY} to reproduce the older
 * scripts: the two usually differ by a few hundredths of a dB, and by far more (0.8 dB measured
 * on a 49 dB pair) when the differences are themselves below one code value.
 *
 * @param channel which samples are compared
 * @param shave pixels cut from every side of both images before measuring, ≥ 0 (by convention,
 *     the scale factor)
 * @param roundY round Y to integers (half away from zero, like MATLAB's uint8 conversion) before
 *     measuring; only meaningful, and only allowed, with {@link Channel#Y}
 */
public record MetricOptions(Channel channel, int shave, boolean roundY) {

    /** Which samples the metrics compare. */
    public enum Channel {
        /**
         * BT.601 luma on the 8-bit scale (16 … 235), computed from RGB as MATLAB's
         * {@code rgb2ycbcr} does; a one-plane image is taken as luma already, as the MATLAB
         * evaluation scripts do with grey images.
         */
        Y,
        /**
         * Every plane on the 0 … 255 scale: PSNR from the mean squared error over all planes,
         * SSIM as the mean of the per-plane SSIMs.
         */
        RGB
    }

    /**
     * Validates the combination.
     *
     * @throws IllegalArgumentException if shave is negative or roundY is asked for with RGB
     * @throws NullPointerException if channel is null
     */
    public MetricOptions {
        Objects.requireNonNull(channel, "channel");
        if (shave < 0) {
            throw new IllegalArgumentException("shave must be >= 0, got " + shave);
        }
        if (roundY && channel != Channel.Y) {
            throw new IllegalArgumentException(
                    "roundY rounds luma and applies to channel Y only, not " + channel
                            + "; turn roundY off before choosing " + channel);
        }
    }

    /** Luma, no shave, no rounding. */
    public static MetricOptions defaults() {
        return new MetricOptions(Channel.Y, 0, false);
    }

    /**
     * The SR paper convention for a ×{@code scale} result: luma, unrounded, {@code scale} pixels
     * shaved from every side.
     *
     * @throws IllegalArgumentException if scale is not positive
     */
    public static MetricOptions forScale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        return new MetricOptions(Channel.Y, scale, false);
    }

    /** A copy measuring {@code newChannel}. */
    public MetricOptions withChannel(Channel newChannel) {
        return new MetricOptions(newChannel, shave, roundY);
    }

    /** A copy shaving {@code newShave} pixels from every side. */
    public MetricOptions withShave(int newShave) {
        return new MetricOptions(channel, newShave, roundY);
    }

    /** A copy that does (or does not) round Y to integers. */
    public MetricOptions withRoundY(boolean newRoundY) {
        return new MetricOptions(channel, shave, newRoundY);
    }
}
