package io.sr4j.engine.pytorch;

import java.util.ArrayList;
import java.util.List;

/**
 * ESRGAN's RRDBNet (also Real-ESRGAN's x4plus and most community ESRGAN models): conv_first,
 * nb residual-in-residual dense blocks, conv_body added to conv_first's output, k steps of
 * (nearest ×2, conv, LeakyReLU 0.2), conv_hr with LeakyReLU, conv_last. Each dense block has five
 * 3×3 convolutions seeing the concatenation of all earlier features (growth gc), its output is
 * scaled by 0.2 and added to its input; each RRDB (three dense blocks) likewise.
 *
 * <p>BasicSR's ×2 and ×1 models pixel-unshuffle the input by 2 or 4 first (conv_first then takes
 * 12 or 48 channels); the scale is 2^k / unshuffle.
 */
final class RrdbNetwork implements TorchNetwork {
    static final String NAME = "RRDBNet";
    private static final float LEAKY_SLOPE = 0.2f;
    private static final float RESIDUAL_SCALE = 0.2f;
    /**
     * The receptive field (hundreds of pixels for 23 blocks) is far more than tiles need:
     * realesrgan-x4plus, an RRDBNet of 23 blocks, measured ≥ 50 dB tiled against whole at 32.
     */
    private static final int MAX_PADDING = 32;

    private final RrdbKeys keys;
    private final TorchWeights weights;
    private final int nf;
    private final int gc;
    private final int unshuffle;
    private final int scale;

    private RrdbNetwork(RrdbKeys keys, TorchWeights weights, int nf, int gc, int unshuffle, int scale) {
        this.keys = keys;
        this.weights = weights;
        this.nf = nf;
        this.gc = gc;
        this.unshuffle = unshuffle;
        this.scale = scale;
    }

    /** The network if the names are RRDBNet's (either naming); null otherwise. */
    static RrdbNetwork detect(StateDict dict) {
        RrdbKeys keys = RrdbKeys.of(dict.tensors());
        if (keys == null) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, keys.fileNames());
        long[] first = weights.shape("conv_first.weight", 4);
        int nf = (int) first[0];
        int gc = (int) weights.shape("body.0.rdb1.conv1.weight", 4)[0];
        int unshuffle = switch ((int) first[1]) {
            case 3 -> 1;
            case 12 -> 2;
            case 48 -> 4;
            default -> throw weights.fail("conv_first takes " + first[1] + " channels: 3 (RGB), or 12 or 48"
                    + " (RGB pixel-unshuffled by 2 or 4) expected");
        };
        int enlargement = 1 << keys.upsamplings();
        if (keys.upsamplings() < 1 || keys.upsamplings() > 3 || enlargement < unshuffle) {
            throw weights.fail(keys.upsamplings() + " upsampling convolutions with an input unshuffled by "
                    + unshuffle + ": sr4j converts 1 to 3 (×2 to ×8) giving a scale of at least 1");
        }
        return new RrdbNetwork(keys, weights, nf, gc, unshuffle, enlargement / unshuffle);
    }

    @Override
    public DetectedArchitecture architecture() {
        String details = "nf " + nf + ", nb " + keys.blocks() + ", gc " + gc
                + (unshuffle > 1 ? ", pixel-unshuffle " + unshuffle : "")
                + (keys.oldNames() ? ", original ESRGAN keys" : ", BasicSR keys");
        return new DetectedArchitecture(NAME, scale, Math.min(receptiveField(), MAX_PADDING), details);
    }

    /** Context in input pixels: one per 3×3 convolution, shrinking with the resolution it runs at. */
    private int receptiveField() {
        double lowRes = (2 + 15.0 * keys.blocks()) * unshuffle;
        double upsampled = 0;
        for (int u = 1; u <= keys.upsamplings(); u++) {
            upsampled += (double) unshuffle / (1 << u);
        }
        upsampled += 2.0 * unshuffle / (1 << keys.upsamplings()); // conv_hr, conv_last
        return (int) Math.ceil(lowRes + upsampled);
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = input;
        float[] firstWeight = weights.floats("conv_first.weight");
        if (unshuffle > 1) {
            x = g.spaceToDepth(g.padToMultiple(x, unshuffle), unshuffle);
            firstWeight = unshuffledInputOrder(firstWeight, weights.shape("conv_first.weight", 4), unshuffle);
        }
        String feat = g.conv("conv_first", x, firstWeight);
        String trunk = feat;
        for (int b = 0; b < keys.blocks(); b++) {
            trunk = rrdb(g, "body." + b, trunk);
        }
        feat = g.add(feat, g.conv("conv_body", trunk));
        for (int u = 1; u <= keys.upsamplings(); u++) {
            feat = g.leakyRelu(g.conv("conv_up" + u, g.nearest(feat, 2)), LEAKY_SLOPE);
        }
        String out = g.conv("conv_last", g.leakyRelu(g.conv("conv_hr", feat), LEAKY_SLOPE));
        return unshuffle > 1 ? g.cropToScaled(out, input, scale) : out;
    }

    private static String rrdb(TorchGraph g, String block, String x) {
        String y = x;
        for (int k = 1; k <= 3; k++) {
            y = denseBlock(g, block + ".rdb" + k, y);
        }
        return g.add(g.scale(y, RESIDUAL_SCALE), x);
    }

    private static String denseBlock(TorchGraph g, String rdb, String x) {
        List<String> features = new ArrayList<>(List.of(x));
        for (int j = 1; j <= 4; j++) {
            String in = features.size() == 1 ? x : g.concatChannels(features);
            features.add(g.leakyRelu(g.conv(rdb + ".conv" + j, in), LEAKY_SLOPE));
        }
        String last = g.conv(rdb + ".conv5", g.concatChannels(features));
        return g.add(g.scale(last, RESIDUAL_SCALE), x);
    }

    /**
     * conv_first's weights with their input channels reordered from PyTorch's pixel_unshuffle order
     * (channel c·m² + dy·m + dx) to ONNX SpaceToDepth's ((dy·m + dx)·3 + c): cheaper than shuffling
     * the image's channels at run time.
     */
    static float[] unshuffledInputOrder(float[] weight, long[] shape, int m) {
        int outputs = (int) shape[0];
        int inputs = (int) shape[1];
        int area = (int) (shape[2] * shape[3]);
        float[] out = new float[weight.length];
        for (int o = 0; o < outputs; o++) {
            for (int c = 0; c < 3; c++) {
                for (int d = 0; d < m * m; d++) {
                    int torch = c * m * m + d;
                    int onnx = d * 3 + c;
                    System.arraycopy(weight, (o * inputs + torch) * area, out, (o * inputs + onnx) * area, area);
                }
            }
        }
        return out;
    }
}
