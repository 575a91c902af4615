package io.sr4j.quality;

/** Small separable filters on one plane, shared by the degradations and the signals. */
final class Filters {
    private Filters() {
    }

    /**
     * Filters the {@code width × height} plane starting at {@code offset} of {@code src} with the
     * odd-length kernel {@code taps} along x, then y, into the same place of {@code dst};
     * out-of-image taps mirror the plane (edge sample repeated).
     */
    static void separable(float[] src, float[] dst, int offset, int width, int height, double[] taps) {
        int radius = taps.length / 2;
        double[] row = new double[width * height];
        for (int y = 0; y < height; y++) {
            int base = offset + y * width;
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += taps[k + radius] * src[base + mirror(x + k, width)];
                }
                row[y * width + x] = acc;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += taps[k + radius] * row[mirror(y + k, height) * width + x];
                }
                dst[offset + y * width + x] = (float) acc;
            }
        }
    }

    /** Index {@code i} reflected into [0, n): -1 → 0, n → n-1 (MATLAB's 'symmetric'). */
    static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
