package io.sr4j.deblur;

/**
 * In-place complex FFTs of power-of-two lengths (iterative radix-2 Cooley–Tukey), and the 2-D
 * transform of a row-major {@code width × height} grid as rows then columns. Forward uses
 * {@code e^{-2πi kn/N}}; the inverse divides by N.
 */
final class Fft {
    private final int n;
    private final double[] cos;
    private final double[] sin;
    private final int[] reversed;

    /** Tables for length {@code n}, a power of two. */
    Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
        }
        this.n = n;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
        reversed = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
    }

    /** The smallest power of two ≥ {@code v}. */
    static int atLeast(int v) {
        return v <= 1 ? 1 : Integer.highestOneBit(v - 1) << 1;
    }

    int length() {
        return n;
    }

    /**
     * Transforms {@code n} samples of {@code re}/{@code im} starting at {@code offset}, {@code stride}
     * apart, using {@code bufRe}/{@code bufIm} (length ≥ n) as scratch.
     */
    void transform(double[] re, double[] im, int offset, int stride, boolean inverse, double[] bufRe, double[] bufIm) {
        for (int i = 0; i < n; i++) {
            int j = offset + reversed[i] * stride;
            bufRe[i] = re[j];
            bufIm[i] = im[j];
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double xr = bufRe[b] * wr - bufIm[b] * wi;
                    double xi = bufRe[b] * wi + bufIm[b] * wr;
                    bufRe[b] = bufRe[a] - xr;
                    bufIm[b] = bufIm[a] - xi;
                    bufRe[a] += xr;
                    bufIm[a] += xi;
                }
            }
        }
        double scale = inverse ? 1.0 / n : 1;
        for (int i = 0; i < n; i++) {
            int j = offset + i * stride;
            re[j] = bufRe[i] * scale;
            im[j] = bufIm[i] * scale;
        }
    }

    /** The 2-D transform of a grid {@code rows.length() × cols.length()} wide and high, in place. */
    static void transform2d(double[] re, double[] im, Fft rows, Fft cols, boolean inverse) {
        int width = rows.length();
        int height = cols.length();
        int longest = Math.max(width, height);
        double[] bufRe = new double[longest];
        double[] bufIm = new double[longest];
        for (int y = 0; y < height; y++) {
            rows.transform(re, im, y * width, 1, inverse, bufRe, bufIm);
        }
        for (int x = 0; x < width; x++) {
            cols.transform(re, im, x, width, inverse, bufRe, bufIm);
        }
    }
}
