package io.sr4j.engine.pytorch;

import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few PyTorch operations the supported networks use, written as ONNX nodes with PyTorch's
 * semantics: {@code nn.Conv2d} (stride 1, "same" padding), LeakyReLU, per-channel PReLU, nearest
 * interpolation by a whole factor, {@code pixel_shuffle}, additions and concatenation over channels.
 * Tensors are NCHW; every method returns the name of the tensor it produced.
 */
final class TorchGraph {
    private final OnnxGraphBuilder g;
    private final TorchWeights weights;
    private final Map<Float, String> factors = new HashMap<>();

    TorchGraph(OnnxGraphBuilder g, TorchWeights weights) {
        this.g = g;
        this.weights = weights;
    }

    OnnxGraphBuilder builder() {
        return g;
    }

    /** {@code nn.Conv2d} named {@code module} ({@code module.weight}, {@code module.bias}). */
    String conv(String module, String x) {
        return conv(module, x, weights.floats(module + ".weight"));
    }

    /** Like {@link #conv(String, String)} with the weight values given (e.g. with permuted inputs). */
    String conv(String module, String x, float[] weight) {
        long[] shape = weights.shape(module + ".weight", 4);
        if (shape[2] != shape[3] || shape[2] % 2 == 0) {
            throw weights.fail("convolution " + module + " has a " + shape[2] + "x" + shape[3]
                    + " kernel; the supported networks use square odd kernels");
        }
        String w = g.initializer(g.freshName(module + ".weight"), weight, shape);
        String b = g.initializer(g.freshName(module + ".bias"), weights.floats(module + ".bias", shape[0]), shape[0]);
        long pad = shape[2] / 2;
        return g.node("Conv", List.of(x, w, b), g.freshName(module),
                OnnxAttribute.ints("kernel_shape", shape[2], shape[3]),
                OnnxAttribute.ints("pads", pad, pad, pad, pad));
    }

    String leakyRelu(String x, float slope) {
        return g.node("LeakyRelu", List.of(x), g.freshName(x + "_lrelu"), OnnxAttribute.of("alpha", slope));
    }

    /**
     * {@code nn.PReLU(num_parameters=c)} named {@code module}, written as y + (1 − s)·ReLU(−y) with
     * two 1×1 depthwise convolutions: the same function, but ONNX Runtime's channel-blocked CPU
     * layout has no PRelu kernel (as in the ncnn importer; see docs/ort-cpu-notes.md).
     */
    String prelu(String module, String x, int c) {
        float[] stored = weights.floats(module + ".weight");
        if (stored.length != 1 && stored.length != c) {
            throw weights.fail("PReLU " + module + " has " + stored.length + " slopes for " + c + " channels");
        }
        float[] slope = new float[c];
        for (int i = 0; i < c; i++) {
            slope[i] = stored[stored.length == 1 ? 0 : i]; // nn.PReLU() shares one slope
        }
        float[] minusOne = new float[c];
        float[] oneMinusSlope = new float[c];
        for (int i = 0; i < c; i++) {
            minusOne[i] = -1f;
            oneMinusSlope[i] = 1f - slope[i];
        }
        OnnxAttribute[] depthwise = {OnnxAttribute.ints("kernel_shape", 1, 1), OnnxAttribute.of("group", (long) c)};
        String negated = g.node("Conv", List.of(x, g.initializer(g.freshName(module + ".minus_one"), minusOne, c, 1, 1, 1)),
                g.freshName(module + "_negated"), depthwise);
        String relu = g.node("Relu", List.of(negated), g.freshName(module + "_negative_part"));
        String scaled = g.node("Conv", List.of(relu,
                g.initializer(g.freshName(module + ".one_minus_slope"), oneMinusSlope, c, 1, 1, 1)),
                g.freshName(module + "_scaled"), depthwise);
        return g.node("Add", List.of(x, scaled), g.freshName(module));
    }

    /** {@code F.interpolate(x, scale_factor=s, mode="nearest")}: pixel (y, x) comes from (y div s, x div s). */
    String nearest(String x, int s) {
        String scales = g.initializer(g.freshName("nearest_x" + s), new float[] {1, 1, s, s}, 4);
        return g.node("Resize", List.of(x, "", scales), g.freshName(x + "_nearest"),
                OnnxAttribute.of("mode", "nearest"), OnnxAttribute.of("nearest_mode", "floor"),
                OnnxAttribute.of("coordinate_transformation_mode", "asymmetric"));
    }

    /**
     * {@code F.pixel_shuffle(x, s)}: output channel c, pixel (dy, dx) of each block reads input
     * channel {@code c·s² + dy·s + dx} — ONNX DepthToSpace in CRD mode.
     */
    String pixelShuffle(String x, int s) {
        return g.node("DepthToSpace", List.of(x), g.freshName(x + "_shuffle"), OnnxAttribute.of("blocksize", (long) s),
                OnnxAttribute.of("mode", "CRD"));
    }

    String add(String a, String b) {
        return g.node("Add", List.of(a, b), g.freshName(a + "_plus"));
    }

    String scale(String x, float factor) {
        String f = factors.computeIfAbsent(factor, v -> g.initializer(g.freshName("factor"), new float[] {v}, 1));
        return g.node("Mul", List.of(x, f), g.freshName(x + "_scaled"));
    }

    /**
     * Repeats the last row and column until height and width are multiples of {@code m}, so that a
     * space-to-depth by {@code m} accepts any tile size (Real-ESRGAN's own script pads likewise,
     * by reflection, before its ×2 and ×1 networks; the padded pixels are cropped again by
     * {@link #cropToScaled}).
     */
    String padToMultiple(String x, int m) {
        String hw = heightWidth(x);
        String multiple = g.initializer(g.freshName("multiple"), new long[] {m}, 1);
        String rest = g.node("Mod", List.of(hw, multiple), g.freshName("rest"));
        String missing = g.node("Mod", List.of(g.node("Sub", List.of(multiple, rest), g.freshName("short")), multiple),
                g.freshName("missing"));
        // ONNX pads: the starts of all four axes, then their ends; only the ends of H and W grow.
        String zeros = g.initializer(g.freshName("no_pad"), new long[6], 6);
        String pads = g.node("Concat", List.of(zeros, missing), g.freshName("pads"), OnnxAttribute.of("axis", 0L));
        return g.node("Pad", List.of(x, pads), g.freshName(x + "_padded"), OnnxAttribute.of("mode", "edge"));
    }

    /** The top-left {@code s·H × s·W} of {@code y}, H and W being {@code original}'s. */
    String cropToScaled(String y, String original, int s) {
        String factor = g.initializer(g.freshName("scale"), new long[] {s}, 1);
        String ends = g.node("Mul", List.of(heightWidth(original), factor), g.freshName("scaled_size"));
        String starts = g.initializer(g.freshName("crop_start"), new long[] {0, 0}, 2);
        String axes = g.initializer(g.freshName("crop_axes"), new long[] {2, 3}, 2);
        return g.node("Slice", List.of(y, starts, ends, axes), g.freshName(y + "_cropped"));
    }

    /** Rearranges each {@code m×m} block into channels, ONNX order: channel (dy·m + dx)·C + c. */
    String spaceToDepth(String x, int m) {
        return g.node("SpaceToDepth", List.of(x), g.freshName(x + "_unshuffled"),
                OnnxAttribute.of("blocksize", (long) m));
    }

    private String heightWidth(String x) {
        String shape = g.node("Shape", List.of(x), g.freshName(x + "_shape"));
        return g.node("Slice", List.of(shape, g.initializer(g.freshName("from_h"), new long[] {2}, 1),
                g.initializer(g.freshName("to_w"), new long[] {4}, 1)), g.freshName(x + "_hw"));
    }

    String concatChannels(List<String> xs) {
        return g.node("Concat", xs, g.freshName("cat"), OnnxAttribute.of("axis", 1L));
    }
}
