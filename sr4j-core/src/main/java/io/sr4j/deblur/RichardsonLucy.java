package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;
import java.util.Objects;

/**
 * Richardson–Lucy deconvolution (Richardson 1972, Lucy 1974): the maximum-likelihood estimate
 * under Poisson noise, reached by the multiplicative update {@code u ← u · (k̃ ⊛ (y / (k ⊛ u)))}
 * with {@code k̃} the kernel turned by 180°. It keeps the image non-negative and sharpens with
 * every iteration; stopping early is its only regulariser, since late iterations amplify noise.
 * Convolutions run by FFT on a {@link SpectralCanvas}, so the borders do not ring.
 */
public final class RichardsonLucy implements NonBlindDeconvolution {
    /**
     * The default number of iterations, chosen by measurement like {@link WienerDeconvolution#DEFAULT_NSR}:
     * 10, 30 and 60 gave 25.05, 25.95 and 26.37 dB mean PSNR over the ten blur cases.
     */
    public static final int DEFAULT_ITERATIONS = 60;
    /** Floor of the re-blurred estimate: no division by zero on black areas. */
    private static final double FLOOR = 1e-6;

    private final int iterations;

    /** {@code iterations} (≥ 1) updates from the blurred image as the start. */
    public RichardsonLucy(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("Richardson-Lucy needs >= 1 iterations, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** {@link #DEFAULT_ITERATIONS} updates. */
    public RichardsonLucy() {
        this(DEFAULT_ITERATIONS);
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public PlanarImage restore(PlanarImage blurred, BlurKernel kernel) {
        Objects.requireNonNull(blurred, "blurred");
        Objects.requireNonNull(kernel, "kernel");
        SpectralCanvas canvas = new SpectralCanvas(blurred.width(), blurred.height(), kernel);
        double[][] h = canvas.spectrum(kernel);
        int n = canvas.size();
        double[] obsRe = new double[n];
        double[] obsIm = new double[n];
        double[] uRe = new double[n];
        double[] uIm = new double[n];
        double[] re = new double[n];
        double[] im = new double[n];
        PlanarImage out = new PlanarImage(blurred.width(), blurred.height(), blurred.channels());
        for (int a = 0; a < blurred.channels(); a += 2) {
            int b = a + 1 < blurred.channels() ? a + 1 : -1;
            canvas.fill(blurred, a, b, obsRe, obsIm);
            for (int i = 0; i < n; i++) {
                uRe[i] = Math.max(FLOOR, obsRe[i]);
                uIm[i] = Math.max(FLOOR, obsIm[i]);
            }
            for (int it = 0; it < iterations; it++) {
                System.arraycopy(uRe, 0, re, 0, n);
                System.arraycopy(uIm, 0, im, 0, n);
                filter(canvas, re, im, h, false);
                for (int i = 0; i < n; i++) {
                    re[i] = obsRe[i] / Math.max(FLOOR, re[i]);
                    im[i] = obsIm[i] / Math.max(FLOOR, im[i]);
                }
                filter(canvas, re, im, h, true);
                for (int i = 0; i < n; i++) {
                    uRe[i] *= Math.max(0, re[i]);
                    uIm[i] *= Math.max(0, im[i]);
                }
            }
            canvas.crop(uRe, uIm, out, a, b);
        }
        return out;
    }

    /** Convolves both parts with the kernel, or with the kernel turned by 180° ({@code turned}: conj(H)). */
    private static void filter(SpectralCanvas canvas, double[] re, double[] im, double[][] h, boolean turned) {
        canvas.forward(re, im);
        double sign = turned ? -1 : 1;
        for (int i = 0; i < re.length; i++) {
            double hr = h[0][i];
            double hi = sign * h[1][i];
            double r = re[i] * hr - im[i] * hi;
            im[i] = re[i] * hi + im[i] * hr;
            re[i] = r;
        }
        canvas.inverse(re, im);
    }

    @Override
    public String describe() {
        return "richardson-lucy(iterations=" + iterations + ")";
    }
}
