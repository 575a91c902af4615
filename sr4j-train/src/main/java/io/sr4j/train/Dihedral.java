package io.sr4j.train;

/**
 * The 8 flips/rotations of a square crop, applied while copying planar pixels into a batch. They
 * commute with the bicubic reduction (its kernel is symmetric), so HR and LR crops stay aligned.
 */
final class Dihedral {
    private Dihedral() {
    }

    /**
     * Copies the {@code n×n} square at ({@code x0},{@code y0}) of every channel of a planar image
     * ({@code width} wide, planes of {@code plane} floats) into {@code dst} at {@code offset},
     * transformed by {@code t} (0–7: bit 0 flips x, bit 1 flips y, bit 2 transposes).
     */
    static void copy(float[] src, int width, int plane, int channels, int x0, int y0, int n, int t,
            float[] dst, int offset) {
        boolean flipX = (t & 1) != 0;
        boolean flipY = (t & 2) != 0;
        boolean transpose = (t & 4) != 0;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            int out = offset + c * n * n;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int sx = transpose ? y : x;
                    int sy = transpose ? x : y;
                    if (flipX) {
                        sx = n - 1 - sx;
                    }
                    if (flipY) {
                        sy = n - 1 - sy;
                    }
                    dst[out + y * n + x] = src[base + (y0 + sy) * width + x0 + sx];
                }
            }
        }
    }
}
