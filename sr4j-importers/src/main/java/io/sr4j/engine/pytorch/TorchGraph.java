package io.sr4j.engine.pytorch;

import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few PyTorch operations the supported networks use, written as ONNX nodes with PyTorch's
 * semantics: {@code nn.Conv2d} (stride 1, "same" padding), LeakyReLU, per-channel PReLU, nearest
 * interpolation by a whole factor, {@code pixel_shuffle}, additions and concatenation over channels,
 * and the activations, norms and attention parts of the transformer-like networks.
 * Tensors are NCHW; every method returns the name of the tensor it produced.
 */
final class TorchGraph {
    /**
     * The RGB mean of the DIV2K training images that EDSR-lineage networks (SPAN, SwinIR) subtract
     * from their input and add back; fixed in the architectures, never stored in files.
     */
    static final float[] DIV2K_RGB_MEAN = {0.4488f, 0.4371f, 0.4040f};

    /** {@code nn.BatchNorm2d}'s default ε. */
    private static final double BATCH_NORM_EPS = 1e-5;

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
        return conv(module, x, weight, 1, (int) shape[2] / 2, 1, true);
    }

    /**
     * {@code nn.Conv2d(stride, padding, groups, bias)} named {@code module}: zero padding of
     * {@code pad} on every side; {@code bias} says whether {@code module.bias} exists (it must then).
     */
    String conv(String module, String x, int stride, int pad, int groups, boolean bias) {
        return conv(module, x, weights.floats(module + ".weight"), stride, pad, groups, bias);
    }

    private String conv(String module, String x, float[] weight, int stride, int pad, int groups, boolean bias) {
        long[] shape = weights.shape(module + ".weight", 4);
        return conv(module, x, weight, shape, bias ? weights.floats(module + ".bias", shape[0]) : null, stride, pad, groups);
    }

    /**
     * A convolution whose weight (of {@code shape}, square odd kernel) and bias were computed rather
     * than read, e.g. re-parameterised branches folded into one kernel; stride 1, "same" zero padding.
     */
    String conv(String name, String x, float[] weight, long[] shape, float[] bias) {
        return conv(name, x, weight, shape, bias, 1, (int) shape[2] / 2, 1);
    }

    private String conv(String module, String x, float[] weight, long[] shape, float[] bias, int stride, int pad,
            int groups) {
        String w = g.initializer(g.freshName(module + ".weight"), weight, shape);
        List<String> inputs = bias != null
                ? List.of(x, w, g.initializer(g.freshName(module + ".bias"), bias, shape[0]))
                : List.of(x, w);
        return g.node("Conv", inputs, g.freshName(module),
                OnnxAttribute.ints("kernel_shape", shape[2], shape[3]), OnnxAttribute.ints("strides", stride, stride),
                OnnxAttribute.ints("pads", pad, pad, pad, pad), OnnxAttribute.of("group", (long) groups));
    }

    /**
     * {@code nn.Conv2d(…, groups)} named {@code conv} ("same" padding, square odd kernel) followed by
     * {@code nn.BatchNorm2d} named {@code norm} in eval mode, folded into one convolution: weight
     * and bias scaled per output channel by γ/√(running_var + ε), shifted by β − mean·γ/√(var + ε).
     */
    String convBatchNorm(String conv, String norm, String x, int groups) {
        long[] shape = weights.shape(conv + ".weight", 4);
        int out = (int) shape[0];
        float[] w = weights.floats(conv + ".weight").clone();
        float[] b = weights.has(conv + ".bias") ? weights.floats(conv + ".bias", out).clone() : new float[out];
        float[] gamma = weights.floats(norm + ".weight", out);
        float[] beta = weights.floats(norm + ".bias", out);
        float[] mean = weights.floats(norm + ".running_mean", out);
        float[] variance = weights.floats(norm + ".running_var", out);
        if (weights.has(norm + ".num_batches_tracked")) {
            weights.tensor(norm + ".num_batches_tracked"); // training bookkeeping, no effect in eval mode
        }
        int per = w.length / out;
        for (int o = 0; o < out; o++) {
            double factor = gamma[o] / Math.sqrt(variance[o] + BATCH_NORM_EPS);
            for (int i = 0; i < per; i++) {
                w[o * per + i] *= (float) factor;
            }
            b[o] = (float) ((b[o] - mean[o]) * factor + beta[o]);
        }
        return conv(conv, x, w, shape, b, 1, (int) shape[2] / 2, groups);
    }

    /** A depthwise {@code nn.Conv2d(c, c, k, padding=k/2, groups=c)}: weight (c, 1, k, k). */
    String depthwise(String module, String x, boolean bias) {
        long[] shape = weights.shape(module + ".weight", 4);
        if (shape[1] != 1 || shape[2] != shape[3] || shape[2] % 2 == 0) {
            throw weights.fail("convolution " + module + " has weight " + Arrays.toString(shape)
                    + ", expected a depthwise (c, 1, k, k) kernel of odd k");
        }
        return conv(module, x, 1, (int) shape[2] / 2, (int) shape[0], bias);
    }

    /**
     * {@code nn.Linear(bias=False)} named {@code module} applied to channels: on the last axis of a
     * token tensor (MatMul) or, with {@code onChannels}, to axis 1 of NCHW (a 1×1 convolution).
     */
    String linear(String module, String x, boolean onChannels) {
        long[] shape = weights.shape(module + ".weight", 2);
        float[] w = weights.floats(module + ".weight");
        if (onChannels) {
            return g.node("Conv", List.of(x, g.initializer(g.freshName(module + ".weight"), w, shape[0], shape[1], 1, 1)),
                    g.freshName(module), OnnxAttribute.ints("kernel_shape", 1, 1));
        }
        float[] transposed = new float[w.length];
        int out = (int) shape[0];
        int in = (int) shape[1];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = w[o * in + i];
            }
        }
        return matmul(x, g.initializer(g.freshName(module + ".weight_t"), transposed, in, out));
    }

    /** {@code nn.Linear} named {@code module} with its bias, on the last axis of a token tensor. */
    String linearWithBias(String module, String x) {
        long out = weights.shape(module + ".weight", 2)[0];
        String b = g.initializer(g.freshName(module + ".bias"), weights.floats(module + ".bias", out), out);
        return g.node("Add", List.of(linear(module, x, false), b), g.freshName(module));
    }

    /**
     * Multi-head scaled dot-product attention on tokens (B, N, 3·dim) holding q, k and v one after
     * the other (as {@code qkv.reshape(B, N, 3, heads, d)} splits them): per head,
     * softmax(q·kᵀ/√d + the additive terms)·v, heads concatenated again: (B, N, dim). The terms
     * broadcast against (B, heads, N, N), e.g. a position bias (heads, N, N) or a mask (B, 1, N, N).
     */
    String attention(String qkv, int dim, int heads, List<String> additive) {
        List<String> parts = chunk(qkv, 2, 3L * dim, 3);
        return attention(parts.get(0), parts.get(1), parts.get(2), dim, heads, additive);
    }

    /**
     * The same with queries (B, N, dim) apart from keys and values (B, M, dim); the terms broadcast
     * against (B, heads, N, M).
     */
    String attention(String queries, String keys, String values, int dim, int heads, List<String> additive) {
        String split = shape(0, 0, heads, dim / heads);
        String q = scale(transpose(reshape(queries, split), 0, 2, 1, 3), (float) Math.pow(dim / heads, -0.5));
        String kT = transpose(reshape(keys, split), 0, 2, 3, 1);
        String v = transpose(reshape(values, split), 0, 2, 1, 3);
        String sim = matmul(q, kT);
        for (String term : additive) {
            sim = add(sim, term);
        }
        return reshape(transpose(matmul(softmaxLastAxis(sim), v), 0, 2, 1, 3), shape(0, 0, dim));
    }

    /** A transformer MLP on tokens: {@code module.fc2(GELU(module.fc1(x)))}. */
    String mlp(String module, String x) {
        return linearWithBias(module + ".fc2", gelu(linearWithBias(module + ".fc1", x)));
    }

    /** {@code torch.roll(x, k, axis)}: element i of the result is element (i − k) mod n of x. */
    String roll(String x, int axis, int k) {
        String ax = g.initializer(g.freshName("roll_axis"), new long[] {axis}, 1);
        String cut = g.initializer(g.freshName("roll_cut"), new long[] {-k}, 1);
        String tail = g.node("Slice", List.of(x, cut, g.initializer(g.freshName("roll_end"), new long[] {Long.MAX_VALUE}, 1),
                ax), g.freshName(x + "_roll_tail"));
        String head = g.node("Slice", List.of(x, g.initializer(g.freshName("roll_start"), new long[] {0}, 1), cut, ax),
                g.freshName(x + "_roll_head"));
        return g.node("Concat", List.of(tail, head), g.freshName(x + "_rolled"), OnnxAttribute.of("axis", (long) axis));
    }

    String matmul(String a, String b) {
        return g.node("MatMul", List.of(a, b), g.freshName(a + "_matmul"));
    }

    String mul(String a, String b) {
        return g.node("Mul", List.of(a, b), g.freshName(a + "_times"));
    }

    String sigmoid(String x) {
        return g.node("Sigmoid", List.of(x), g.freshName(x + "_sigmoid"));
    }

    /** {@code nn.SiLU}: x·σ(x). */
    String silu(String x) {
        return mul(x, sigmoid(x));
    }

    /** {@code nn.Mish}: x·tanh(softplus(x)) (ONNX's Mish operator needs opset 18). */
    String mish(String x) {
        String softplus = g.node("Softplus", List.of(x), g.freshName(x + "_softplus"));
        return mul(x, g.node("Tanh", List.of(softplus), g.freshName(x + "_tanh")));
    }

    /** {@code nn.GELU()}, the exact (erf) form: x·(1 + erf(x/√2))/2. */
    String gelu(String x) {
        String erf = g.node("Erf", List.of(scale(x, (float) (1 / Math.sqrt(2)))), g.freshName(x + "_erf"));
        String onePlus = g.node("Add", List.of(erf, constant(1f)), g.freshName(x + "_one_plus_erf"));
        return mul(scale(x, 0.5f), onePlus);
    }

    String softmaxLastAxis(String x) {
        return g.node("Softmax", List.of(x), g.freshName(x + "_softmax"), OnnxAttribute.of("axis", -1L));
    }

    /** {@code nn.LayerNorm(c)} named {@code module} over the last axis. */
    String layerNorm(String module, String x, float eps) {
        long c = weights.shape(module + ".weight", 1)[0];
        return g.node("LayerNormalization", List.of(x,
                        g.initializer(g.freshName(module + ".weight"), weights.floats(module + ".weight", c), c),
                        g.initializer(g.freshName(module + ".bias"), weights.floats(module + ".bias", c), c)),
                g.freshName(module), OnnxAttribute.of("axis", -1L), OnnxAttribute.of("epsilon", eps));
    }

    /** A layer norm over the channels (axis 1) of NCHW, weight and bias per channel. */
    String channelNorm(String module, String x, float eps) {
        long c = weights.shape(module + ".weight", 1)[0];
        String mean = g.node("ReduceMean", List.of(x), g.freshName(x + "_mean"), OnnxAttribute.ints("axes", 1));
        String centred = g.node("Sub", List.of(x, mean), g.freshName(x + "_centred"));
        String variance = g.node("ReduceMean", List.of(mul(centred, centred)), g.freshName(x + "_variance"),
                OnnxAttribute.ints("axes", 1));
        String std = g.node("Sqrt", List.of(g.node("Add", List.of(variance, constant(eps)), g.freshName(x + "_var_eps"))),
                g.freshName(x + "_std"));
        String normalised = g.node("Div", List.of(centred, std), g.freshName(x + "_normalised"));
        String w = g.initializer(g.freshName(module + ".weight"), weights.floats(module + ".weight", c), c, 1, 1);
        String b = g.initializer(g.freshName(module + ".bias"), weights.floats(module + ".bias", c), c, 1, 1);
        return g.node("Add", List.of(mul(normalised, w), b), g.freshName(module));
    }

    /**
     * {@code nn.GroupNorm(groups, c)} named {@code module} on NCHW: mean and (biased) variance over each
     * group of c/groups channels and all pixels, then weight and bias per channel. Written with
     * reductions rather than ONNX GroupNormalization, whose scale is per group before opset 21.
     */
    String groupNorm(String module, String x, int groups, float eps) {
        long c = weights.shape(module + ".weight", 1)[0];
        if (c % groups != 0) {
            throw weights.fail(module + " normalises " + c + " channels, which do not split into " + groups + " groups");
        }
        String grouped = reshape(x, shape(0, groups, -1));
        String mean = g.node("ReduceMean", List.of(grouped), g.freshName(x + "_group_mean"), OnnxAttribute.ints("axes", 2));
        String centred = g.node("Sub", List.of(grouped, mean), g.freshName(x + "_group_centred"));
        String variance = g.node("ReduceMean", List.of(mul(centred, centred)), g.freshName(x + "_group_variance"),
                OnnxAttribute.ints("axes", 2));
        String std = g.node("Sqrt", List.of(g.node("Add", List.of(variance, constant(eps)), g.freshName(x + "_var_eps"))),
                g.freshName(x + "_group_std"));
        String normalised = reshape(g.node("Div", List.of(centred, std), g.freshName(x + "_group_normalised")),
                shapeOf(x));
        String w = g.initializer(g.freshName(module + ".weight"), weights.floats(module + ".weight", c), c, 1, 1);
        String b = g.initializer(g.freshName(module + ".bias"), weights.floats(module + ".bias", c), c, 1, 1);
        return g.node("Add", List.of(mul(normalised, w), b), g.freshName(module));
    }

    /** {@code F.normalize(x, dim=-1)}: x / max(‖x‖₂, 1e-12) along the last axis. */
    String l2NormaliseLastAxis(String x) {
        String norm = g.node("ReduceL2", List.of(x), g.freshName(x + "_norm"), OnnxAttribute.ints("axes", -1));
        String safe = g.node("Max", List.of(norm, constant(1e-12f)), g.freshName(x + "_norm_safe"));
        return g.node("Div", List.of(x, safe), g.freshName(x + "_unit"));
    }

    /** The mean over H and W, keeping them as 1×1. */
    String globalMean(String x) {
        return g.node("GlobalAveragePool", List.of(x), g.freshName(x + "_mean_hw"));
    }

    String maxPool(String x, int kernel, int stride) {
        return g.node("MaxPool", List.of(x), g.freshName(x + "_maxpool"), OnnxAttribute.ints("kernel_shape", kernel, kernel),
                OnnxAttribute.ints("strides", stride, stride));
    }

    /** {@code F.interpolate(x, like.shape[2:], mode="bilinear", align_corners=False)}. */
    String bilinearLike(String x, String like) {
        String sizes = g.node("Concat", List.of(g.node("Shape", List.of(x), g.freshName(x + "_shape"),
                        OnnxAttribute.of("start", 0L), OnnxAttribute.of("end", 2L)), heightWidth(like)),
                g.freshName(x + "_target_size"), OnnxAttribute.of("axis", 0L));
        return g.node("Resize", List.of(x, "", "", sizes), g.freshName(x + "_bilinear"), OnnxAttribute.of("mode", "linear"),
                OnnxAttribute.of("coordinate_transformation_mode", "pytorch_half_pixel"));
    }

    /** {@code x.chunk(n, dim=axis)} for an axis of {@code size} elements (a multiple of n). */
    List<String> chunk(String x, int axis, long size, int n) {
        long[] parts = new long[n];
        Arrays.fill(parts, size / n);
        return split(x, axis, parts);
    }

    /** {@code torch.split(x, sizes, dim=axis)}: consecutive parts of the given sizes. */
    List<String> split(String x, int axis, long... sizes) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            outs.add(g.freshName(x + "_part" + i));
        }
        g.node("Split", List.of(x, g.initializer(g.freshName("split"), sizes, sizes.length)), outs,
                OnnxAttribute.of("axis", (long) axis));
        return outs;
    }

    String transpose(String x, long... perm) {
        return g.node("Transpose", List.of(x), g.freshName(x + "_t"), OnnxAttribute.ints("perm", perm));
    }

    String reshape(String x, String shape) {
        return g.node("Reshape", List.of(x, shape), g.freshName(x + "_reshaped"));
    }

    /** A 1-D int64 shape: each part a whole number or the name of a 1-element int64 tensor. */
    String shape(Object... parts) {
        List<String> pieces = new ArrayList<>();
        for (Object p : parts) {
            pieces.add(p instanceof String s ? s : g.initializer(g.freshName("dim"), new long[] {((Number) p).longValue()}, 1));
        }
        return g.node("Concat", pieces, g.freshName("shape"), OnnxAttribute.of("axis", 0L));
    }

    /** The full shape of {@code x} as a 1-D int64 tensor. */
    String shapeOf(String x) {
        return g.node("Shape", List.of(x), g.freshName(x + "_shape"));
    }

    /** Dimension {@code axis} of {@code x} divided by {@code divisor}, as a 1-element int64 tensor. */
    String dimDividedBy(String x, int axis, long divisor) {
        String d = g.node("Shape", List.of(x), g.freshName(x + "_dim" + axis), OnnxAttribute.of("start", (long) axis),
                OnnxAttribute.of("end", (long) axis + 1));
        return g.node("Div", List.of(d, g.initializer(g.freshName("divisor"), new long[] {divisor}, 1)),
                g.freshName(x + "_dim" + axis + "_div"));
    }

    /** A float constant of {@code dims} (a scalar-like 1-element tensor when none). */
    String constant(float[] values, long... dims) {
        return g.initializer(g.freshName("constant"), values, dims.length == 0 ? new long[] {values.length} : dims);
    }

    private String constant(float value) {
        return factors.computeIfAbsent(value, v -> g.initializer(g.freshName("factor"), new float[] {v}, 1));
    }

    /**
     * {@code nn.ConvTranspose2d(stride, padding)} named {@code module}, weight (in, out, k, k) and a
     * bias: output size (n − 1)·stride − 2·pad + k, as in PyTorch.
     */
    String convTranspose(String module, String x, int stride, int pad) {
        long[] shape = weights.shape(module + ".weight", 4);
        if (shape[2] != shape[3]) {
            throw weights.fail("transposed convolution " + module + " has a " + shape[2] + "x" + shape[3] + " kernel");
        }
        String w = g.initializer(g.freshName(module + ".weight"), weights.floats(module + ".weight"), shape);
        String b = g.initializer(g.freshName(module + ".bias"), weights.floats(module + ".bias", shape[1]), shape[1]);
        return g.node("ConvTranspose", List.of(x, w, b), g.freshName(module),
                OnnxAttribute.ints("kernel_shape", shape[2], shape[3]), OnnxAttribute.ints("strides", stride, stride),
                OnnxAttribute.ints("pads", pad, pad, pad, pad));
    }

    String relu(String x) {
        return g.node("Relu", List.of(x), g.freshName(x + "_relu"));
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

    /** x + {@code sign}·{@link #DIV2K_RGB_MEAN}, per channel of an NCHW image. */
    String addRgbMean(String x, float sign) {
        float[] values = new float[3];
        for (int c = 0; c < 3; c++) {
            values[c] = sign * DIV2K_RGB_MEAN[c];
        }
        return add(x, constant(values, 1, 3, 1, 1));
    }

    /** x + {@code value}, one number for every element. */
    String shift(String x, float value) {
        return g.node("Add", List.of(x, constant(value)), g.freshName(x + "_shifted"));
    }

    String scale(String x, float factor) {
        return g.node("Mul", List.of(x, constant(factor)), g.freshName(x + "_scaled"));
    }

    /**
     * Repeats the last row and column until height and width are multiples of {@code m}, so that a
     * space-to-depth by {@code m} accepts any tile size (Real-ESRGAN's own script pads likewise,
     * by reflection, before its ×2 and ×1 networks; the padded pixels are cropped again by
     * {@link #cropToScaled}).
     */
    String padToMultiple(String x, int m) {
        return padToMultiple(x, m, "edge");
    }

    /** Like {@link #padToMultiple(String, int)}; {@code mode} "constant" pads with zeros (OmniSR's way). */
    String padToMultiple(String x, int m, String mode) {
        return padToMultiple(x, m, 0, mode);
    }

    /**
     * {@code border} pixels on every side of H and W, and at the bottom and right as many more as
     * bring H and W up to multiples of {@code m}; {@code mode} is ONNX Pad's ("reflect" is
     * {@code F.pad(mode="reflect")}: the edge pixel is not repeated).
     */
    String padToMultiple(String x, int m, int border, String mode) {
        String missing = missingToMultiple(heightWidth(x), m);
        // ONNX pads: the starts of all four axes, then their ends.
        String starts = g.initializer(g.freshName("pad_starts"), new long[] {0, 0, border, border, 0, 0}, 6);
        String ends = g.node("Add", List.of(missing, g.initializer(g.freshName("border"), new long[] {border}, 1)),
                g.freshName("pad_ends"));
        String pads = g.node("Concat", List.of(starts, ends), g.freshName("pads"), OnnxAttribute.of("axis", 0L));
        return g.node("Pad", List.of(x, pads), g.freshName(x + "_padded"), OnnxAttribute.of("mode", mode));
    }

    /**
     * Where {@link #padToMultiple(String, int, int, String) padToMultiple(x, m, border, "reflect")}
     * would fail (reflection needs more pixels than it pads, so H and W of at most about border + m),
     * first repeats the last row and column up to border + m; larger images pass unchanged. PyTorch
     * refuses such images; the extension is cropped with the rest by {@link #cropToScaled}.
     */
    String extendForReflect(String x, int m, int border) {
        String hw = heightWidth(x);
        String need = g.node("Add", List.of(missingToMultiple(hw, m), g.initializer(g.freshName("reflect_need"),
                new long[] {border + 1L}, 1)), g.freshName("reflect_need"));
        String tooSmall = g.node("Less", List.of(hw, need), g.freshName("too_small"));
        String extension = g.node("Where", List.of(tooSmall,
                g.node("Sub", List.of(g.initializer(g.freshName("reflect_minimum"), new long[] {(long) border + m}, 1), hw),
                        g.freshName("short_of_minimum")),
                g.initializer(g.freshName("no_extension"), new long[] {0}, 1)), g.freshName("extension"));
        String starts = g.initializer(g.freshName("extend_starts"), new long[] {0, 0, 0, 0, 0, 0}, 6);
        String pads = g.node("Concat", List.of(starts, extension), g.freshName("extend_pads"), OnnxAttribute.of("axis", 0L));
        return g.node("Pad", List.of(x, pads), g.freshName(x + "_extended"), OnnxAttribute.of("mode", "edge"));
    }

    /** Per entry of {@code hw}, how many more bring it to a multiple of {@code m}. */
    private String missingToMultiple(String hw, int m) {
        String multiple = g.initializer(g.freshName("multiple"), new long[] {m}, 1);
        String rest = g.node("Mod", List.of(hw, multiple), g.freshName("rest"));
        return g.node("Mod", List.of(g.node("Sub", List.of(multiple, rest), g.freshName("short")), multiple),
                g.freshName("missing"));
    }

    /** {@code F.pad(x, (-c, -c, -c, -c))}: {@code c} pixels off every side. */
    String cropBorder(String x, int c) {
        String starts = g.initializer(g.freshName("crop_from"), new long[] {c, c}, 2);
        String ends = g.initializer(g.freshName("crop_to"), new long[] {-c, -c}, 2);
        String axes = g.initializer(g.freshName("crop_axes"), new long[] {2, 3}, 2);
        return g.node("Slice", List.of(x, starts, ends, axes), g.freshName(x + "_cropped"));
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
        return concat(xs, 1);
    }

    /** {@code torch.cat(xs, dim=axis)}. */
    String concat(List<String> xs, int axis) {
        return g.node("Concat", xs, g.freshName("cat"), OnnxAttribute.of("axis", (long) axis));
    }
}
