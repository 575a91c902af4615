package io.sr4j.upscale;

import io.sr4j.tile.TilePlanner;

/**
 * How a tiled network cuts an image: square tiles of a fixed size (the user's {@code --tile}), or
 * automatically, the largest pieces whose engine memory fits a budget.
 *
 * <p>Automatic choice, in order: the whole image as one tile (no tiling waste, and Real-CUGAN needs
 * no statistics passes); else full-width strips, as tall as the budget allows (padding only above
 * and below, and rows finish in order for a streaming PNG); else, for images so wide that a strip
 * would be thinner than its own padding, square tiles. Engine memory is estimated per padded input
 * pixel from the network's widest activation (see {@link #bytesPerSourcePixel}).
 *
 * @param fixedSize            the square tile edge, or 0 for automatic
 * @param widestFloatsPerPixel automatic only: the network's widest node output per input pixel
 * @param budgetBytes          automatic only: engine memory allowed for one tile
 */
record TileChoice(int fixedSize, double widestFloatsPerPixel, long budgetBytes) {
    /**
     * Engine memory allowed for one tile by default. Chosen so that an 800×600 photo is one tile for
     * realesrgan-x4fast (estimated 490 MiB) with the whole process under 1 GiB peak RSS.
     */
    static final long DEFAULT_BUDGET_BYTES = 512L << 20;
    /**
     * Activation tensors live at once, each as wide as the widest: a convolution's input and output
     * (ONNX Runtime reuses the rest of its arena).
     */
    static final int LIVE_ACTIVATIONS = 2;
    /** Copies of the network output held while a tile finishes: the engine's and the Java one. */
    static final int OUTPUT_COPIES = 2;
    /**
     * Strips are taken unless square tiles would waste this much less input on padding (strips
     * stream their rows and hold no band of output; square tiles hold a whole tile row of it).
     */
    static final double STRIP_PREFERENCE = 1.1;
    /** Tile edges never go below this (input pixels), whatever the budget says. */
    static final int MIN_EDGE = 64;

    TileChoice {
        if (fixedSize < 0 || (fixedSize == 0 && !(widestFloatsPerPixel > 0)) || budgetBytes < 0) {
            throw new IllegalArgumentException("a tile choice needs a size, or a positive activation width and budget");
        }
    }

    /** Square tiles of {@code size} input pixels. */
    static TileChoice fixed(int size) {
        return new TileChoice(size, 0, 0);
    }

    /** Automatic, for a network whose widest activation is {@code widestFloatsPerPixel} per input pixel. */
    static TileChoice automatic(double widestFloatsPerPixel, long budgetBytes) {
        return new TileChoice(0, widestFloatsPerPixel, budgetBytes);
    }

    boolean isAutomatic() {
        return fixedSize == 0;
    }

    /**
     * Estimated engine bytes per padded input pixel: the live activations, plus the copies of the
     * output ({@code 3 × scale²} floats per input pixel each).
     */
    double bytesPerSourcePixel(int scale) {
        return 4.0 * (LIVE_ACTIVATIONS * widestFloatsPerPixel + OUTPUT_COPIES * 3.0 * scale * scale);
    }

    /** The plan for a {@code width × height} image. */
    TilePlanner plan(int width, int height, int padding, int scale, int alignment) {
        TilePlanner.Builder builder = TilePlanner.builder(width, height).padding(padding).scale(scale)
                .alignment(alignment);
        if (!isAutomatic()) {
            return builder.tileSize(fixedSize).build();
        }
        double perPixel = bytesPerSourcePixel(scale);
        long sourceWidth = source(width, padding, alignment);
        if (sourceWidth * source(height, padding, alignment) * perPixel <= budgetBytes) {
            return builder.tileSize(width, height).build();
        }
        // A strip streams its rows out (no band buffer); only its engine memory counts.
        long stripHeight = (long) (budgetBytes / perPixel) / sourceWidth - 2L * padding - alignment;
        int square = squareEdge(width, height, padding, scale, alignment);
        if (stripHeight >= MIN_EDGE
                && waste(width, (int) stripHeight, padding) <= STRIP_PREFERENCE * waste(square, square, padding)) {
            return builder.tileSize(width, (int) stripHeight).build();
        }
        return builder.tileSize(square).build();
    }

    /**
     * The largest square tile edge whose engine memory plus the stitcher's buffer for one tile row
     * of output ({@code edge × scale} rows of the whole output width, 3 floats a pixel) fits.
     */
    private int squareEdge(int width, int height, int padding, int scale, int alignment) {
        double perPixel = bytesPerSourcePixel(scale);
        double bandPerRow = 12.0 * scale * (double) width * scale;
        int lo = MIN_EDGE;
        int hi = Math.max(MIN_EDGE, Math.max(width, height));
        while (lo < hi) {
            int mid = (int) ((lo + (long) hi + 1) / 2);
            long edge = source(mid, padding, alignment);
            if (edge * edge * perPixel + Math.min(mid, height) * bandPerRow <= budgetBytes) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static long source(int edge, int padding, int alignment) {
        long padded = (long) edge + 2L * padding;
        return (padded + alignment - 1) / alignment * alignment;
    }

    /** Padded source pixels per core pixel. */
    private static double waste(int width, int height, int padding) {
        return (double) (width + 2L * padding) * (height + 2L * padding) / ((double) width * height);
    }
}
