package io.sr4j.engine.pytorch;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * HAT (Chen et al., "Activating More Pixels in Image Super-Resolution Transformer", CVPR 2023):
 * HAT-S, HAT and HAT-L (pixelshuffle upsampler, 1conv groups, as released). SwinIR's frame (reflect-padding to the window,
 * RGB mean, {@code conv_first}, patch LayerNorm, residual groups, LayerNorm, {@code conv_after_body}
 * plus the first features, {@link PixelShuffleHead}) with two kinds of block:
 *
 * <ul>
 *   <li>hybrid attention ({@code blocks.M}): a Swin block whose attention gets 0.01 × a channel-
 *       attention branch of the same normalised tokens ({@code conv_block.cab}: conv, GELU, conv,
 *       then squeeze-excitation: global mean, 1×1 conv, ReLU, 1×1 conv, sigmoid, multiplied in);</li>
 *   <li>overlapping cross-attention ({@code overlap_attn}, one per group after its blocks): queries
 *       of each w×w window attend to keys and values of the o×o window around it, zero beyond the
 *       image, with a bias per offset; projection, + input; LayerNorm, MLP, + input.</li>
 * </ul>
 *
 * <p>The bias indices are buffers of the whole network: {@code relative_position_index_SA}, checked
 * against Swin's offsets, and {@code relative_position_index_OCA}, used as stored (its negative
 * entries count from the end of the table, as PyTorch indexing does).
 */
final class HatNetwork implements TorchNetwork {
    static final String NAME = "HAT";
    private static final float EPS = 1e-5f;
    private static final float CONV_SCALE = 0.01f;
    private static final int TILE_OVERLAP = 32;
    private static final String SA_INDEX = "relative_position_index_SA";
    private static final String OCA_INDEX = "relative_position_index_OCA";
    private static final Pattern BLOCK = Pattern.compile("layers\\.(\\d+)\\.residual_group\\.blocks\\.(\\d+)\\..*");

    private final TorchWeights weights;
    private final int dim;
    private final int[] depths;
    private final int[] heads;
    private final int window;
    private final int overlap;
    private final boolean patchNorm;
    private final List<Integer> steps;

    private HatNetwork(TorchWeights weights, int dim, int[] depths, int[] heads, int window, int overlap,
            boolean patchNorm, List<Integer> steps) {
        this.weights = weights;
        this.dim = dim;
        this.depths = depths;
        this.heads = heads;
        this.window = window;
        this.overlap = overlap;
        this.patchNorm = patchNorm;
        this.steps = steps;
    }

    /** The network if the names are HAT's ({@code layers.N.residual_group.overlap_attn}); else null. */
    static HatNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        if (!tensors.containsKey("conv_first.weight")
                || !tensors.containsKey("layers.0.residual_group.overlap_attn.relative_position_bias_table")) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        if (weights.has("absolute_pos_embed")) {
            throw weights.fail("absolute_pos_embed (ape=True) ties the network to its training size; not converted");
        }
        long[] first = weights.shape("conv_first.weight", 4);
        if (first[1] != 3) {
            throw weights.fail("conv_first takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        int dim = (int) first[0];
        int window = side(weights, weights.shape(SA_INDEX, 2)[0], SA_INDEX);
        int overlap = side(weights, weights.shape(OCA_INDEX, 2)[1], OCA_INDEX);
        int extra = overlap - window;
        if (extra <= 0 || extra > window || extra % 2 != 0) {
            throw weights.fail("overlapping window " + overlap + " for window " + window
                    + ": sr4j converts overlap ratios in (0, 1] that widen the window by an even number of pixels");
        }
        int[] depths = weights.layerDepths(BLOCK);
        int[] heads = new int[depths.length];
        for (int i = 0; i < depths.length; i++) {
            heads[i] = (int) weights.shape("layers." + i + ".residual_group.blocks.0.attn.relative_position_bias_table", 2)[1];
            if (heads[i] < 1 || dim % heads[i] != 0) {
                throw weights.fail("layers." + i + " has " + heads[i] + " heads for " + dim + " channels");
            }
        }
        if (!weights.has("layers.0.conv.weight")) {
            throw weights.fail("no layers.0.conv: resi_connection identity is not converted, only 1conv");
        }
        if (!weights.has("conv_before_upsample.0.weight")) {
            throw weights.fail("no conv_before_upsample: sr4j converts HAT's pixelshuffle upsampler only");
        }
        List<Integer> steps = PixelShuffleHead.steps(weights);
        if (steps.isEmpty()) {
            throw weights.fail("conv_before_upsample without upsample.0");
        }
        return new HatNetwork(weights, dim, depths, heads, window, overlap, weights.has("patch_embed.norm.weight"),
                List.copyOf(steps));
    }

    /** The window side whose square is {@code pixels}. */
    private static int side(TorchWeights weights, long pixels, String tensor) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side < 2 || (long) side * side != pixels) {
            throw weights.fail(tensor + " spans " + pixels + " pixels, not a square window");
        }
        return side;
    }

    private int scale() {
        return steps.stream().reduce(1, (a, b) -> a * b);
    }

    @Override
    public DetectedArchitecture architecture() {
        long squeezed = weights.shape("layers.0.residual_group.blocks.0.conv_block.cab.0.weight", 4)[0];
        long excited = weights.shape("layers.0.residual_group.blocks.0.conv_block.cab.3.attention.1.weight", 4)[0];
        return DetectedArchitecture.onWindowGrid(NAME, scale(), TILE_OVERLAP, window,
                "embed_dim " + dim + ", depths " + TorchWeights.joined(depths) + ", heads "
                        + TorchWeights.joined(heads) + ", window " + window
                        + ", overlap window " + overlap + ", compress " + dim / squeezed + ", squeeze " + dim / excited
                        + (patchNorm ? "" : ", no patch norm"));
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = g.addRgbMean(g.padToMultiple(input, window, 0, "reflect"), -1);
        String first = g.conv("conv_first", x);
        WindowGrid grid = new WindowGrid(g, x, window);
        RelativePositionBias.checkIndex(weights, SA_INDEX, window);
        float[] ocaIndex = weights.floats(OCA_INDEX);
        String t = g.transpose(first, 0, 2, 3, 1);
        if (patchNorm) {
            t = g.layerNorm("patch_embed.norm", t, EPS);
        }
        long pixels = (long) window * window;
        for (int i = 0; i < depths.length; i++) {
            String p = "layers." + i;
            String y = t;
            for (int b = 0; b < depths[i]; b++) {
                String block = p + ".residual_group.blocks." + b;
                String bias = g.constant(RelativePositionBias.gather(weights, block + ".attn.relative_position_bias_table",
                        window, heads[i]), heads[i], pixels, pixels);
                y = hybridBlock(g, grid, block, y, heads[i], bias, b % 2 == 1);
            }
            y = overlapAttention(g, grid, p + ".residual_group.overlap_attn", y, heads[i], ocaIndex);
            t = g.add(g.transpose(g.conv(p + ".conv", g.transpose(y, 0, 3, 1, 2)), 0, 2, 3, 1), t);
        }
        String body = g.transpose(g.layerNorm("norm", t, EPS), 0, 3, 1, 2);
        String y = PixelShuffleHead.emit(g, steps, g.add(g.conv("conv_after_body", body), first));
        return g.cropToScaled(g.addRgbMean(y, 1), input, scale());
    }

    private String hybridBlock(TorchGraph g, WindowGrid grid, String p, String t, int heads, String bias, boolean shifted) {
        String y = g.layerNorm(p + ".norm1", t, EPS);
        String conv = g.transpose(channelAttention(g, p + ".conv_block.cab", g.transpose(y, 0, 3, 1, 2)), 0, 2, 3, 1);
        t = g.add(g.add(t, grid.attend(p + ".attn", y, dim, heads, bias, shifted)), g.scale(conv, CONV_SCALE));
        return g.add(t, g.mlp(p + ".mlp", g.layerNorm(p + ".norm2", t, EPS)));
    }

    /** CAB on NCHW: conv, GELU, conv, times the squeeze-excitation of the result. */
    private static String channelAttention(TorchGraph g, String cab, String x) {
        String y = g.conv(cab + ".2", g.gelu(g.conv(cab + ".0", x)));
        String se = g.conv(cab + ".3.attention.3", g.relu(g.conv(cab + ".3.attention.1", g.globalMean(y))));
        return g.mul(y, g.sigmoid(se));
    }

    private String overlapAttention(TorchGraph g, WindowGrid grid, String p, String t, int heads, float[] index) {
        List<String> qkv = g.chunk(g.linearWithBias(p + ".qkv", g.layerNorm(p + ".norm1", t, EPS)), 3, 3L * dim, 3);
        String q = grid.toWindows(qkv.get(0), dim);
        List<String> kv = g.chunk(grid.overlapping(g.concat(List.of(qkv.get(1), qkv.get(2)), 3), 2L * dim, overlap), 2, 2L * dim, 2);
        String bias = g.constant(overlapBias(p + ".relative_position_bias_table", heads, index),
                heads, (long) window * window, (long) overlap * overlap);
        String a = g.attention(q, kv.get(0), kv.get(1), dim, heads, List.of(bias));
        t = g.add(t, g.linearWithBias(p + ".proj", grid.fromWindows(a, dim, t)));
        return g.add(t, g.mlp(p + ".mlp", g.layerNorm(p + ".norm2", t, EPS)));
    }

    /** The (heads, w², o²) bias: the table's rows picked by the stored index, negative ones from the end. */
    private float[] overlapBias(String table, int heads, float[] index) {
        int side = window + overlap - 1;
        int rows = side * side;
        long[] shape = weights.shape(table, 2);
        if (shape[0] != rows || shape[1] != heads) {
            throw weights.fail(table + " has shape [" + shape[0] + ", " + shape[1] + "], expected [" + rows + ", "
                    + heads + "] for windows " + window + " and " + overlap);
        }
        float[] values = weights.floats(table);
        int queries = window * window;
        int keys = overlap * overlap;
        float[] bias = new float[heads * queries * keys];
        for (int i = 0; i < queries * keys; i++) {
            int row = (int) index[i];
            if (row != index[i] || row < -rows || row >= rows) {
                throw weights.fail(OCA_INDEX + " holds " + index[i] + ", outside a table of " + rows + " rows");
            }
            row = row < 0 ? row + rows : row;
            for (int h = 0; h < heads; h++) {
                bias[h * queries * keys + i] = values[row * heads + h];
            }
        }
        return bias;
    }
}
