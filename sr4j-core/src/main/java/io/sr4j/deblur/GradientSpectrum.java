package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;

/**
 * The power spectrum of an image's luma gradients, averaged over overlapping Hann-windowed tiles
 * (Welch's method) on a {@code size × size} frequency grid. Differencing before windowing keeps the
 * strong low frequencies of a photo from leaking over the spectral zeros a blur leaves, and a
 * photo's gradient spectrum is roughly flat, so what a blur multiplies in, |H(ω)|², stands out.
 * Frequencies are indexed as the FFT leaves them: bin {@code (u, v)} is
 * {@code (u / size, v / size)} cycles per pixel, wrapped at one half.
 */
final class GradientSpectrum {
    /** The most tiles averaged: beyond this the estimate is smooth enough and the cost only grows. */
    private static final int MAX_TILES = 96;

    private final int size;
    private final double[] power;

    private GradientSpectrum(int size, double[] power) {
        this.size = size;
        this.power = power;
    }

    /**
     * The spectrum of {@code image} (1 plane: itself; 3 or more: BT.601 luma of the first three)
     * on tiles of {@code size} (a power of two no larger than either side).
     */
    static GradientSpectrum of(PlanarImage image, int size) {
        if (size > image.width() || size > image.height()) {
            throw new IllegalArgumentException("a " + size + "-pixel tile does not fit a " + image.width() + "x"
                    + image.height() + " image");
        }
        float[] luma = luma(image);
        Fft fft = new Fft(size, size);
        double[] window = hann(size);
        int stepX = step(image.width(), size);
        int stepY = step(image.height(), size);
        int n = size * size;
        double[] power = new double[n];
        double[] re = new double[n];
        double[] im = new double[n];
        int w = image.width();
        int tiles = 0;
        for (int y0 = 0; y0 + size <= image.height(); y0 += stepY) {
            for (int x0 = 0; x0 + size <= image.width(); x0 += stepX) {
                // x and y differences as the real and imaginary parts of one transform: both are real
                // signals, so the two power spectra separate again as |F(ω)|² + |F(−ω)|² over two.
                for (int y = 0; y < size; y++) {
                    int row = (y0 + y) * w + x0;
                    int below = Math.min(y0 + y + 1, image.height() - 1) * w + x0;
                    for (int x = 0; x < size; x++) {
                        int i = row + x;
                        int right = x0 + x + 1 < w ? i + 1 : i;
                        double win = window[x] * window[y];
                        re[y * size + x] = win * (luma[right] - luma[i]);
                        im[y * size + x] = win * (luma[below + x] - luma[i]);
                    }
                }
                fft.transform(re, im, false);
                for (int v = 0; v < size; v++) {
                    int mv = (size - v) % size;
                    for (int u = 0; u < size; u++) {
                        int mu = (size - u) % size;
                        int a = v * size + u;
                        int b = mv * size + mu;
                        power[a] += 0.5 * (re[a] * re[a] + im[a] * im[a] + re[b] * re[b] + im[b] * im[b]);
                    }
                }
                tiles++;
            }
        }
        for (int i = 0; i < n; i++) {
            power[i] /= tiles;
        }
        return new GradientSpectrum(size, power);
    }

    /** The tile stride: half a tile, widened so that at most {@link #MAX_TILES} tiles are read in all. */
    private static int step(int side, int size) {
        int along = (int) Math.ceil(Math.sqrt(MAX_TILES));
        int span = side - size;
        return Math.max(size / 2, span / Math.max(1, along - 1) + 1);
    }

    private static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
        }
        return w;
    }

    private static float[] luma(PlanarImage image) {
        float[] d = image.data();
        if (image.channels() < 3) {
            float[] out = new float[image.planeSize()];
            System.arraycopy(d, 0, out, 0, out.length);
            return out;
        }
        float[] out = new float[image.planeSize()];
        int g = image.planeOffset(1);
        int b = image.planeOffset(2);
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.299f * d[i] + 0.587f * d[g + i] + 0.114f * d[b + i];
        }
        return out;
    }

    int size() {
        return size;
    }

    /** The averaged power at bin {@code (u, v)}. */
    double power(int u, int v) {
        return power[v * size + u];
    }
}
