package io.sr4j.metrics;

import java.util.Locale;

/**
 * PSNR and SSIM of one image against its reference, as {@link QualityMetrics#measure} computes
 * them.
 *
 * @param psnr peak signal-to-noise ratio in dB (peak 255); {@code +Infinity} when the measured
 *     samples are identical
 * @param ssim mean structural similarity, at most 1 (exactly 1 for identical samples)
 */
public record Metrics(double psnr, double ssim) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PSNR %.4f dB, SSIM %.6f", psnr, ssim);
    }
}
