package io.sr4j.engine.pytorch;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RealPLKSR, the real-world training of PLKSR (Lee et al., "Partial Large Kernel CNNs for Efficient
 * Super-Resolution", 2024, as neosr and traiNNer-redux train it): {@code feats.0} a 3×3 conv
 * 3 → dim, {@code feats.1…n} PLK blocks, {@code feats.n+1} a Dropout2d (no weights, identity at
 * inference), {@code feats.n+2} a 3×3 conv to 3·s²; the output is
 * {@code pixel_shuffle(feats(x) + repeat_interleave(x, s²))}, which is pixel_shuffle(feats(x)) plus
 * the nearest-upsampled image.
 *
 * <p>A PLK block: [a channel LayerNorm, traiNNer's {@code layer_norm} variant] → channel mixer
 * (3×3 conv to 2·dim, Mish, 3×3 conv back) → a large k×k conv on the first pdim channels only → [an
 * element-wise attention x·σ(conv 3×3 x), {@code attn}] → 1×1 {@code refine} → [GroupNorm, the
 * default variant] → plus the block's input.
 *
 * <p>The GroupNorm's group count is not stored in the file; 4, the only value the trainers use, is
 * assumed. GroupNorm statistics span the whole image, so with it tiles differ slightly from the
 * whole image. The DySample upsampler ({@code to_img.*}) is refused: it resamples with offsets
 * predicted per pixel (grid_sample), which the converter does not write.
 */
final class RealPlksrNetwork implements TorchNetwork {
    static final String NAME = "RealPLKSR";
    private static final int NORM_GROUPS = 4;
    private static final float GROUP_NORM_EPS = 1e-5f;
    private static final float LAYER_NORM_EPS = 1e-6f;
    /** The receptive field (over 300 pixels for 28 blocks with k 17) is capped, as for RRDBNet. */
    private static final int MAX_PADDING = 64;
    private static final Pattern FEATS = Pattern.compile("feats\\.(\\d+)\\..*");

    private final TorchWeights weights;
    private final int dim;
    private final int blocks;
    private final int kernel;
    private final int partial;
    private final boolean attention;
    private final boolean layerNorm;
    private final int scale;

    private RealPlksrNetwork(TorchWeights weights, int dim, int blocks, int kernel, int partial, boolean attention,
            boolean layerNorm, int scale) {
        this.weights = weights;
        this.dim = dim;
        this.blocks = blocks;
        this.kernel = kernel;
        this.partial = partial;
        this.attention = attention;
        this.layerNorm = layerNorm;
        this.scale = scale;
    }

    /** The network if the names are PLKSR's ({@code feats.0}, {@code feats.1.lk.conv}, {@code feats.1.refine}); else null. */
    static RealPlksrNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        if (!tensors.containsKey("feats.0.weight") || !tensors.containsKey("feats.1.lk.conv.weight")
                || !tensors.containsKey("feats.1.refine.weight")) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        if (weights.has("feats.1.channe_mixer.0.weight")) {
            throw weights.fail("feats.1.channe_mixer is the original PLKSR's spelling: that network (CCM variants,"
                    + " no normalisation) is not converted, only RealPLKSR (channel_mixer)");
        }
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("to_img."))) {
            throw weights.fail("to_img.* is the DySample upsampler (per-pixel offsets and grid_sample), which sr4j"
                    + " does not convert; RealPLKSR with the pixel-shuffle head is supported");
        }
        TreeSet<Integer> indices = new TreeSet<>();
        for (String key : tensors.keySet()) {
            Matcher m = FEATS.matcher(key);
            if (m.matches()) {
                indices.add(Integer.parseInt(m.group(1)));
            }
        }
        int last = indices.last();
        int blocks = last - 2;
        if (blocks < 1 || indices.contains(last - 1) || indices.size() != blocks + 2) {
            throw weights.fail("feats indices " + indices + ": expected feats.0, PLK blocks feats.1…n, a dropout"
                    + " without weights at n+1 and the last convolution at n+2");
        }
        long[] first = weights.shape("feats.0.weight", 4);
        if (first[1] != 3) {
            throw weights.fail("feats.0 takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        long[] lk = weights.shape("feats.1.lk.conv.weight", 4);
        if (lk[0] != lk[1] || lk[0] < 1 || lk[0] > first[0]) {
            throw weights.fail("feats.1.lk.conv has weight " + Arrays.toString(lk)
                    + "; a partial convolution maps its first channels to themselves, at most " + first[0]);
        }
        boolean layerNorm = weights.has("feats.1.layer_norm.weight");
        if (layerNorm == weights.has("feats.1.norm.weight")) {
            throw weights.fail("feats.1 has " + (layerNorm ? "both layer_norm and norm" : "neither layer_norm nor norm")
                    + "; RealPLKSR blocks end with a GroupNorm (norm) or start with a LayerNorm (layer_norm)");
        }
        return new RealPlksrNetwork(weights, (int) first[0], blocks, (int) lk[2], (int) lk[0],
                weights.has("feats.1.attn.f.0.weight"), layerNorm, weights.pixelShuffleScale("feats." + last));
    }

    @Override
    public DetectedArchitecture architecture() {
        int perBlock = 2 + kernel / 2 + (attention ? 1 : 0);
        int receptiveField = 2 + blocks * perBlock;
        return new DetectedArchitecture(NAME, scale, Math.min(receptiveField, MAX_PADDING),
                "dim " + dim + ", n_blocks " + blocks + ", kernel " + kernel + ", split " + partial + "/" + dim
                        + (attention ? ", EA" : ", no EA") + (layerNorm ? ", layer norm" : ", group norm " + NORM_GROUPS));
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = g.conv("feats.0", input);
        for (int b = 1; b <= blocks; b++) {
            x = block(g, "feats." + b, x);
        }
        String y = g.conv("feats." + (blocks + 2), x);
        // repeat_interleave puts x[c] on channels c·s²…c·s²+s²−1, which the shuffle spreads over the s×s block.
        return g.add(g.pixelShuffle(y, scale), g.nearest(input, scale));
    }

    private String block(TorchGraph g, String p, String x) {
        String y = layerNorm ? g.channelNorm(p + ".layer_norm", x, LAYER_NORM_EPS) : x;
        y = g.conv(p + ".channel_mixer.2", g.mish(g.conv(p + ".channel_mixer.0", y)));
        if (partial == dim) {
            y = g.conv(p + ".lk.conv", y);
        } else {
            List<String> parts = g.split(y, 1, partial, dim - partial);
            y = g.concatChannels(List.of(g.conv(p + ".lk.conv", parts.get(0)), parts.get(1)));
        }
        if (attention) {
            y = g.mul(y, g.sigmoid(g.conv(p + ".attn.f.0", y)));
        }
        y = g.conv(p + ".refine", y);
        if (!layerNorm) {
            y = g.groupNorm(p + ".norm", y, NORM_GROUPS, GROUP_NORM_EPS);
        }
        return g.add(y, x);
    }
}
