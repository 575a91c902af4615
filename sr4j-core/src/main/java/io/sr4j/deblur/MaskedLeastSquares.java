package io.sr4j.deblur;

/**
 * Preconditioned conjugate gradients on {@code (Kᵀ M K + λ DᵀD) u = Kᵀ M y} over a {@link SpectralCanvas}: the
 * Tikhonov-regularised deblurring of the observed samples only ({@code M} is 1 on the image, 0 in
 * the border), so the border is whatever sharp content best explains the image edges. Both parts
 * of the complex grid (two planes) are solved together: the system is the same for each, and CG
 * over the two stacked is CG on a block-diagonal system.
 */
final class MaskedLeastSquares {
    private final SpectralCanvas canvas;
    private final double[][] h;
    private final double[] mask;
    private final double lambda;

    private final double[] prior;

    MaskedLeastSquares(SpectralCanvas canvas, double[][] kernelSpectrum, double[] prior, double[] mask,
            double lambda) {
        this.prior = prior;
        this.canvas = canvas;
        this.h = kernelSpectrum;
        this.mask = mask;
        this.lambda = lambda;
    }

    /**
     * Improves the start {@code (uRe, uIm)} in place by {@code iterations} CG steps against the
     * observation. The iteration runs on spectra: the preconditioner and the prior are diagonal
     * there, so a step costs two FFTs (the mask's round trip) instead of six, and since the DFT is
     * a scaled unitary map the iterates are those of CG on the pixels (dot products scale alike).
     */
    void refine(double[] uRe, double[] uIm, double[] obsRe, double[] obsIm, int iterations) {
        int n = uRe.length;
        canvas.forward(uRe, uIm);
        // r = Kᵀ M y − A u
        double[] rRe = obsRe.clone();
        double[] rIm = obsIm.clone();
        maskInPlace(rRe, rIm);
        canvas.forward(rRe, rIm);
        multiplyByKernel(rRe, rIm, true);
        double[] aRe = new double[n];
        double[] aIm = new double[n];
        apply(uRe, uIm, aRe, aIm);
        for (int i = 0; i < n; i++) {
            rRe[i] -= aRe[i];
            rIm[i] -= aIm[i];
        }
        // Preconditioned by the same system without the mask, (KᵀK + λ DᵀD)⁻¹, diagonal in the
        // frequency domain: the two differ only near the image border, so few steps suffice.
        double[] zRe = rRe.clone();
        double[] zIm = rIm.clone();
        precondition(zRe, zIm);
        double[] pRe = zRe.clone();
        double[] pIm = zIm.clone();
        double rz = dot(rRe, rIm, zRe, zIm);
        for (int it = 0; it < iterations && rz > 0; it++) {
            apply(pRe, pIm, aRe, aIm);
            double alpha = rz / dot(pRe, pIm, aRe, aIm);
            for (int i = 0; i < n; i++) {
                uRe[i] += alpha * pRe[i];
                uIm[i] += alpha * pIm[i];
                rRe[i] -= alpha * aRe[i];
                rIm[i] -= alpha * aIm[i];
            }
            System.arraycopy(rRe, 0, zRe, 0, n);
            System.arraycopy(rIm, 0, zIm, 0, n);
            precondition(zRe, zIm);
            double next = dot(rRe, rIm, zRe, zIm);
            double beta = next / rz;
            rz = next;
            for (int i = 0; i < n; i++) {
                pRe[i] = zRe[i] + beta * pRe[i];
                pIm[i] = zIm[i] + beta * pIm[i];
            }
        }
        canvas.inverse(uRe, uIm);
    }

    /** A spectrum {@code x ← (KᵀK + λ DᵀD)⁻¹ x}, the periodic canvas's system. */
    private void precondition(double[] re, double[] im) {
        for (int i = 0; i < re.length; i++) {
            double d = h[0][i] * h[0][i] + h[1][i] * h[1][i] + lambda * prior[i];
            // DC: |H(0)| = 1, so d is never 0.
            re[i] /= d;
            im[i] /= d;
        }
    }

    /**
     * On spectra, {@code out = Kᵀ M K x + λ DᵀD x}, D the pixel differences (the prior penalises
     * gradients, not brightness); only the mask needs the pixels.
     */
    private void apply(double[] xRe, double[] xIm, double[] outRe, double[] outIm) {
        int n = xRe.length;
        System.arraycopy(xRe, 0, outRe, 0, n);
        System.arraycopy(xIm, 0, outIm, 0, n);
        multiplyByKernel(outRe, outIm, false);
        canvas.inverse(outRe, outIm);
        maskInPlace(outRe, outIm);
        canvas.forward(outRe, outIm);
        multiplyByKernel(outRe, outIm, true);
        for (int i = 0; i < n; i++) {
            outRe[i] += lambda * prior[i] * xRe[i];
            outIm[i] += lambda * prior[i] * xIm[i];
        }
    }

    private void maskInPlace(double[] re, double[] im) {
        for (int i = 0; i < re.length; i++) {
            re[i] *= mask[i];
            im[i] *= mask[i];
        }
    }

    /** A spectrum times the kernel's, or its conjugate's (the kernel turned by 180°, the adjoint). */
    private void multiplyByKernel(double[] re, double[] im, boolean adjoint) {
        double sign = adjoint ? -1 : 1;
        for (int i = 0; i < re.length; i++) {
            double hr = h[0][i];
            double hi = sign * h[1][i];
            double r = re[i] * hr - im[i] * hi;
            im[i] = re[i] * hi + im[i] * hr;
            re[i] = r;
        }
    }

    private static double dot(double[] aRe, double[] aIm, double[] bRe, double[] bIm) {
        double s = 0;
        for (int i = 0; i < aRe.length; i++) {
            s += aRe[i] * bRe[i] + aIm[i] * bIm[i];
        }
        return s;
    }
}
