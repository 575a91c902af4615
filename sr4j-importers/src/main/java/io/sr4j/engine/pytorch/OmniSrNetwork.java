package io.sr4j.engine.pytorch;

import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OmniSR (Wang et al., CVPR 2023): {@code input} 3×3 conv, res_num omni-scale aggregation groups,
 * {@code output} 3×3 conv plus the first features, {@code up.0} conv to 3·s² and a pixel shuffle.
 * The image is zero-padded to a multiple of the window w (read from the relative-position table,
 * (2w−1)² rows) and the result cropped back.
 *
 * <p>A group ({@code residual_layer.N}) is OSA blocks, a 1×1 conv, a skip, and an enhanced spatial
 * attention ({@code esa}: a mask from a strided conv, a 7×7/3 max-pool and a bilinear upsampling).
 * An OSA block ({@code layer.0…12}) is an MBConv with squeeze-excitation, self-attention inside w×w
 * windows, a gated depthwise feed-forward, attention among the channels of each window, a
 * feed-forward; then the same on the "grid" partition (a window gathers pixels H/w apart, a channel
 * group gathers the pixels at one offset of every window). Heads are four (the architecture fixes it).
 *
 * <p>The mean of the squeeze-excitation, the grid partitions and the ESA pooling see the whole
 * image, so tiles change the result slightly: the tile padding is a measured compromise, not exact.
 */
final class OmniSrNetwork implements TorchNetwork {
    static final String NAME = "OmniSR";
    private static final int HEADS = 4;
    /** nn.LayerNorm's default and OmniSR's channel LayerNorm2d's. */
    private static final float TOKEN_EPS = 1e-5f;
    private static final float CHANNEL_EPS = 1e-6f;
    private static final Pattern GROUP = Pattern.compile("residual_layer\\.(\\d+)\\.residual_layer\\.(\\d+)\\..*");

    private final TorchWeights weights;
    private final int dim;
    private final int groups;
    private final int blocks;
    private final int window;
    private final boolean positionBias;
    private final int scale;

    private OmniSrNetwork(TorchWeights weights, int dim, int groups, int blocks, int window, boolean positionBias,
            int scale) {
        this.weights = weights;
        this.dim = dim;
        this.groups = groups;
        this.blocks = blocks;
        this.window = window;
        this.positionBias = positionBias;
        this.scale = scale;
    }

    /** The network if the names are OmniSR's ({@code input}, {@code residual_layer.N.esa}, {@code up.0}); else null. */
    static OmniSrNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        if (!tensors.containsKey("input.weight") || !tensors.containsKey("up.0.weight")
                || !tensors.containsKey("residual_layer.0.esa.conv1.weight")) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        TreeSet<Integer> groupIds = new TreeSet<>();
        TreeSet<Integer> layerIds = new TreeSet<>();
        for (String key : tensors.keySet()) {
            Matcher m = GROUP.matcher(key);
            if (m.matches()) {
                groupIds.add(Integer.parseInt(m.group(1)));
                if (m.group(1).equals("0")) {
                    layerIds.add(Integer.parseInt(m.group(2)));
                }
            }
        }
        long[] first = weights.shape("input.weight", 4);
        int dim = (int) first[0];
        if (first[1] != 3) {
            throw weights.fail("input takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        if (dim % HEADS != 0) {
            throw weights.fail(dim + " features do not split into " + HEADS + " heads");
        }
        if (groupIds.isEmpty() || groupIds.last() != groupIds.size() - 1 || layerIds.size() < 2
                || layerIds.last() != layerIds.size() - 1) {
            throw weights.fail("residual_layer groups " + groupIds + " with layers " + layerIds
                    + ": expected residual_layer.0… each with OSA blocks 0… and a last 1×1 convolution");
        }
        String bias = "residual_layer.0.residual_layer.0.layer.2.fn.rel_pos_bias.weight";
        boolean positionBias = weights.has(bias);
        int window = 8;
        if (positionBias) {
            long rows = weights.shape(bias, 2)[0];
            window = (int) Math.round((Math.sqrt(rows) + 1) / 2);
            if ((2L * window - 1) * (2L * window - 1) != rows) {
                throw weights.fail(bias + " has " + rows + " rows, not (2w−1)² for a window w");
            }
        }
        int scale = weights.pixelShuffleScale("up.0");
        return new OmniSrNetwork(weights, dim, groupIds.size(), layerIds.size() - 1, window, positionBias, scale);
    }

    @Override
    public DetectedArchitecture architecture() {
        // Measured: see PytorchTilingTest (tiles against the whole image).
        return new DetectedArchitecture(NAME, scale, 4 * window,
                "num_feat " + dim + ", res_num " + groups + ", block_num " + blocks + ", window " + window
                        + (positionBias ? "" : ", no position bias"));
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = g.padToMultiple(input, window, "constant");
        Grid grid = new Grid(g.dimDividedBy(x, 2, window), g.dimDividedBy(x, 3, window),
                g.shape(1, dim, g.dimDividedBy(x, 2, 1), g.dimDividedBy(x, 3, 1)));
        String feat = g.conv("input", x);
        String y = feat;
        for (int i = 0; i < groups; i++) {
            y = group(g, grid, "residual_layer." + i, y);
        }
        y = g.add(g.conv("output", y), feat);
        y = g.pixelShuffle(g.conv("up.0", y), scale);
        return g.cropToScaled(y, input, scale);
    }

    /** Windows per column and row of the padded image, and the features' shape (1, C, H, W). */
    private record Grid(String rows, String columns, String image) {
    }

    private String group(TorchGraph g, Grid grid, String p, String x) {
        String y = x;
        for (int b = 0; b < blocks; b++) {
            y = osaBlock(g, grid, p + ".residual_layer." + b + ".layer.", y);
        }
        y = g.add(g.conv(p + ".residual_layer." + blocks, y, 1, 0, 1, true), x);
        return esa(g, p + ".esa", y);
    }

    private String osaBlock(TorchGraph g, Grid grid, String l, String x) {
        String y = mbConv(g, l + "0.fn.", x);
        y = windowAttention(g, grid, l + "2", y, false);
        y = feedForward(g, l + "4", y);
        y = channelAttention(g, grid, l + "5", y, false);
        y = feedForward(g, l + "6", y);
        y = windowAttention(g, grid, l + "8", y, true);
        y = feedForward(g, l + "10", y);
        y = channelAttention(g, grid, l + "11", y, true);
        return feedForward(g, l + "12", y);
    }

    /** 1×1 conv, GELU, depthwise 3×3, GELU, squeeze-excitation (mean, Linear, SiLU, Linear, σ), 1×1 conv; + x. */
    private static String mbConv(TorchGraph g, String f, String x) {
        String y = g.gelu(g.conv(f + "0", x, 1, 0, 1, true));
        y = g.gelu(g.depthwise(f + "2", y, true));
        String gate = g.silu(g.linear(f + "4.gate.1", g.globalMean(y), true));
        y = g.mul(y, g.sigmoid(g.linear(f + "4.gate.3", gate, true)));
        return g.add(g.conv(f + "5", y, 1, 0, 1, true), x);
    }

    /** Channel norm, 1×1 conv to 2c, depthwise 3×3, GELU(first half)·second half, 1×1 conv; + x. */
    private String feedForward(TorchGraph g, String m, String x) {
        String y = g.depthwise(m + ".fn.dwconv", g.conv(m + ".fn.project_in", g.channelNorm(m + ".norm", x, CHANNEL_EPS),
                1, 0, 1, false), false);
        List<String> halves = g.chunk(y, 1, weights.shape(m + ".fn.dwconv.weight", 4)[0], 2);
        y = g.mul(g.gelu(halves.get(0)), halves.get(1));
        return g.add(g.conv(m + ".fn.project_out", y, 1, 0, 1, false), x);
    }

    /**
     * (1, C, H, W) seen as five axes: (C, rows, w, columns, w) for blocks, (C, w, rows, w, columns)
     * for the grid (pixel y = w1·rows + row).
     */
    private String fiveAxes(TorchGraph g, Grid grid, String x, boolean dilated) {
        return g.reshape(x, dilated ? g.shape(dim, window, grid.rows(), window, grid.columns())
                : g.shape(dim, grid.rows(), window, grid.columns(), window));
    }

    /** LayerNorm on tokens, multi-head attention among a window's w² pixels with position bias, Linear; + x. */
    private String windowAttention(TorchGraph g, Grid grid, String m, String x, boolean dilated) {
        long[] toTokens = dilated ? new long[] {2, 4, 1, 3, 0} : new long[] {1, 3, 2, 4, 0};
        long pixels = (long) window * window;
        String tokens = g.reshape(g.transpose(fiveAxes(g, grid, x, dilated), toTokens), g.shape(-1, pixels, dim));
        String qkv = g.linear(m + ".fn.to_qkv", g.layerNorm(m + ".norm", tokens, TOKEN_EPS), false);
        List<String> bias = positionBias ? List.of(g.constant(RelativePositionBias.gather(weights,
                m + ".fn.rel_pos_bias.weight", window, HEADS), HEADS, pixels, pixels)) : List.of();
        String out = g.add(g.linear(m + ".fn.to_out.0", g.attention(qkv, dim, HEADS, bias), false), tokens);
        // back: (rows, columns, w, w, C) → the five axes → (1, C, H, W)
        String windows = g.reshape(out, g.shape(grid.rows(), grid.columns(), window, window, dim));
        return g.reshape(g.transpose(windows, dilated ? new long[] {4, 2, 0, 3, 1} : new long[] {4, 0, 2, 1, 3}),
                grid.image());
    }

    /**
     * Channel norm, 1×1 conv to q, k, v, depthwise 3×3; per group of pixels and head, a d×d attention
     * among channels (q, k L2-normalised over the group's pixels, times a temperature per head),
     * applied to v; 1×1 conv; + x.
     */
    private String channelAttention(TorchGraph g, Grid grid, String m, String x, boolean dilated) {
        String f = m + ".fn.";
        String qkv = g.depthwise(f + "qkv_dwconv",
                g.conv(f + "qkv", g.channelNorm(m + ".norm", x, CHANNEL_EPS), 1, 0, 1, false), false);
        // From (C, rows, w, columns, w): a group is a window (blocks) or one offset in every window (grid).
        long[] toGroups = dilated ? new long[] {2, 4, 0, 1, 3} : new long[] {1, 3, 0, 2, 4};
        long pixels = (long) window * window;
        String split = dilated ? g.shape(pixels, HEADS, dim / HEADS, -1) : g.shape(-1, HEADS, dim / HEADS, pixels);
        String[] qkvGroups = new String[3];
        List<String> parts = g.chunk(qkv, 1, 3L * dim, 3);
        for (int i = 0; i < 3; i++) {
            qkvGroups[i] = g.reshape(g.transpose(fiveAxes(g, grid, parts.get(i), false), toGroups), split);
        }
        String q = g.l2NormaliseLastAxis(qkvGroups[0]);
        String kT = g.transpose(g.l2NormaliseLastAxis(qkvGroups[1]), 0, 1, 3, 2);
        float[] temperature = weights.floats(f + "temperature");
        if (temperature.length != HEADS) {
            throw weights.fail(f + "temperature has " + temperature.length + " values, expected " + HEADS);
        }
        String attention = g.softmaxLastAxis(g.mul(g.matmul(q, kT), g.constant(temperature, HEADS, 1, 1)));
        String out = g.matmul(attention, qkvGroups[2]);
        String grouped = dilated ? g.shape(window, window, dim, grid.rows(), grid.columns())
                : g.shape(grid.rows(), grid.columns(), dim, window, window);
        String back = g.reshape(g.transpose(g.reshape(out, grouped),
                dilated ? new long[] {2, 3, 0, 4, 1} : new long[] {2, 0, 3, 1, 4}), grid.image());
        return g.add(g.conv(f + "project_out", back, 1, 0, 1, false), x);
    }

    /** Enhanced spatial attention: x·σ(conv4(upsampled coarse mask + conv_f(conv1 x))). */
    private static String esa(TorchGraph g, String m, String x) {
        String c1 = g.conv(m + ".conv1", x, 1, 0, 1, true);
        String coarse = g.conv(m + ".conv3", g.maxPool(g.conv(m + ".conv2", c1, 2, 0, 1, true), 7, 3), 1, 1, 1, true);
        String mask = g.add(g.bilinearLike(coarse, x), g.conv(m + ".conv_f", c1, 1, 0, 1, true));
        return g.mul(x, g.sigmoid(g.conv(m + ".conv4", mask, 1, 0, 1, true)));
    }
}
