package io.sr4j.model;

import java.util.Objects;

/**
 * What one tier runs for one kind of picture at one scale, with the figures it was chosen by.
 *
 * @param tier          the tier
 * @param domain        the kind of picture
 * @param scale         the factor measured
 * @param pipeline      the {@code sr} stages it runs (a chain when several)
 * @param psnr          mean PSNR on the set, dB
 * @param ssim          mean SSIM
 * @param gainDb        PSNR over bicubic (else the best classical filter measured; NaN if none was)
 * @param secondsPerMpx wall seconds per million output pixels
 */
public record TierEntry(QualityTier tier, Domain domain, int scale, String pipeline, double psnr, double ssim,
                        double gainDb, double secondsPerMpx) {
    public TierEntry {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(pipeline, "pipeline");
    }
}
