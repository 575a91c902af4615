package io.sr4j.model;

import java.util.Objects;

/**
 * One way to enlarge, as measured for the tier table: a pipeline of {@code sr} stages run on a
 * photo or illustration set by {@code sr4j eval}, with its mean scores and its cost.
 *
 * @param domain        the set's kind of picture ({@link Domain#PHOTO} or {@link Domain#ANIME})
 * @param scale         the factor it was measured at
 * @param pipeline      the stages, e.g. {@code sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2}
 * @param psnr          mean PSNR (dB, Y, scale shaved) over the set
 * @param ssim          mean SSIM on the same samples
 * @param secondsPerMpx wall seconds per million output pixels, over the whole set
 * @param classical     whether it is a classical filter (the baseline, never a tier)
 */
public record TierCandidate(Domain domain, int scale, String pipeline, double psnr, double ssim,
                            double secondsPerMpx, boolean classical) {
    public TierCandidate {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(pipeline, "pipeline");
        if (scale < 2) {
            throw new IllegalArgumentException("tiers enlarge: scale must be 2 or more, got " + scale);
        }
        if (!(secondsPerMpx >= 0) || !Double.isFinite(psnr)) {
            throw new IllegalArgumentException("candidate " + pipeline + ": PSNR and cost must be finite numbers");
        }
    }
}
