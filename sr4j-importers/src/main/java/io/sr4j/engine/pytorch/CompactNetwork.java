package io.sr4j.engine.pytorch;

import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real-ESRGAN's SRVGGNetCompact: {@code body.0} a 3×3 convolution 3 → num_feat, then num_conv
 * times (activation, convolution num_feat → num_feat), an activation, a last convolution
 * num_feat → 3·s², and {@code out = pixel_shuffle(body(x), s) + nearest(x, s)}.
 *
 * <p>Only PReLU activations can be converted: ReLU and LeakyReLU have no weights, so a state dict
 * cannot tell which of the two was trained, and guessing would silently give a different network.
 */
final class CompactNetwork implements TorchNetwork {
    static final String NAME = "SRVGGNetCompact";
    private static final Pattern BODY_KEY = Pattern.compile("body\\.(\\d+)\\.(weight|bias)");
    /** Tile padding is the receptive field, capped: realesrgan-x4fast (34 convs) measured exact at 32. */
    private static final int MAX_PADDING = 32;

    private final TorchWeights weights;
    private final int numFeat;
    private final int numConv;
    private final int scale;

    private CompactNetwork(TorchWeights weights, int numFeat, int numConv, int scale) {
        this.weights = weights;
        this.numFeat = numFeat;
        this.numConv = numConv;
        this.scale = scale;
    }

    /** The network, if every tensor is a {@code body.N} weight or bias; null if the names say otherwise. */
    static CompactNetwork detect(StateDict dict) {
        TreeMap<Integer, long[]> weightShapes = new TreeMap<>();
        for (var e : dict.tensors().entrySet()) {
            Matcher m = BODY_KEY.matcher(e.getKey());
            if (!m.matches()) {
                return null;
            }
            if (m.group(2).equals("weight")) {
                weightShapes.put(Integer.parseInt(m.group(1)), e.getValue().shape());
            }
        }
        if (weightShapes.isEmpty() || weightShapes.firstKey() != 0 || weightShapes.get(0).length != 4) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        int last = weightShapes.lastKey();
        for (int i = 0; i <= last; i++) {
            long[] shape = weightShapes.get(i);
            boolean conv = i % 2 == 0;
            if (shape == null && !conv) {
                throw weights.fail("body." + i + " has no weight: an activation without weights (ReLU or"
                        + " LeakyReLU) cannot be told apart from the file; sr4j converts the PReLU form");
            }
            if (shape == null || shape.length != (conv ? 4 : 1)) {
                throw weights.fail("body." + i + " should be a " + (conv ? "convolution" : "PReLU") + " but has "
                        + (shape == null ? "no weight" : "a weight of shape " + Arrays.toString(shape)));
            }
        }
        if (last % 2 != 0 || last < 2) {
            throw weights.fail("body ends with body." + last + ", not with a convolution after an activation");
        }
        long[] first = weightShapes.get(0);
        for (int i = 2; i <= last; i += 2) {
            long[] shape = weightShapes.get(i);
            if (shape[1] != first[0] || (i < last && shape[0] != first[0])) {
                throw weights.fail("body." + i + " has weight " + Arrays.toString(shape) + ", but the network has "
                        + first[0] + " features (body.0)");
            }
        }
        if (first[1] != 3) {
            throw weights.fail("body.0 takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        int numFeat = (int) first[0];
        int scale = weights.pixelShuffleScale("body." + last);
        return new CompactNetwork(weights, numFeat, last / 2 - 1, scale);
    }

    @Override
    public DetectedArchitecture architecture() {
        // Every convolution is 3×3 at input resolution: one pixel of context each.
        int receptiveField = numConv + 2;
        return new DetectedArchitecture(NAME, scale, Math.min(receptiveField, MAX_PADDING),
                "num_feat " + numFeat + ", num_conv " + numConv + ", PReLU");
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = input;
        int last = 2 * (numConv + 1);
        for (int i = 0; i < last; i += 2) {
            x = g.prelu("body." + (i + 1), g.conv("body." + i, x), numFeat);
        }
        String features = g.conv("body." + last, x);
        return g.add(g.pixelShuffle(features, scale), g.nearest(input, scale));
    }
}
