package io.sr4j.engine.pytorch;

import java.util.ArrayList;
import java.util.List;

/**
 * The "pixelshuffle" upsampler of SwinIR, HAT and DAT: {@code conv_before_upsample.0} and a LeakyReLU
 * (0.01), per step a conv {@code upsample.2i} to 4 (×2) or 9 (×3) times the features and a pixel
 * shuffle, then {@code conv_last}.
 */
final class PixelShuffleHead {
    private PixelShuffleHead() {
    }

    /** The shuffle factors of the steps (2 or 3 each), read from the shapes; empty without {@code upsample.0}. */
    static List<Integer> steps(TorchWeights weights) {
        long feat = weights.shape("conv_before_upsample.0.weight", 4)[0];
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; weights.has("upsample." + i + ".weight"); i += 2) {
            long out = weights.shape("upsample." + i + ".weight", 4)[0];
            if (out != 4 * feat && out != 9 * feat) {
                throw weights.fail("upsample." + i + " gives " + out + " channels, not 4 or 9 times " + feat);
            }
            steps.add(out == 4 * feat ? 2 : 3);
        }
        return steps;
    }

    static String emit(TorchGraph g, List<Integer> steps, String x) {
        String y = g.leakyRelu(g.conv("conv_before_upsample.0", x), 0.01f);
        for (int i = 0; i < steps.size(); i++) {
            y = g.pixelShuffle(g.conv("upsample." + 2 * i, y), steps.get(i));
        }
        return g.conv("conv_last", y);
    }
}
