package io.sr4j.metrics;

import java.util.Arrays;

/**
 * Mean SSIM of two planes, following Wang, Bovik, Sheikh and Simoncelli, "Image quality
 * assessment: from error visibility to structural similarity", IEEE TIP 13(4), 2004, and the
 * authors' MATLAB {@code ssim_index}: an 11×11 Gaussian window (σ = 1.5, normalised to sum 1),
 * K1 = 0.01, K2 = 0.03, L = 255, local statistics with population (1/N-weighted) covariance,
 * and the mean of the SSIM map over the 'valid' region, where the window lies wholly inside the
 * plane (no padding).
 *
 * <p>The Gaussian window is the outer product of a 1-D one, so the five local moments are
 * filtered in two separable passes: each input row is filtered horizontally into a ring of the
 * last 11 rows, and each output row is the vertical combination of that ring. Memory is
 * O(11 × width), allocated once per call.
 */
final class Ssim {
    static final int WINDOW = 11;
    private static final int RADIUS = WINDOW / 2;
    private static final double SIGMA = 1.5;
    private static final double L = 255.0;
    private static final double C1 = (0.01 * L) * (0.01 * L);
    private static final double C2 = (0.03 * L) * (0.03 * L);
    /** 1-D taps, normalised: their outer product is MATLAB's fspecial('gaussian', 11, 1.5). */
    private static final double[] TAPS = gaussianTaps();

    private Ssim() {
    }

    private static double[] gaussianTaps() {
        double[] taps = new double[WINDOW];
        double sum = 0;
        for (int k = 0; k < WINDOW; k++) {
            int d = k - RADIUS;
            taps[k] = Math.exp(-(d * d) / (2 * SIGMA * SIGMA));
            sum += taps[k];
        }
        for (int k = 0; k < WINDOW; k++) {
            taps[k] /= sum;
        }
        return taps;
    }

    /**
     * Mean SSIM of the planes {@code a} and {@code b}, both {@code width × height} row-major,
     * values on the 0 … 255 scale. Only reads the arrays.
     *
     * @throws IllegalArgumentException if a side is shorter than the 11-pixel window
     */
    static double mean(double[] a, double[] b, int width, int height) {
        if (width < WINDOW || height < WINDOW) {
            throw new IllegalArgumentException("SSIM needs at least " + WINDOW + "x" + WINDOW
                    + " pixels after the shave, got " + width + "x" + height);
        }
        final double[] g = TAPS;
        final int outW = width - WINDOW + 1;
        final int outH = height - WINDOW + 1;
        // Horizontally filtered moments of the last WINDOW input rows, row r in slot r % WINDOW.
        double[] ringA = new double[WINDOW * outW];
        double[] ringB = new double[WINDOW * outW];
        double[] ringAA = new double[WINDOW * outW];
        double[] ringBB = new double[WINDOW * outW];
        double[] ringAB = new double[WINDOW * outW];
        // Vertical sums for the output row being finished.
        double[] muA = new double[outW];
        double[] muB = new double[outW];
        double[] eAA = new double[outW];
        double[] eBB = new double[outW];
        double[] eAB = new double[outW];
        double total = 0;

        for (int y = 0; y < height; y++) {
            int slot = (y % WINDOW) * outW;
            int row = y * width;
            for (int x = 0; x < outW; x++) {
                double sa = 0;
                double sb = 0;
                double saa = 0;
                double sbb = 0;
                double sab = 0;
                int p = row + x;
                for (int k = 0; k < WINDOW; k++) {
                    double w = g[k];
                    double va = a[p + k];
                    double vb = b[p + k];
                    double wa = w * va;
                    double wb = w * vb;
                    sa += wa;
                    sb += wb;
                    saa += wa * va;
                    sbb += wb * vb;
                    sab += wa * vb;
                }
                ringA[slot + x] = sa;
                ringB[slot + x] = sb;
                ringAA[slot + x] = saa;
                ringBB[slot + x] = sbb;
                ringAB[slot + x] = sab;
            }
            if (y < WINDOW - 1) {
                continue;
            }
            // Output row y - (WINDOW - 1) covers input rows y - WINDOW + 1 … y.
            Arrays.fill(muA, 0);
            Arrays.fill(muB, 0);
            Arrays.fill(eAA, 0);
            Arrays.fill(eBB, 0);
            Arrays.fill(eAB, 0);
            for (int k = 0; k < WINDOW; k++) {
                double w = g[k];
                int base = ((y - WINDOW + 1 + k) % WINDOW) * outW;
                for (int x = 0; x < outW; x++) {
                    muA[x] += w * ringA[base + x];
                    muB[x] += w * ringB[base + x];
                    eAA[x] += w * ringAA[base + x];
                    eBB[x] += w * ringBB[base + x];
                    eAB[x] += w * ringAB[base + x];
                }
            }
            double rowSum = 0;
            for (int x = 0; x < outW; x++) {
                double ma = muA[x];
                double mb = muB[x];
                double maa = ma * ma;
                double mbb = mb * mb;
                double mab = ma * mb;
                double varA = eAA[x] - maa;
                double varB = eBB[x] - mbb;
                double cov = eAB[x] - mab;
                rowSum += ((2 * mab + C1) * (2 * cov + C2)) / ((maa + mbb + C1) * (varA + varB + C2));
            }
            total += rowSum;
        }
        return total / ((double) outW * outH);
    }
}
