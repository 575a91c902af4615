package io.sr4j.engine.pytorch;

/**
 * The learned relative-position bias of window attention (Swin Transformer, Liu et al. 2021; used
 * by OmniSR and SwinIR): a table of (2w−1)² rows, one per offset (dy, dx) between two pixels of a
 * w×w window, and one column per head, gathered into the (heads, w², w²) tensor added to the
 * attention logits. Row of pixels i, j (row-major in the window): (dy + w − 1)·(2w − 1) + dx + w − 1.
 */
final class RelativePositionBias {
    private RelativePositionBias() {
    }

    /** The table {@code table} (of {@code weights}) gathered for every (query, key) pixel pair. */
    static float[] gather(TorchWeights weights, String table, int window, int heads) {
        long[] shape = weights.shape(table, 2);
        int side = 2 * window - 1;
        if (shape[0] != (long) side * side || shape[1] != heads) {
            throw weights.fail(table + " has shape [" + shape[0] + ", " + shape[1] + "], expected [" + side * side
                    + ", " + heads + "] for window " + window + " and " + heads + " heads");
        }
        return gather(weights.floats(table), window, window, heads);
    }

    /** Fails unless the file's {@code index} (w², w²) holds {@link #index} for every pixel pair. */
    static void checkIndex(TorchWeights weights, String index, int window) {
        checkIndex(weights, index, window, window);
    }

    /** The same for a {@code windowH}×{@code windowW} window. */
    static void checkIndex(TorchWeights weights, String index, int windowH, int windowW) {
        float[] stored = weights.floats(index);
        int p = windowH * windowW;
        if (stored.length != p * p) {
            throw weights.fail(index + " has " + stored.length + " entries, expected " + p * p);
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                if (stored[i * p + j] != index(windowH, windowW, i, j)) {
                    throw weights.fail(index + " differs from Swin's relative offsets at (" + i + ", " + j + ")");
                }
            }
        }
    }

    /** The table row for query pixel {@code i} and key pixel {@code j} of a window. */
    static int index(int window, int i, int j) {
        return index(window, window, i, j);
    }

    /** The same for a {@code windowH}×{@code windowW} window: (dy + h − 1)·(2w − 1) + dx + w − 1. */
    static int index(int windowH, int windowW, int i, int j) {
        int dy = i / windowW - j / windowW + windowH - 1;
        int dx = i % windowW - j % windowW + windowW - 1;
        return dy * (2 * windowW - 1) + dx;
    }

    /** {@code rows} ((2h−1)(2w−1) × heads, row-major) gathered into (heads, hw, hw). */
    static float[] gather(float[] rows, int windowH, int windowW, int heads) {
        int p = windowH * windowW;
        float[] bias = new float[heads * p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                int row = index(windowH, windowW, i, j);
                for (int h = 0; h < heads; h++) {
                    bias[(h * p + i) * p + j] = rows[row * heads + h];
                }
            }
        }
        return bias;
    }
}
