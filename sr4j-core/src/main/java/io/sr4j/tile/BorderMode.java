package io.sr4j.tile;

/**
 * How {@link TileExtractor} fills samples of a tile that lie outside the image. Shown for a row
 * {@code a b c d} of length 4, read at columns −3 … 6.
 */
public enum BorderMode {
    /**
     * Mirror about the edge sample without repeating it ("reflect101", PyTorch/ONNX
     * {@code reflect}): {@code d c b | a b c d | c b a}. Reflects back and forth when the padding
     * exceeds the image, with period 2·(n − 1); an edge of one pixel reads that pixel everywhere.
     * What Real-ESRGAN and Real-CUGAN pad with.
     */
    REFLECT,
    /** Repeat the edge sample: {@code a a a | a b c d | d d d}. What waifu2x pads with. */
    REPLICATE,
    /** Zeros outside the image: {@code 0 0 0 | a b c d | 0 0 0}. */
    ZERO;

    /**
     * The in-image index that position {@code i} on an edge of {@code n} pixels reads, or −1 for
     * {@link #ZERO} outside the image.
     */
    public int sourceIndex(int i, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("edge length must be >= 1, got " + n);
        }
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (this) {
            case REPLICATE -> i < 0 ? 0 : n - 1;
            case ZERO -> -1;
            case REFLECT -> reflect101(i, n);
        };
    }

    private static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        // Reflect101 is periodic with period 2(n-1): 0 1 .. n-1 n-2 .. 1 | 0 1 ...
        long period = 2L * (n - 1);
        int m = (int) Math.floorMod((long) i, period);
        return m < n ? m : (int) (period - m);
    }
}
