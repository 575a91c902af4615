package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;
import java.util.Locale;
import java.util.Objects;

/**
 * The Wiener filter for a natural-image spectrum: in the frequency domain
 * {@code X = conj(H) · Y / (|H|² + K |D|²)} (Wiener 1949; Gonzalez &amp; Woods, ch. 5), with
 * |D(ω)|² the spectrum of the pixel differences, i.e. the noise-to-signal ratio grows with
 * frequency as photos' power falls off as 1/|ω|² — so brightness (DC) is kept as it is. K trades
 * sharpness against amplified noise and ringing: 0 is the plain inverse filter. The image is
 * placed on a {@link SpectralCanvas} first, so its borders do not ring.
 */
public final class WienerDeconvolution implements NonBlindDeconvolution {
    /**
     * The default K, chosen by measurement (docs/QUALITY.md, "Deblurring"): on the held-out
     * scikit-image photos (176-pixel crops) K = 0.001, 0.003, 0.01, 0.03 were tried on motion
     * 15 px at 30° and 25 px at 120°, defocus r 3 and 6 and Gaussian σ 2, each with and without
     * JPEG q90; 0.01 had the best mean PSNR (26.40 dB against 25.99, 25.40, 23.94). Defocus and
     * Gaussian alone prefer 0.001, long motion 0.03.
     */
    public static final double DEFAULT_NSR = 0.01;
    /**
     * Conjugate-gradient iterations that free the border. The inverse of a motion streak reaches
     * along the whole line, so a border guessed by mirroring (which is not exactly a blurred
     * image) rings through the picture. The filter's output is therefore refined as the
     * minimiser of {@code |M (k ⊛ u − y)|² + K |D u|²}, M being 1 on the observed image only
     * ("unknown boundary" deconvolution, Bertero &amp; Boccacci 2005): the same estimate as the
     * filter in the middle of a large image, with the unseen border left free. Preconditioned by
     * the unmasked system, 6 steps come within 0.1 dB of convergence on motion 15 and 25 px (JPEG
     * q90, four held-out photos at 384 px; unpreconditioned, 30 steps were 0.6 dB short on 25 px).
     */
    public static final int DEFAULT_BOUNDARY_ITERATIONS = 8;

    private final double nsr;
    private final int boundaryIterations;

    /** A filter with noise-to-signal ratio {@code nsr} (> 0) and {@link #DEFAULT_BOUNDARY_ITERATIONS}. */
    public WienerDeconvolution(double nsr) {
        this(nsr, DEFAULT_BOUNDARY_ITERATIONS);
    }

    /**
     * A filter with noise-to-signal ratio {@code nsr} (> 0) that refines the unseen border with
     * {@code boundaryIterations} (≥ 0; 0: the plain filter on the mirrored canvas) iterations.
     */
    public WienerDeconvolution(double nsr, int boundaryIterations) {
        if (boundaryIterations < 0) {
            throw new IllegalArgumentException("boundary iterations must be >= 0, got " + boundaryIterations);
        }
        this.boundaryIterations = boundaryIterations;
        if (!(nsr > 0) || Double.isInfinite(nsr)) {
            throw new IllegalArgumentException("Wiener noise-to-signal ratio must be a number > 0, got " + nsr);
        }
        this.nsr = nsr;
    }

    /** A filter with {@link #DEFAULT_NSR}. */
    public WienerDeconvolution() {
        this(DEFAULT_NSR);
    }

    public double nsr() {
        return nsr;
    }

    @Override
    public PlanarImage restore(PlanarImage blurred, BlurKernel kernel) {
        Objects.requireNonNull(blurred, "blurred");
        Objects.requireNonNull(kernel, "kernel");
        Problem problem = new Problem(blurred, kernel);
        PlanarImage out = new PlanarImage(blurred.width(), blurred.height(), blurred.channels());
        int n = problem.canvas.size();
        double[] re = new double[n];
        double[] im = new double[n];
        double[] obsRe = new double[n];
        double[] obsIm = new double[n];
        for (int a = 0; a < blurred.channels(); a += 2) {
            int b = a + 1 < blurred.channels() ? a + 1 : -1;
            estimate(problem, blurred, a, b, obsRe, obsIm, re, im);
            problem.canvas.crop(re, im, out, a, b);
        }
        return out;
    }

    /** One deconvolution's canvas, kernel spectrum, gradient spectrum and image mask, shared by its planes. */
    static final class Problem {
        final SpectralCanvas canvas;
        final double[][] h;
        final double[] prior;
        final double[] mask;

        Problem(PlanarImage blurred, BlurKernel kernel) {
            canvas = new SpectralCanvas(blurred.width(), blurred.height(), kernel);
            h = canvas.spectrum(kernel);
            prior = canvas.gradientSpectrum();
            mask = canvas.imageMask();
        }
    }

    /**
     * The filter's estimate of planes {@code a} and {@code b} (b < 0: none) over the whole canvas
     * into {@code (re, im)}, the border freed when this filter has boundary iterations; the mirrored
     * observation is left in {@code (obsRe, obsIm)}.
     */
    void estimate(Problem p, PlanarImage blurred, int a, int b, double[] obsRe, double[] obsIm, double[] re,
            double[] im) {
        int n = p.canvas.size();
        double[] gRe = new double[n];
        double[] gIm = new double[n];
        // The filter conj(H) / (|H|² + K |D|²).
        for (int i = 0; i < n; i++) {
            double hr = p.h[0][i];
            double hi = p.h[1][i];
            double d = hr * hr + hi * hi + nsr * p.prior[i];
            gRe[i] = hr / d;
            gIm[i] = -hi / d;
        }
        p.canvas.fill(blurred, a, b, obsRe, obsIm);
        System.arraycopy(obsRe, 0, re, 0, n);
        System.arraycopy(obsIm, 0, im, 0, n);
        p.canvas.forward(re, im);
        multiply(re, im, gRe, gIm);
        p.canvas.inverse(re, im);
        if (boundaryIterations > 0) {
            new MaskedLeastSquares(p.canvas, p.h, p.prior, p.mask, nsr).refine(re, im, obsRe, obsIm,
                    boundaryIterations);
        }
    }

    /** {@code (re, im) *= (fr, fi)} element by element. */
    static void multiply(double[] re, double[] im, double[] fr, double[] fi) {
        for (int i = 0; i < re.length; i++) {
            double r = re[i] * fr[i] - im[i] * fi[i];
            im[i] = re[i] * fi[i] + im[i] * fr[i];
            re[i] = r;
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "wiener(nsr=%s)", nsr);
    }
}
