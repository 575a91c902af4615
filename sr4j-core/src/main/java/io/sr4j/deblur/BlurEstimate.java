package io.sr4j.deblur;

import java.util.Locale;
import java.util.Objects;

/**
 * What {@link BlindKernelEstimator} found in an image: the kernel (the identity for a sharp one),
 * a description such as {@code motion 15 px at 30°}, the noise-to-signal ratio of the fit (the
 * Wiener regulariser that suits the image), and the confidence, the part of the sharp model's
 * spectral misfit that the kernel explains (0: no better than no blur at all).
 */
public record BlurEstimate(Kind kind, double size, double angleDegrees, BlurKernel kernel, double noiseRatio,
        double confidence) {
    /** The blur families the estimator searches. */
    public enum Kind {
        NONE, MOTION, DEFOCUS, GAUSSIAN
    }

    public BlurEstimate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(kernel, "kernel");
    }

    /** The estimate for an image with no blur to undo. */
    static BlurEstimate none(double noiseRatio, double confidence) {
        return new BlurEstimate(Kind.NONE, 0, 0, BlurKernel.identity(), noiseRatio, confidence);
    }

    public boolean blurred() {
        return kind != Kind.NONE;
    }

    /** E.g. {@code motion 15.0 px at 30°}, {@code defocus r 3.00 px}, {@code gaussian σ 1.50 px}, {@code none}. */
    public String describe() {
        return switch (kind) {
            case NONE -> "none";
            case MOTION -> String.format(Locale.ROOT, "motion %.1f px at %.0f°", size, angleDegrees);
            case DEFOCUS -> String.format(Locale.ROOT, "defocus r %.2f px", size);
            case GAUSSIAN -> String.format(Locale.ROOT, "gaussian σ %.2f px", size);
        };
    }
}
