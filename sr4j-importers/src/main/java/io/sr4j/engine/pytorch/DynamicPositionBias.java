package io.sr4j.engine.pytorch;

/**
 * DAT's position bias for an h×w window: not a learned table but a small MLP of the relative
 * offsets ({@code pos.pos_proj}, then three LayerNorm → ReLU → Linear stages {@code pos.pos1…3},
 * the last one giving one value per head), evaluated on the (2h−1)(2w−1) offsets the file stores
 * as {@code rpe_biases}. The inputs are fixed, so sr4j evaluates it once, here, and the graph gets
 * the gathered (heads, hw, hw) constant, like a Swin table ({@link RelativePositionBias}).
 */
final class DynamicPositionBias {
    private static final double EPS = 1e-5;

    private DynamicPositionBias() {
    }

    /** The bias of the attention {@code module} ({@code …attns.i}) for windows of h×w pixels. */
    static float[] gathered(TorchWeights weights, String module, int windowH, int windowW, int heads) {
        int rows = (2 * windowH - 1) * (2 * windowW - 1);
        float[] offsets = weights.floats(module + ".rpe_biases");
        if (offsets.length != 2 * rows) {
            throw weights.fail(module + ".rpe_biases has " + offsets.length + " values, expected " + 2 * rows
                    + " for a " + windowH + "×" + windowW + " window");
        }
        for (int r = 0; r < rows; r++) {
            if (offsets[2 * r] != r / (2 * windowW - 1) - (windowH - 1)
                    || offsets[2 * r + 1] != r % (2 * windowW - 1) - (windowW - 1)) {
                throw weights.fail(module + ".rpe_biases differs from the offsets of a " + windowH + "×" + windowW
                        + " window at row " + r);
            }
        }
        RelativePositionBias.checkIndex(weights, module + ".relative_position_index", windowH, windowW);
        String pos = module + ".pos";
        float[] x = linear(weights, pos + ".pos_proj", offsets, rows);
        for (int stage = 1; stage <= 3; stage++) {
            x = linear(weights, pos + ".pos" + stage + ".2", relu(layerNorm(weights, pos + ".pos" + stage + ".0", x, rows)),
                    rows);
        }
        if (x.length != rows * heads) {
            throw weights.fail(pos + ".pos3.2 gives " + x.length / rows + " values per offset, expected " + heads + " heads");
        }
        return RelativePositionBias.gather(x, windowH, windowW, heads);
    }

    /** {@code nn.Linear} on each of {@code rows} row-major rows. */
    private static float[] linear(TorchWeights weights, String module, float[] x, int rows) {
        long[] shape = weights.shape(module + ".weight", 2);
        int out = (int) shape[0];
        int in = (int) shape[1];
        if (x.length != rows * in) {
            throw weights.fail(module + " takes " + in + " values, given " + x.length / rows);
        }
        float[] w = weights.floats(module + ".weight");
        float[] b = weights.floats(module + ".bias", out);
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    sum += (double) w[o * in + i] * x[r * in + i];
                }
                y[r * out + o] = (float) sum;
            }
        }
        return y;
    }

    private static float[] layerNorm(TorchWeights weights, String module, float[] x, int rows) {
        int c = x.length / rows;
        float[] gamma = weights.floats(module + ".weight", c);
        float[] beta = weights.floats(module + ".bias", c);
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < c; i++) {
                mean += x[r * c + i];
            }
            mean /= c;
            double variance = 0;
            for (int i = 0; i < c; i++) {
                double d = x[r * c + i] - mean;
                variance += d * d;
            }
            double std = Math.sqrt(variance / c + EPS);
            for (int i = 0; i < c; i++) {
                y[r * c + i] = (float) ((x[r * c + i] - mean) / std * gamma[i] + beta[i]);
            }
        }
        return y;
    }

    private static float[] relu(float[] x) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0f, y[i]);
        }
        return y;
    }
}
