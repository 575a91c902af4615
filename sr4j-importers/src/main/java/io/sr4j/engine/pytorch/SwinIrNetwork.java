package io.sr4j.engine.pytorch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * SwinIR (Liang et al., "SwinIR: Image Restoration Using Swin Transformer", ICCVW 2021), the super-
 * resolution releases: classical ({@code pixelshuffle}), lightweight ({@code pixelshuffledirect})
 * and real-world ({@code nearest+conv}). The image is reflect-padded to a multiple of the window w
 * and the RGB mean (0.4488, 0.4371, 0.4040) subtracted (img_range 1, as released); {@code conv_first}
 * makes features; residual Swin transformer blocks ({@code layers.N}: Swin blocks, a 3×3 conv or the
 * "3conv" stack, plus the input) and a LayerNorm form the body; {@code conv_after_body} plus the
 * first features go to the upsampler; the mean is added back and the padding cropped.
 *
 * <p>A Swin block, on tokens (1, H, W, C): LayerNorm, a cyclic shift by −w/2 on odd blocks,
 * multi-head attention within w×w windows (position bias per relative offset; in shifted blocks
 * −100 between pixels the shift brought from different image regions, computed here for the
 * actual size, as SwinIR does for sizes other than the training one), the shift undone, + input;
 * LayerNorm, Linear, GELU, Linear, + input. The stored {@code relative_position_index} is checked
 * against the offsets, the stored {@code attn_mask} (for the training size) is not used.
 *
 * <p>Tiles follow the window grid ({@link DetectedArchitecture#tileWindow()}), so that each sees the
 * whole image's windows and, at the image's edges, its padding and masks; they still differ from
 * the whole image where the windows' reach through the blocks exceeds the tile padding.
 */
final class SwinIrNetwork implements TorchNetwork {
    static final String NAME = "SwinIR";
    private static final float EPS = 1e-5f;
    private static final int TILE_OVERLAP = 32;
    private static final Pattern BLOCK = Pattern.compile("layers\\.(\\d+)\\.residual_group\\.blocks\\.(\\d+)\\..*");

    enum Upsampler {
        PIXELSHUFFLE("pixelshuffle"), PIXELSHUFFLE_DIRECT("pixelshuffledirect"), NEAREST_CONV("nearest+conv");

        private final String label;

        Upsampler(String label) {
            this.label = label;
        }
    }

    private final TorchWeights weights;
    private final int dim;
    private final int[] depths;
    private final int[] heads;
    private final int window;
    private final boolean threeConv;
    private final boolean patchNorm;
    private final Upsampler upsampler;
    private final List<Integer> steps;

    private SwinIrNetwork(TorchWeights weights, int dim, int[] depths, int[] heads, int window, boolean threeConv,
            boolean patchNorm, Upsampler upsampler, List<Integer> steps) {
        this.weights = weights;
        this.dim = dim;
        this.depths = depths;
        this.heads = heads;
        this.window = window;
        this.threeConv = threeConv;
        this.patchNorm = patchNorm;
        this.upsampler = upsampler;
        this.steps = steps;
    }

    /** The network if the names are SwinIR's ({@code conv_first}, {@code layers.N.residual_group.blocks.M.attn}); else null. */
    static SwinIrNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        String firstTable = "layers.0.residual_group.blocks.0.attn.relative_position_bias_table";
        if (!tensors.containsKey("conv_first.weight") || !tensors.containsKey(firstTable)) {
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
        int[] depths = weights.layerDepths(BLOCK);
        int[] heads = new int[depths.length];
        for (int i = 0; i < depths.length; i++) {
            heads[i] = (int) weights.shape("layers." + i + ".residual_group.blocks.0.attn.relative_position_bias_table", 2)[1];
            if (heads[i] < 1 || first[0] % heads[i] != 0) {
                throw weights.fail("layers." + i + " has " + heads[i] + " heads for " + first[0] + " channels");
            }
        }
        long rows = weights.shape(firstTable, 2)[0];
        int window = (int) Math.round((Math.sqrt(rows) + 1) / 2);
        if ((2L * window - 1) * (2L * window - 1) != rows) {
            throw weights.fail(firstTable + " has " + rows + " rows, not (2w−1)² for a window w");
        }
        boolean threeConv = weights.has("conv_after_body.0.weight");
        Upsampler upsampler;
        List<Integer> steps = new ArrayList<>();
        if (weights.has("conv_up1.weight")) {
            upsampler = Upsampler.NEAREST_CONV;
            for (int i = 1; weights.has("conv_up" + i + ".weight"); i++) {
                steps.add(2); // ×2, ×4 or ×8
            }
        } else if (weights.has("conv_before_upsample.0.weight")) {
            upsampler = Upsampler.PIXELSHUFFLE;
            steps.addAll(PixelShuffleHead.steps(weights));
        } else if (weights.has("upsample.0.weight")) {
            upsampler = Upsampler.PIXELSHUFFLE_DIRECT;
            steps.add(weights.pixelShuffleScale("upsample.0"));
        } else {
            throw weights.fail("no upsampler (conv_before_upsample, upsample.0 or conv_up1): the denoising and"
                    + " JPEG SwinIR networks are not converted, only super-resolution ones");
        }
        if (steps.isEmpty()) {
            throw weights.fail("conv_before_upsample without upsample.0");
        }
        return new SwinIrNetwork(weights, (int) first[0], depths, heads, window, threeConv,
                weights.has("patch_embed.norm.weight"), upsampler, steps);
    }

    private int scale() {
        return steps.stream().reduce(1, (a, b) -> a * b);
    }

    @Override
    public DetectedArchitecture architecture() {
        StringBuilder d = new StringBuilder();
        for (int depth : depths) {
            d.append(d.length() == 0 ? "" : ",").append(depth);
        }
        StringBuilder h = new StringBuilder();
        for (int head : heads) {
            h.append(h.length() == 0 ? "" : ",").append(head);
        }
        // Not a receptive field (shifted windows reach further with every block): the overlap SwinIR's
        // own tiled test script uses (tile_overlap 32).
        return DetectedArchitecture.onWindowGrid(NAME, scale(), TILE_OVERLAP, window,
                "embed_dim " + dim + ", depths " + d + ", heads " + h + ", window " + window + ", "
                        + upsampler.label + (threeConv ? ", 3conv" : "") + (patchNorm ? "" : ", no patch norm"));
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = g.addRgbMean(g.padToMultiple(input, window, 0, "reflect"), -1);
        String first = g.conv("conv_first", x);
        WindowGrid w = new WindowGrid(g, x, window);
        String t = g.transpose(first, 0, 2, 3, 1);
        if (patchNorm) {
            t = g.layerNorm("patch_embed.norm", t, EPS);
        }
        for (int i = 0; i < depths.length; i++) {
            String p = "layers." + i;
            String y = t;
            for (int b = 0; b < depths[i]; b++) {
                y = swinBlock(g, w, p + ".residual_group.blocks." + b, y, heads[i], b % 2 == 1);
            }
            t = g.add(g.transpose(residualConv(g, p + ".conv", g.transpose(y, 0, 3, 1, 2)), 0, 2, 3, 1), t);
        }
        String body = g.transpose(g.layerNorm("norm", t, EPS), 0, 3, 1, 2);
        String y = upsample(g, g.add(residualConv(g, "conv_after_body", body), first));
        y = g.addRgbMean(y, 1);
        return g.cropToScaled(y, input, scale());
    }

    private String residualConv(TorchGraph g, String p, String x) {
        return residualConv(g, p, x, threeConv);
    }

    /** SwinIR's (and DAT's) conv before a residual: one 3×3 conv, or "3conv": 3×3 to C/4, 1×1, 3×3 back, LeakyReLU 0.2 between. */
    static String residualConv(TorchGraph g, String p, String x, boolean threeConv) {
        if (!threeConv) {
            return g.conv(p, x);
        }
        String y = g.leakyRelu(g.conv(p + ".0", x), 0.2f);
        y = g.leakyRelu(g.conv(p + ".2", y), 0.2f);
        return g.conv(p + ".4", y);
    }

    private String upsample(TorchGraph g, String x) {
        switch (upsampler) {
            case PIXELSHUFFLE_DIRECT:
                return g.pixelShuffle(g.conv("upsample.0", x), steps.get(0));
            case PIXELSHUFFLE:
                return PixelShuffleHead.emit(g, steps, x);
            default: {
                String y = g.leakyRelu(g.conv("conv_before_upsample.0", x), 0.01f);
                for (int i = 1; i <= steps.size(); i++) {
                    y = g.leakyRelu(g.conv("conv_up" + i, g.nearest(y, 2)), 0.2f);
                }
                return g.conv("conv_last", g.leakyRelu(g.conv("conv_hr", y), 0.2f));
            }
        }
    }

    private String swinBlock(TorchGraph g, WindowGrid w, String p, String t, int heads, boolean shifted) {
        String y = g.layerNorm(p + ".norm1", t, EPS);
        if (shifted) {
            weights.tensor(p + ".attn_mask"); // the training size's; the mask used is computed for this size
        }
        long pixels = (long) window * window;
        String bias = g.constant(positionBias(p + ".attn", heads), heads, pixels, pixels);
        t = g.add(t, w.attend(p + ".attn", y, dim, heads, bias, shifted));
        return g.add(t, g.mlp(p + ".mlp", g.layerNorm(p + ".norm2", t, EPS)));
    }

    /** The bias table gathered, after checking the file's index against the offsets it stands for. */
    private float[] positionBias(String attn, int heads) {
        RelativePositionBias.checkIndex(weights, attn + ".relative_position_index", window);
        return RelativePositionBias.gather(weights, attn + ".relative_position_bias_table", window, heads);
    }
}
