package io.sr4j.deblur;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * In-place complex 2-D FFTs of a row-major {@code width × height} grid held as separate real and
 * imaginary arrays, both sides powers of two (JTransforms underneath). Forward uses
 * {@code e^{-2πi kn/N}}; the inverse divides by the number of samples. One instance per thread:
 * the transform keeps a scratch buffer.
 */
final class Fft {
    private final int width;
    private final int height;
    private final DoubleFFT_2D transform;
    private final double[] interleaved;

    /** Tables for a {@code width × height} grid, both powers of two. */
    Fft(int width, int height) {
        if (width < 1 || Integer.bitCount(width) != 1 || height < 1 || Integer.bitCount(height) != 1) {
            throw new IllegalArgumentException("FFT sides must be powers of two, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.transform = new DoubleFFT_2D(height, width);
        this.interleaved = new double[2 * width * height];
    }

    /** The smallest power of two ≥ {@code v}. */
    static int atLeast(int v) {
        return v <= 1 ? 1 : Integer.highestOneBit(v - 1) << 1;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Transforms the grid {@code (re, im)} in place. */
    void transform(double[] re, double[] im, boolean inverse) {
        int n = width * height;
        double[] a = interleaved;
        for (int i = 0; i < n; i++) {
            a[2 * i] = re[i];
            a[2 * i + 1] = im[i];
        }
        if (inverse) {
            transform.complexInverse(a, true);
        } else {
            transform.complexForward(a);
        }
        for (int i = 0; i < n; i++) {
            re[i] = a[2 * i];
            im[i] = a[2 * i + 1];
        }
    }
}
