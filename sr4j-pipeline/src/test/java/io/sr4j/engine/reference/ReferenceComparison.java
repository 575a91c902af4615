package io.sr4j.engine.reference;

import io.sr4j.image.PlanarImage;

/**
 * Compares sr4j's output with a reference program's 8-bit output, allowing for the one known defect
 * of the references made on llvmpipe: <b>negative network outputs come out as 255</b>.
 *
 * <p>Why: the programs' output shader converts the float result to an unsigned integer before
 * clamping; for a negative value that is undefined, a GPU gives 0 and llvmpipe wraps around, so the
 * clamp writes 255. Measured here with {@link ReferenceCommand#runRepairingWrappedNegatives}'s probe
 * on eight 64–96 px crops of astronaut, coffee and chelsea: <em>every</em> sample whose value
 * rounds below 0 (down to −26 levels) is written as 255, none as 0 — of all samples 0.91 % for
 * realesrgan-x4fast, 0.21 % x4plus (three 64 px crops), 0.71 % animevideov3-x2, 0.13 % / 0.27 %
 * Real-CUGAN up2x no-denoise / denoise3x, 0.33 % / 0.43 % waifu2x cunet noise1 1× / 2×; up to
 * 3.9 % on a crop with dark background. PSNR of the plain output against the repaired one is then
 * 14–47 dB on the crops that have any.
 *
 * <p>The rule used here: a sample is <em>masked</em> (left out) when the reference is 255 and our
 * own value is below {@code margin} levels (default {@value #DEFAULT_WRAP_MARGIN_LEVELS}), i.e. we
 * say "about zero or negative" where the reference says "white". A correct port can differ from the
 * fp16 reference by 2–3 levels, so a wrapped sample's true value (≤ −0.5 levels) shows up in ours
 * below the margin; a genuine white sample can only be masked if ours is off by more than 250
 * levels there. Report {@link Result#maskedFraction()} and bound it in the test, so that the mask
 * cannot hide a broken model. Prefer references without the defect where they exist:
 * {@code realcugan-ncnn-vulkan -g -1} ({@link ReferenceProgram.Device#CPU}), or
 * {@link ReferenceCommand#runRepairingWrappedNegatives}; the mask then finds nothing to hide.
 */
public final class ReferenceComparison {
    /** Default margin, in 8-bit levels, below which our value counts as "negative" (see class doc). */
    public static final double DEFAULT_WRAP_MARGIN_LEVELS = 4.0;

    private ReferenceComparison() {
    }

    /**
     * The outcome of a comparison, on the 8-bit scale (peak 255).
     *
     * @param psnr PSNR over the samples not masked; +∞ if they are identical, NaN if all are masked
     * @param psnrAllSamples PSNR over every sample, wrapped ones included (what a naive test sees)
     * @param maxAbsDiff largest absolute difference in levels over the samples not masked
     * @param samples samples compared (width × height × channels)
     * @param masked samples left out as wrapped negatives
     */
    public record Result(double psnr, double psnrAllSamples, int maxAbsDiff, long samples, long masked) {
        /** {@code masked / samples}. */
        public double maskedFraction() {
            return samples == 0 ? 0 : (double) masked / samples;
        }
    }

    /** {@link #compare(PlanarImage, PlanarImage, double)} with the default margin. */
    public static Result compare(PlanarImage reference, PlanarImage ours) {
        return compare(reference, ours, DEFAULT_WRAP_MARGIN_LEVELS);
    }

    /**
     * Compares {@code ours} against {@code reference}, leaving out the samples llvmpipe wrapped.
     *
     * @param reference the reference program's output as read from its PNG (level/255)
     * @param ours sr4j's output on the same scale (nominally 0..1), preferably before clamping; it is
     *     quantised as the programs do ({@link ReferenceImages#level(float)}) before differencing.
     *     An already clamped or 8-bit output works too (a wrapped sample is then 0 in ours).
     * @param marginLevels our value, in levels (×255), below which a 255 in the reference counts as
     *     a wrapped negative
     * @throws IllegalArgumentException if the shapes differ or the margin is negative or NaN
     */
    public static Result compare(PlanarImage reference, PlanarImage ours, double marginLevels) {
        if (!reference.sameShape(ours)) {
            throw new IllegalArgumentException("reference " + reference + " and ours " + ours + " differ in shape");
        }
        if (!(marginLevels >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0 levels, got " + marginLevels);
        }
        float[] ref = reference.data();
        float[] our = ours.data();
        float margin = (float) (marginLevels / 255.0);
        long sumSq = 0;
        long sumSqAll = 0;
        long masked = 0;
        int maxAbs = 0;
        for (int i = 0; i < ref.length; i++) {
            int r = ReferenceImages.level(ref[i]);
            int o = ReferenceImages.level(our[i]);
            long d = r - o;
            sumSqAll += d * d;
            if (r == 255 && our[i] < margin) {
                masked++;
                continue;
            }
            sumSq += d * d;
            int abs = (int) Math.abs(d);
            if (abs > maxAbs) {
                maxAbs = abs;
            }
        }
        long kept = ref.length - masked;
        double psnr = kept == 0 ? Double.NaN : psnr(sumSq, kept);
        return new Result(psnr, psnr(sumSqAll, ref.length), maxAbs, ref.length, masked);
    }

    /**
     * PSNR in dB of {@code ours} against {@code reference} over the samples that are not wrapped
     * negatives, default margin; see {@link #compare(PlanarImage, PlanarImage, double)}.
     */
    public static double psnrIgnoringWrappedNegatives(PlanarImage reference, PlanarImage ours) {
        return compare(reference, ours).psnr();
    }

    private static double psnr(long sumSquares, long count) {
        if (sumSquares == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = (double) sumSquares / count;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
