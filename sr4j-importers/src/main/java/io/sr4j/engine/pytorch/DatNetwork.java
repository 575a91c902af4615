package io.sr4j.engine.pytorch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * DAT, the Dual Aggregation Transformer (Chen et al., "Dual Aggregation Transformer for Image
 * Super-Resolution", ICCV 2023): the releases DAT, DAT-S, DAT-2 ({@code pixelshuffle}) and DAT-light
 * ({@code pixelshuffledirect}, 3conv). The RGB mean is subtracted (img_range 1), {@code conv_first}
 * makes features, a LayerNorm ({@code before_RG.1}) and residual groups ({@code layers.N}: blocks,
 * then SwinIR's 1conv/3conv on the image, + the group's input) and a LayerNorm form the body;
 * {@code conv_after_body} + the first features go to the upsampler; the mean is added back. No
 * padding of the image: the spatial attention pads inside.
 *
 * <p>A block on tokens (1, H, W, C): + attention(norm1), then + SGFN(norm2). Even blocks attend in
 * space: qkv zero-padded at the bottom and right to a multiple of the longer window side, half the
 * channels within s0×s1 windows, the other half within s1×s0 ones ({@link WindowGrid}), each with
 * the bias of {@link DynamicPositionBias}; in blocks 2, 6, … of even groups and 0, 4, … of odd
 * ones the windows are first rolled by half their size, with Swin's region mask for the padded
 * size. Odd blocks attend across channels: per head softmax(q̂·k̂ᵀ·temperature)·v over channels,
 * q̂ and k̂ L2-normalised over the pixels. Both add a depthwise-conv branch on v (conv, BatchNorm,
 * GELU) and cross-gate it with the attention through σ(C-map) (global mean, 1×1, BatchNorm, GELU,
 * 1×1) and σ(S-map) (1×1, BatchNorm, GELU, 1×1 to one channel), each map taken from the other branch
 * before gating: spatial blocks gate the attention by the conv's C-map and the conv by the
 * attention's S-map, channel blocks the other way round. BatchNorms are folded into their
 * convolutions. SGFN: fc1, GELU, halves a and b, a·dwconv(LayerNorm(b)), fc2.
 *
 * <p>Tiles follow the grid of the longer window side; the channel attention and the C-map see the
 * whole tile, so tiles differ somewhat from the whole image.
 */
final class DatNetwork implements TorchNetwork {
    static final String NAME = "DAT";
    private static final float EPS = 1e-5f;
    private static final int TILE_OVERLAP = 32;
    private static final Pattern BLOCK = Pattern.compile("layers\\.(\\d+)\\.blocks\\.(\\d+)\\..*");
    private static final String FIRST_OFFSETS = "layers.0.blocks.0.attn.attns.0.rpe_biases";

    private final TorchWeights weights;
    private final int dim;
    private final int[] depths;
    private final int[] heads;
    private final int split0;
    private final int split1;
    private final boolean threeConv;
    private final List<Integer> steps;
    private final boolean direct;

    private DatNetwork(TorchWeights weights, int dim, int[] depths, int[] heads, int split0, int split1,
            boolean threeConv, List<Integer> steps, boolean direct) {
        this.weights = weights;
        this.dim = dim;
        this.depths = depths;
        this.heads = heads;
        this.split0 = split0;
        this.split1 = split1;
        this.threeConv = threeConv;
        this.steps = steps;
        this.direct = direct;
    }

    /** The network if the names are DAT's ({@code before_RG.1}, {@code layers.N.blocks.M.attn.attns.K.rpe_biases}); else null. */
    static DatNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        if (!tensors.containsKey("conv_first.weight") || !tensors.containsKey("before_RG.1.weight")
                || !tensors.containsKey(FIRST_OFFSETS)) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        long[] first = weights.shape("conv_first.weight", 4);
        if (first[1] != 3) {
            throw weights.fail("conv_first takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        int dim = (int) first[0];
        int[] depths = weights.layerDepths(BLOCK);
        int[] heads = new int[depths.length];
        for (int i = 0; i < depths.length; i++) {
            // each spatial half has half the heads
            heads[i] = 2 * (int) weights.shape("layers." + i + ".blocks.0.attn.attns.0.pos.pos3.2.weight", 2)[0];
            if (dim % heads[i] != 0) {
                throw weights.fail("layers." + i + " has " + heads[i] + " heads for " + dim + " channels");
            }
        }
        // rpe_biases' first row is the offset (1 − s0, 1 − s1) of window 0
        float[] offsets = weights.floats(FIRST_OFFSETS);
        int split0 = Math.round(1 - offsets[0]);
        int split1 = Math.round(1 - offsets[1]);
        if (split0 < 1 || split1 < 1 || dim % 2 != 0) {
            throw weights.fail(FIRST_OFFSETS + " starts at (" + offsets[0] + ", " + offsets[1] + "), not at a window's"
                    + " farthest offset, or " + dim + " channels do not split in two");
        }
        List<Integer> steps = new ArrayList<>();
        boolean direct = false;
        if (weights.has("conv_before_upsample.0.weight")) {
            steps.addAll(PixelShuffleHead.steps(weights));
        } else if (weights.has("upsample.0.weight")) {
            direct = true;
            steps.add(weights.pixelShuffleScale("upsample.0"));
        }
        if (steps.isEmpty()) {
            throw weights.fail("no upsampler (conv_before_upsample with upsample.0, or upsample.0 alone)");
        }
        return new DatNetwork(weights, dim, depths, heads, split0, split1, weights.has("conv_after_body.0.weight"),
                List.copyOf(steps), direct);
    }

    /** Whether spatial block {@code block} of group {@code group} rolls its windows (DAT's schedule). */
    static boolean rolled(int group, int block) {
        return group % 2 == 0 ? block % 4 == 2 : block % 4 == 0;
    }

    private int scale() {
        return steps.stream().reduce(1, (a, b) -> a * b);
    }

    @Override
    public DetectedArchitecture architecture() {
        long hidden = weights.shape("layers.0.blocks.0.ffn.fc1.weight", 2)[0];
        return DetectedArchitecture.onWindowGrid(NAME, scale(), TILE_OVERLAP, Math.max(split0, split1),
                "embed_dim " + dim + ", depths " + TorchWeights.joined(depths) + ", heads "
                        + TorchWeights.joined(heads) + ", split " + split0 + "x"
                        + split1 + ", expansion " + hidden / (double) dim + ", "
                        + (direct ? "pixelshuffledirect" : "pixelshuffle") + (threeConv ? ", 3conv" : ""));
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String first = g.conv("conv_first", g.addRgbMean(input, -1));
        String t = g.layerNorm("before_RG.1", tokens(g, first), EPS);
        for (int i = 0; i < depths.length; i++) {
            String p = "layers." + i;
            String y = t;
            for (int b = 0; b < depths[i]; b++) {
                y = block(g, p + ".blocks." + b, y, heads[i], b % 2 == 0, rolled(i, b));
            }
            t = g.add(tokens(g, SwinIrNetwork.residualConv(g, p + ".conv", image(g, y), threeConv)), t);
        }
        String body = image(g, g.layerNorm("norm", t, EPS));
        String y = g.add(SwinIrNetwork.residualConv(g, "conv_after_body", body, threeConv), first);
        y = direct ? g.pixelShuffle(g.conv("upsample.0", y), steps.get(0)) : PixelShuffleHead.emit(g, steps, y);
        return g.addRgbMean(y, 1);
    }

    private static String tokens(TorchGraph g, String image) {
        return g.transpose(image, 0, 2, 3, 1);
    }

    private static String image(TorchGraph g, String tokens) {
        return g.transpose(tokens, 0, 3, 1, 2);
    }

    private String block(TorchGraph g, String p, String t, int heads, boolean spatial, boolean rolled) {
        String y = g.layerNorm(p + ".norm1", t, EPS);
        String attn = p + ".attn";
        if (spatial && (rolled != weights.has(attn + ".attn_mask_0"))) {
            throw weights.fail(attn + (rolled ? " lacks" : " has") + " attn_mask_0: its windows "
                    + (rolled ? "should" : "should not") + " be rolled in DAT's schedule");
        }
        t = g.add(t, spatial ? spatialAttention(g, attn, y, heads, rolled) : channelAttention(g, attn, y, heads));
        return g.add(t, sgfn(g, p + ".ffn", g.layerNorm(p + ".norm2", t, EPS)));
    }

    private String qkv(TorchGraph g, String attn, String y) {
        return weights.has(attn + ".qkv.bias") ? g.linearWithBias(attn + ".qkv", y) : g.linear(attn + ".qkv", y, false);
    }

    private String spatialAttention(TorchGraph g, String attn, String y, int heads, boolean rolled) {
        String qkv = qkv(g, attn, y);
        List<String> parts = g.chunk(qkv, 3, 3L * dim, 3);
        String v = image(g, parts.get(2));
        String conv = g.gelu(g.convBatchNorm(attn + ".dwconv.0", attn + ".dwconv.1", v, dim));
        // zeros after the projection, so padded pixels have q = k = v = 0 (and still take part)
        String padded = g.padToMultiple(image(g, qkv), Math.max(split0, split1), "constant");
        List<String> qkvPadded = g.chunk(tokens(g, padded), 3, 3L * dim, 3);
        List<String> halves = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int windowH = i == 0 ? split0 : split1;
            int windowW = i == 0 ? split1 : split0;
            List<String> half = new ArrayList<>();
            for (String part : qkvPadded) {
                half.add(g.chunk(part, 3, dim, 2).get(i));
            }
            if (rolled) {
                weights.tensor(attn + ".attn_mask_" + i); // the training size's; the mask is computed for this size
            }
            String module = attn + ".attns." + i;
            long pixels = (long) windowH * windowW;
            String bias = g.constant(DynamicPositionBias.gathered(weights, module, windowH, windowW, heads / 2),
                    heads / 2, pixels, pixels);
            halves.add(new WindowGrid(g, padded, windowH, windowW).attendWithin(g.concat(half, 3), dim / 2, heads / 2,
                    bias, rolled));
        }
        String attended = tokens(g, g.cropToScaled(image(g, g.concat(halves, 3)), v, 1));
        String sMap = spatialMap(g, attn, image(g, attended));
        attended = g.mul(attended, g.sigmoid(tokens(g, channelMap(g, attn, conv))));
        conv = g.mul(conv, g.sigmoid(sMap));
        return g.linearWithBias(attn + ".proj", g.add(attended, tokens(g, conv)));
    }

    private String channelAttention(TorchGraph g, String attn, String y, int heads) {
        List<String> parts = g.chunk(qkv(g, attn, y), 3, 3L * dim, 3);
        long d = dim / heads;
        // per head (1, heads, d, N): channels as the sequence, pixels as the features
        String perHead = g.shape(1, -1, heads, d);
        String q = g.l2NormaliseLastAxis(g.transpose(g.reshape(parts.get(0), perHead), 0, 2, 3, 1));
        String kT = g.transpose(g.l2NormaliseLastAxis(g.transpose(g.reshape(parts.get(1), perHead), 0, 2, 3, 1)), 0, 1, 3, 2);
        String vh = g.transpose(g.reshape(parts.get(2), perHead), 0, 2, 3, 1);
        long[] shape = weights.shape(attn + ".temperature", 3);
        if (shape[0] != heads || shape[1] != 1 || shape[2] != 1) {
            throw weights.fail(attn + ".temperature has shape " + Arrays.toString(shape) + ", expected ["
                    + heads + ", 1, 1]");
        }
        String logits = g.mul(g.matmul(q, kT), g.constant(weights.floats(attn + ".temperature"), heads, 1, 1));
        String out = g.matmul(g.softmaxLastAxis(logits), vh);
        String attended = g.reshape(g.transpose(out, 0, 3, 1, 2), g.shapeOf(parts.get(0)));
        String conv = g.gelu(g.convBatchNorm(attn + ".dwconv.0", attn + ".dwconv.1", image(g, parts.get(2)), dim));
        String cMap = channelMap(g, attn, image(g, attended));
        attended = g.mul(attended, g.sigmoid(tokens(g, spatialMap(g, attn, conv))));
        conv = g.mul(conv, g.sigmoid(cMap));
        return g.linearWithBias(attn + ".proj", g.add(attended, tokens(g, conv)));
    }

    /** The C-map (1, C, 1, 1) of an NCHW branch: global mean, 1×1, BatchNorm, GELU, 1×1. */
    private static String channelMap(TorchGraph g, String attn, String x) {
        String p = attn + ".channel_interaction";
        return g.conv(p + ".4", g.gelu(g.convBatchNorm(p + ".1", p + ".2", g.globalMean(x), 1)));
    }

    /** The S-map (1, 1, H, W) of an NCHW branch: 1×1, BatchNorm, GELU, 1×1 to one channel. */
    private static String spatialMap(TorchGraph g, String attn, String x) {
        String p = attn + ".spatial_interaction";
        return g.conv(p + ".3", g.gelu(g.convBatchNorm(p + ".0", p + ".1", x, 1)));
    }

    /** The spatial-gate feed-forward network on tokens (1, H, W, C). */
    private String sgfn(TorchGraph g, String p, String x) {
        String h = g.gelu(g.linearWithBias(p + ".fc1", x));
        long hidden = weights.shape(p + ".fc1.weight", 2)[0];
        List<String> halves = g.chunk(h, 3, hidden, 2);
        String gate = tokens(g, g.depthwise(p + ".sg.conv", image(g, g.layerNorm(p + ".sg.norm", halves.get(1), EPS)), true));
        return g.linearWithBias(p + ".fc2", g.mul(halves.get(0), gate));
    }
}
