package io.sr4j.engine.pytorch;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * SPAN, the Swift Parameter-free Attention Network (Wan et al., NTIRE 2024 efficient SR): the image,
 * normalised as {@code (x − RGB mean)·255} unless the file carries a {@code no_norm} buffer, goes
 * through {@code conv_1}, six SPAB blocks and {@code conv_2}; a 1×1 {@code conv_cat} mixes
 * [features, conv_2 output, block 1 output, block 6's first convolution after its SiLU], and
 * {@code upsampler.0} (3×3 to 3·s²) with a pixel shuffle makes the image. (Upstream's SiLU works in
 * place, so the first convolution's output that the block hands out is the activated one: checked
 * against hongyuanyu/SPAN's own class, docs/MODELS.md.)
 *
 * <p>An SPAB block is three Conv3XC layers (SiLU after the first two) and a parameter-free attention:
 * {@code (out3 + x)·(σ(out3) − ½)}. A Conv3XC holds a 1×1 → 3×3 → 1×1 chain ({@code conv.0..2}) and
 * a 1×1 skip ({@code sk}); at inference PyTorch folds them into one 3×3 kernel on every forward and
 * ignores the stored {@code eval_conv} tensors, so the fold is done here too (see {@link #fold}).
 */
final class SpanNetwork implements TorchNetwork {
    static final String NAME = "SPAN";
    private static final int BLOCKS = 6;
    private static final float IMAGE_RANGE = 255f;

    private final TorchWeights weights;
    private final int features;
    private final boolean normalised;
    private final int scale;

    private SpanNetwork(TorchWeights weights, int features, boolean normalised, int scale) {
        this.weights = weights;
        this.features = features;
        this.normalised = normalised;
        this.scale = scale;
    }

    /** The network if the names are SPAN's ({@code conv_1.sk}, {@code block_1.c1_r}, {@code upsampler.0}); else null. */
    static SpanNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        if (!tensors.containsKey("conv_1.sk.weight") || !tensors.containsKey("block_1.c1_r.sk.weight")
                || !tensors.containsKey("upsampler.0.weight")) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        long[] first = weights.shape("conv_1.sk.weight", 4);
        if (first[1] != 3) {
            throw weights.fail("conv_1 takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        boolean normalised = !weights.flag("no_norm");
        int scale = weights.pixelShuffleScale("upsampler.0");
        return new SpanNetwork(weights, (int) first[0], normalised, scale);
    }

    @Override
    public DetectedArchitecture architecture() {
        // conv_1, three 3×3 per block, conv_2 and the upsampler's 3×3: exact, nothing sees the whole image.
        int receptiveField = 1 + 3 * BLOCKS + 1 + 1;
        return new DetectedArchitecture(NAME, scale, receptiveField,
                "feature_channels " + features + (normalised ? ", input normalised" : ", no_norm"));
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = input;
        if (normalised) {
            x = g.scale(g.addRgbMean(input, -1), IMAGE_RANGE);
        }
        String features = conv3xc(g, "conv_1", x);
        String out = features;
        String firstBlockOut = null;
        String lastBlockFirstConv = null;
        for (int b = 1; b <= BLOCKS; b++) {
            String p = "block_" + b;
            String out1 = g.silu(conv3xc(g, p + ".c1_r", out));
            String out3 = conv3xc(g, p + ".c3_r", g.silu(conv3xc(g, p + ".c2_r", out1)));
            out = g.mul(g.add(out3, out), g.shift(g.sigmoid(out3), -0.5f));
            firstBlockOut = b == 1 ? out : firstBlockOut;
            lastBlockFirstConv = out1;
        }
        String cat = g.concatChannels(List.of(features, conv3xc(g, "conv_2", out), firstBlockOut, lastBlockFirstConv));
        return g.pixelShuffle(g.conv("upsampler.0", g.conv("conv_cat", cat)), scale);
    }

    /** A Conv3XC layer at inference: one 3×3 convolution with the folded kernel. */
    private String conv3xc(TorchGraph g, String module, String x) {
        long[] stored = weights.shape(module + ".eval_conv.weight", 4);
        weights.floats(module + ".eval_conv.bias", stored[0]); // recomputed by PyTorch at inference, never used
        Folded f = fold(module);
        if (!Arrays.equals(stored, f.shape())) {
            throw weights.fail(module + ".eval_conv has shape " + Arrays.toString(stored) + " but its branches fold into "
                    + Arrays.toString(f.shape()));
        }
        return g.conv(module, x, f.weight(), f.shape(), f.bias());
    }

    private record Folded(float[] weight, long[] shape, float[] bias) {
    }

    /**
     * The 1×1 (w1, b1) → 3×3 (w2, b2) → 1×1 (w3, b3) chain plus the 1×1 skip (sk, skb) as one 3×3
     * convolution: W[o][i] = Σₘ w3[o][m]·Σₙ w2[m][n]·w1[n][i] (+ sk[o][i] at the centre tap) and
     * B[o] = Σₘ w3[o][m]·(b2[m] + Σₙ (Σ taps w2[m][n])·b1[n]) + b3[o] + skb[o] — the same
     * kernel PyTorch's {@code update_params} computes with its flipped convolutions.
     */
    private Folded fold(String module) {
        long[] s1 = weights.shape(module + ".conv.0.weight", 4);
        long[] s2 = weights.shape(module + ".conv.1.weight", 4);
        long[] s3 = weights.shape(module + ".conv.2.weight", 4);
        long[] sk = weights.shape(module + ".sk.weight", 4);
        int in = (int) s1[1];
        int mid1 = (int) s1[0];
        int mid2 = (int) s2[0];
        int out = (int) s3[0];
        if (s1[2] != 1 || s1[3] != 1 || s2[1] != mid1 || s2[2] != 3 || s2[3] != 3 || s3[1] != mid2 || s3[2] != 1
                || s3[3] != 1 || sk[0] != out || sk[1] != in || sk[2] != 1 || sk[3] != 1) {
            throw weights.fail(module + " is not a Conv3XC (1×1, 3×3, 1×1 chain and 1×1 skip): conv.0 "
                    + Arrays.toString(s1) + ", conv.1 " + Arrays.toString(s2) + ", conv.2 " + Arrays.toString(s3)
                    + ", sk " + Arrays.toString(sk));
        }
        float[] w1 = weights.floats(module + ".conv.0.weight");
        float[] w2 = weights.floats(module + ".conv.1.weight");
        float[] w3 = weights.floats(module + ".conv.2.weight");
        float[] skw = weights.floats(module + ".sk.weight");
        float[] b1 = weights.floats(module + ".conv.0.bias", mid1);
        float[] b2 = weights.floats(module + ".conv.1.bias", mid2);
        float[] b3 = weights.floats(module + ".conv.2.bias", out);
        float[] skb = weights.floats(module + ".sk.bias", out);

        double[] inner = new double[mid2 * in * 9]; // Σₙ w2[m][n][t]·w1[n][i], index (m, i, t)
        double[] innerBias = new double[mid2];
        for (int m = 0; m < mid2; m++) {
            innerBias[m] = b2[m];
            for (int n = 0; n < mid1; n++) {
                for (int t = 0; t < 9; t++) {
                    double v = w2[(m * mid1 + n) * 9 + t];
                    innerBias[m] += v * b1[n];
                    for (int i = 0; i < in; i++) {
                        inner[(m * in + i) * 9 + t] += v * w1[n * in + i];
                    }
                }
            }
        }
        float[] weight = new float[out * in * 9];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double b = (double) b3[o] + skb[o];
            for (int m = 0; m < mid2; m++) {
                b += w3[o * mid2 + m] * innerBias[m];
            }
            for (int k = 0; k < in * 9; k++) {
                double sum = 0;
                for (int m = 0; m < mid2; m++) {
                    sum += w3[o * mid2 + m] * inner[m * in * 9 + k];
                }
                int i = k / 9;
                weight[o * in * 9 + k] = (float) (sum + (k % 9 == 4 ? skw[o * in + i] : 0));
            }
            bias[o] = (float) b;
        }
        return new Folded(weight, new long[] {out, in, 3, 3}, bias);
    }
}
