package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * Finds the blur of a photo from the photo alone (blind): the parametric kernel, linear motion,
 * defocus disc or Gaussian, whose spectrum best explains the image's {@link GradientSpectrum}
 * ({@link SpectrumFit}), or none when no kernel explains it clearly better than a sharp photo.
 * Motion is searched on a coarse grid of lengths and angles, then refined around the best; defocus
 * and Gaussian over their radius. A parametric search suits camera shake along a line and lens
 * defocus; a curved shake path is approximated by the straight streak that fits it best.
 */
public final class BlindKernelEstimator {
    /**
     * The part of the sharp model's misfit a kernel must explain to count as blur. Chosen by
     * measurement: sharp photos of {@code BlindKernelEstimatorTest} reach up to 0.27 (a brick wall's
     * rows, a JPEG rocket), while 90 % of 189 blurred crops (streaks 9–25 px, discs 2–6 px, a
     * Gaussian σ 2, clean and after JPEG q90/q80, nine photos) reach 0.40 or more; the ones below
     * 0.3 are mostly after q80, where the kernel found is wrong anyway.
     */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.3;
    /** The tile side of the spectrum: resolves the zeros of a 30-pixel streak (1/30 cycle/px) by 4 bins. */
    private static final int TILE = 128;
    /** The smallest image whose spectrum is read at all: below it a few tiles of a few pixels say too little. */
    private static final int MIN_TILE = 64;
    private static final double MAX_MOTION = 31;
    private static final double MAX_DEFOCUS = 8;
    private static final double MAX_SIGMA = 4;

    /**
     * Below these sizes a kernel is taken for the photo's own softness (lens, demosaicing, a
     * resize) rather than blur: sharp photos fit such kernels a little better than no blur at all,
     * and deconvolving them only sharpens noise. Set on the sharp photos and drawings of
     * {@code BlindKernelEstimatorTest}: with 4 px / 1 px, 5 of 19 were called blurred (streaks of
     * 4–6 px, Gaussians of 1.5 px on drawings); with these, none.
     */
    static final double MIN_MOTION = 7;
    static final double MIN_DEFOCUS = 1.5;
    static final double MIN_SIGMA = 1.6;

    private final double minConfidence;

    public BlindKernelEstimator() {
        this(DEFAULT_MIN_CONFIDENCE);
    }

    /** An estimator that calls an image blurred when a kernel explains {@code minConfidence} (0..1) of the misfit. */
    public BlindKernelEstimator(double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence < 1)) {
            throw new IllegalArgumentException("minimum confidence must be in [0, 1), got " + minConfidence);
        }
        this.minConfidence = minConfidence;
    }

    /** The blur of {@code image} (samples in [0, 1]); an image under 64 pixels on a side is taken as sharp. */
    public BlurEstimate estimate(PlanarImage image) {
        Objects.requireNonNull(image, "image");
        int side = Math.min(image.width(), image.height());
        if (side < MIN_TILE) {
            return BlurEstimate.none(SpectrumFit.NOISE_RATIOS[0], 0);
        }
        int tile = Math.min(TILE, Integer.highestOneBit(side));
        SpectrumFit fit = new SpectrumFit(GradientSpectrum.of(image, tile));
        double maxKernel = (tile - 3) / 2.0; // a kernel must fit the spectrum's grid
        SpectrumFit.Score sharp = fit.score(fit.kernelPower(BlurKernel.identity()));
        Candidate best = null;
        for (double sigma = 0.5; sigma <= Math.min(MAX_SIGMA, maxKernel / 4); sigma += 0.25) {
            best = better(best, candidate(fit, BlurEstimate.Kind.GAUSSIAN, sigma, 0, BlurKernel.gaussian(sigma)));
        }
        for (double r = 0.75; r <= Math.min(MAX_DEFOCUS, maxKernel - 1); r += 0.25) {
            best = better(best, candidate(fit, BlurEstimate.Kind.DEFOCUS, r, 0, BlurKernel.defocus(r)));
        }
        best = better(best, motion(fit, Math.min(MAX_MOTION, 2 * (maxKernel - 2))));
        double confidence = 1 - best.score.misfit() / sharp.misfit();
        if (confidence < minConfidence || tooSmall(best)) {
            return BlurEstimate.none(sharp.noiseRatio(), confidence);
        }
        return new BlurEstimate(best.kind, best.size, best.angle, best.kernel, best.score.noiseRatio(), confidence);
    }

    private static boolean tooSmall(Candidate c) {
        return switch (c.kind) {
            case MOTION -> c.size < MIN_MOTION;
            case DEFOCUS -> c.size < MIN_DEFOCUS;
            case GAUSSIAN -> c.size < MIN_SIGMA;
            case NONE -> true;
        };
    }

    private record Candidate(BlurEstimate.Kind kind, double size, double angle, BlurKernel kernel,
            SpectrumFit.Score score) {
    }

    private static Candidate candidate(SpectrumFit fit, BlurEstimate.Kind kind, double size, double angle,
            BlurKernel kernel) {
        return new Candidate(kind, size, angle, kernel, fit.score(fit.kernelPower(kernel)));
    }

    private static Candidate better(Candidate a, Candidate b) {
        if (b == null) {
            return a;
        }
        return a == null || b.score.misfit() < a.score.misfit() ? b : a;
    }

    /** Lengths 3..max every 2 px and angles every 6°, then ±1.5 px by 0.5 and ±5° by 1° around the best. */
    private static Candidate motion(SpectrumFit fit, double maxLength) {
        Candidate best = null;
        for (double length = 3; length <= maxLength; length += 2) {
            best = better(best, bestAngle(fit, length, 0, 174, 6));
        }
        if (best == null) {
            return null;
        }
        Candidate coarse = best;
        for (double length = Math.max(2, coarse.size - 1.5); length <= Math.min(maxLength, coarse.size + 1.5);
                length += 0.5) {
            best = better(best, bestAngle(fit, length, coarse.angle - 5, coarse.angle + 5, 1));
        }
        return best;
    }

    private static Candidate bestAngle(SpectrumFit fit, double length, double from, double to, double step) {
        DoubleFunction<Candidate> at = angle -> {
            double a = ((angle % 180) + 180) % 180;
            return candidate(fit, BlurEstimate.Kind.MOTION, length, a, BlurKernel.motion(length, a));
        };
        Candidate best = null;
        for (double angle = from; angle <= to + 1e-9; angle += step) {
            best = better(best, at.apply(angle));
        }
        return best;
    }
}
