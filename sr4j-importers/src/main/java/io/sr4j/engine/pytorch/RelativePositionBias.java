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
        float[] rows = weights.floats(table);
        int p = window * window;
        float[] bias = new float[heads * p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                int row = index(window, i, j);
                for (int h = 0; h < heads; h++) {
                    bias[(h * p + i) * p + j] = rows[row * heads + h];
                }
            }
        }
        return bias;
    }

    /** Fails unless the file's {@code index} (w², w²) holds {@link #index} for every pixel pair. */
    static void checkIndex(TorchWeights weights, String index, int window) {
        float[] stored = weights.floats(index);
        int p = window * window;
        if (stored.length != p * p) {
            throw weights.fail(index + " has " + stored.length + " entries, expected " + p * p);
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                if (stored[i * p + j] != index(window, i, j)) {
                    throw weights.fail(index + " differs from Swin's relative offsets at (" + i + ", " + j + ")");
                }
            }
        }
    }

    /** The table row for query pixel {@code i} and key pixel {@code j} of a window. */
    static int index(int window, int i, int j) {
        int dy = i / window - j / window + window - 1;
        int dx = i % window - j % window + window - 1;
        return dy * (2 * window - 1) + dx;
    }
}
