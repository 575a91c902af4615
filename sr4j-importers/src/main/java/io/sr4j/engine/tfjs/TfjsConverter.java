package io.sr4j.engine.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.engine.tfjs.TfjsModel.Layer;
import io.sr4j.engine.tfjs.TfjsWeights.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one parsed TF.js model as an NCHW ONNX graph. Keras tensors are NHWC; every tensor here is
 * NCHW, so kernels are transposed and channel-axis arguments mapped once, at the layer that has them.
 * Each Keras layer's output tensor is named after the layer.
 */
final class TfjsConverter {
    /** UpscalerJS's MultiplyBeta multiplies by this constant (its JavaScript ignores the config). */
    static final float UPSCALERJS_BETA = 0.2f;
    private static final Pattern PIXEL_SHUFFLE = Pattern.compile("PixelShuffle(\\d+)x");

    private final TfjsModel model;
    private final TfjsWeights weights;
    private final TfjsImportOptions options;
    private final OnnxGraphBuilder g;
    private final Map<String, Layer> layers = new HashMap<>();
    /** Keras layer name → ONNX tensor holding its output. */
    private final Map<String, String> tensors = new HashMap<>();
    /** ONNX tensor → channel count. */
    private final Map<String, Integer> channels = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    /** Keras layer name → how many layers take its output. */
    private final Map<String, Integer> consumers = new HashMap<>();

    TfjsConverter(TfjsModel model, TfjsWeights weights, TfjsImportOptions options) {
        this.model = model;
        this.weights = weights;
        this.options = options;
        this.g = new OnnxGraphBuilder(graphName(model.source()));
        for (Layer l : model.layers()) {
            layers.put(l.name(), l);
            g.reserve(l.name());
            for (String in : l.inputs()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
    }

    ConvertedModel convert() {
        String network = emit(model.outputLayer());
        String output = model.outputLayer();
        if (options.scalesValues()) {
            output = g.freshName("output");
            g.node("Mul", List.of(network, constant("output_scale", (float) (1 / options.networkRange()))), output);
        } else if (!network.equals(output)) {
            // The output layer is an alias of another (e.g. a linear Activation): give the graph its name.
            g.node("Identity", List.of(network), output);
        }
        Integer c = channels.get(network);
        g.output(output, Dim.of(1), c == null ? Dim.unknown() : Dim.of(c), Dim.unknown(), Dim.unknown());
        g.metadata("sr4j.converted_from", "tfjs:" + model.source());
        return new ConvertedModel(g.build(), model.source(), List.of(model.inputLayer()), List.of(output), List.of());
    }

    /** Emits {@code name} after everything it depends on; returns its output tensor. */
    private String emit(String name) {
        String done = tensors.get(name);
        if (done != null) {
            return done;
        }
        Layer l = layers.get(name);
        if (l == null) {
            throw fail("a layer takes input from '" + name + "', which is not a layer of the model");
        }
        if (!inProgress.add(name)) {
            throw fail("layer '" + name + "' depends on itself");
        }
        Layer upsampling = fusableUpsampling(l);
        String out;
        if (upsampling != null) {
            out = subPixelConv2d(l, emit(upsampling.inputs().get(0)), pair(upsampling, "size", 2)[0]);
        } else {
            List<String> inputs = new ArrayList<>();
            for (String in : l.inputs()) {
                inputs.add(emit(in));
            }
            out = convertLayer(l, inputs);
        }
        tensors.put(name, out);
        inProgress.remove(name);
        return out;
    }

    private String convertLayer(Layer l, List<String> in) {
        if (l.inputs().isEmpty() != l.className().equals("InputLayer")) {
            throw fail(l, l.inputs().isEmpty() ? "has no inputs" : "is an input layer with inputs");
        }
        Matcher shuffle = PIXEL_SHUFFLE.matcher(l.className());
        if (shuffle.matches()) {
            return pixelShuffle(l, one(l, in), Integer.parseInt(shuffle.group(1)));
        }
        return switch (l.className()) {
            case "InputLayer" -> input(l);
            case "Conv2D" -> conv2d(l, one(l, in));
            case "Activation" -> activation(l, l.config().path("activation").asText("linear"), one(l, in), l.name());
            case "ReLU" -> relu(l, one(l, in));
            case "LeakyReLU" -> same(l, in, g.node("LeakyRelu", List.of(one(l, in)), l.name(),
                    OnnxAttribute.of("alpha", (float) l.config().path("alpha").asDouble(0.3))));
            case "PReLU" -> prelu(l, one(l, in));
            case "Concatenate" -> concatenate(l, in);
            case "Add" -> same(l, in, in.size() == 2 ? g.node("Add", in, l.name()) : g.node("Sum", in, l.name()));
            case "UpSampling2D" -> upSampling(l, one(l, in));
            case "MultiplyBeta" -> multiplyBeta(l, one(l, in));
            case "Dropout", "SpatialDropout2D" -> one(l, in); // inference: identity
            default -> throw fail(l, "has class '" + l.className() + "', which sr4j cannot import (supported: "
                    + "InputLayer, Conv2D, Activation, ReLU, LeakyReLU, PReLU, Concatenate, Add, UpSampling2D, "
                    + "Dropout, MultiplyBeta, PixelShuffle<N>x)");
        };
    }

    private String input(Layer l) {
        JsonNode shape = l.config().path("batch_input_shape");
        if (!shape.isArray() || shape.size() != 4) {
            throw fail(l, "needs a 4-D batch_input_shape [batch, height, width, channels], has " + shape);
        }
        int c = shape.get(3).asInt(3);
        g.input(l.name(), Dim.of(1), Dim.of(c), Dim.named("height"), Dim.named("width"));
        channels.put(l.name(), c);
        if (!options.scalesValues()) {
            return l.name();
        }
        String scaled = g.node("Mul", List.of(l.name(), constant("input_scale", (float) options.networkRange())),
                g.freshName(l.name() + "_scaled"));
        channels.put(scaled, c);
        return scaled;
    }

    private String conv2d(Layer l, String x) {
        JsonNode c = l.config();
        requireChannelsLast(l);
        Tensor kernel = weights.get(l.name(), "kernel");
        int[] s = kernel.shape();
        if (s.length != 4) {
            throw fail(l, "kernel must be 4-D [kh, kw, in, out], is " + java.util.Arrays.toString(s));
        }
        int kh = s[0];
        int kw = s[1];
        int in = s[2];
        int out = s[3];
        int groups = c.path("groups").asInt(1);
        int[] strides = pair(l, "strides", 1);
        int[] dilation = pair(l, "dilation_rate", 1);
        List<OnnxAttribute> attrs = new ArrayList<>(List.of(
                OnnxAttribute.ints("kernel_shape", kh, kw),
                OnnxAttribute.ints("strides", strides[0], strides[1]),
                OnnxAttribute.ints("dilations", dilation[0], dilation[1]),
                OnnxAttribute.of("group", (long) groups)));
        String padding = c.path("padding").asText("valid");
        switch (padding) {
            case "valid" -> attrs.add(OnnxAttribute.ints("pads", 0, 0, 0, 0));
            case "same" -> attrs.add(samePadding(kh, kw, strides, dilation));
            default -> throw fail(l, "has padding '" + padding + "' (same or valid expected)");
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.add(g.initializer(g.freshName(l.name() + "_kernel"), hwioToOihw(kernel.data(), kh, kw, in, out),
                out, in, kh, kw));
        if (c.path("use_bias").asBoolean(true)) {
            Tensor bias = weights.get(l.name(), "bias");
            if (bias.data().length != out) {
                throw fail(l, "has " + out + " filters but " + bias.data().length + " biases");
            }
            inputs.add(g.initializer(g.freshName(l.name() + "_bias"), bias.data(), out));
        }
        String activation = c.path("activation").asText("linear");
        String conv = isLinear(activation) ? l.name() : g.freshName(l.name() + "_conv");
        g.node("Conv", inputs, List.of(conv), attrs.toArray(OnnxAttribute[]::new));
        channels.put(conv, out);
        return activation(l, activation, conv, l.name());
    }

    /**
     * The UpSampling2D feeding {@code l} if the pair can run as one low-resolution convolution
     * ({@link SubPixelKernel}): nearest, the same factor both ways, read by this Conv2D only, and the
     * convolution plain (SAME, stride 1, no dilation, one group); else null.
     */
    private Layer fusableUpsampling(Layer l) {
        if (!l.className().equals("Conv2D") || l.inputs().size() != 1) {
            return null;
        }
        Layer up = layers.get(l.inputs().get(0));
        if (up == null || !up.className().equals("UpSampling2D") || up.inputs().size() != 1
                || consumers.getOrDefault(up.name(), 0) != 1 || up.name().equals(model.outputLayer())
                || !up.config().path("interpolation").asText("nearest").equals("nearest")) {
            return null;
        }
        int[] size = pair(up, "size", 2);
        JsonNode c = l.config();
        int[] strides = pair(l, "strides", 1);
        int[] dilation = pair(l, "dilation_rate", 1);
        boolean plain = c.path("padding").asText("valid").equals("same") && c.path("groups").asInt(1) == 1
                && strides[0] == 1 && strides[1] == 1 && dilation[0] == 1 && dilation[1] == 1;
        return plain && size[0] == size[1] && size[0] > 1 ? up : null;
    }

    /** UpSampling2D(nearest, s) + Conv2D as Conv at low resolution + DepthToSpace (see SubPixelKernel). */
    private String subPixelConv2d(Layer l, String x, int s) {
        requireChannelsLast(l);
        Tensor kernel = weights.get(l.name(), "kernel");
        int[] shape = kernel.shape();
        if (shape.length != 4 || shape[0] != shape[1]) {
            throw fail(l, "kernel must be 4-D and square [k, k, in, out], is " + java.util.Arrays.toString(shape));
        }
        int in = shape[2];
        int out = shape[3];
        SubPixelKernel sub = SubPixelKernel.of(kernel.data(), shape[0], in, out, s);
        List<String> inputs = new ArrayList<>(List.of(x, g.initializer(g.freshName(l.name() + "_subpixel_kernel"),
                sub.weights(), (long) s * s * out, in, sub.size(), sub.size())));
        if (l.config().path("use_bias").asBoolean(true)) {
            float[] bias = weights.get(l.name(), "bias").data();
            float[] phases = new float[s * s * out];
            for (int p = 0; p < s * s; p++) {
                System.arraycopy(bias, 0, phases, p * out, out);
            }
            inputs.add(g.initializer(g.freshName(l.name() + "_subpixel_bias"), phases, phases.length));
        }
        String low = g.node("Conv", inputs, g.freshName(l.name() + "_subpixel"),
                OnnxAttribute.ints("kernel_shape", sub.size(), sub.size()),
                OnnxAttribute.ints("pads", sub.padBefore(), sub.padBefore(), sub.padAfter(), sub.padAfter()));
        String activation = l.config().path("activation").asText("linear");
        String conv = isLinear(activation) ? l.name() : g.freshName(l.name() + "_conv");
        g.node("DepthToSpace", List.of(low), conv, OnnxAttribute.of("blocksize", (long) s),
                OnnxAttribute.of("mode", "DCR"));
        channels.put(conv, out);
        return activation(l, activation, conv, l.name());
    }

    /**
     * TF's SAME padding puts the odd pixel after (bottom/right). With stride 1 its amount does not
     * depend on the input size, so it is written as explicit pads; else ONNX's SAME_UPPER, the same rule.
     */
    private static OnnxAttribute samePadding(int kh, int kw, int[] strides, int[] dilation) {
        if (strides[0] != 1 || strides[1] != 1) {
            return OnnxAttribute.of("auto_pad", "SAME_UPPER");
        }
        int th = dilation[0] * (kh - 1);
        int tw = dilation[1] * (kw - 1);
        return OnnxAttribute.ints("pads", th / 2, tw / 2, th - th / 2, tw - tw / 2);
    }

    /** Keras kernel [kh, kw, in, out] to ONNX [out, in, kh, kw]. */
    static float[] hwioToOihw(float[] k, int kh, int kw, int in, int out) {
        float[] t = new float[k.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    int src = ((y * kw + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        t[((o * in + i) * kh + y) * kw + x] = k[src + o];
                    }
                }
            }
        }
        return t;
    }

    /** Applies a Keras activation function by name; {@code out} names the result unless it is linear. */
    private String activation(Layer l, String function, String x, String out) {
        if (isLinear(function)) {
            return x;
        }
        String y = switch (function) {
            case "relu" -> g.node("Relu", List.of(x), out);
            case "sigmoid" -> g.node("Sigmoid", List.of(x), out);
            case "tanh" -> g.node("Tanh", List.of(x), out);
            case "elu" -> g.node("Elu", List.of(x), out);
            case "selu" -> g.node("Selu", List.of(x), out);
            case "softplus" -> g.node("Softplus", List.of(x), out);
            case "softsign" -> g.node("Softsign", List.of(x), out);
            case "exponential" -> g.node("Exp", List.of(x), out);
            case "relu6" -> g.node("Clip", List.of(x, constant("zero", 0f), constant("six", 6f)), out);
            // Keras: clip(0.2 x + 0.5, 0, 1), ONNX HardSigmoid's defaults.
            case "hard_sigmoid" -> g.node("HardSigmoid", List.of(x), out,
                    OnnxAttribute.of("alpha", 0.2f), OnnxAttribute.of("beta", 0.5f));
            case "swish", "silu" -> g.node("Mul",
                    List.of(x, g.node("Sigmoid", List.of(x), g.freshName(out + "_sigmoid"))), out);
            default -> throw fail(l, "uses activation '" + function + "', which sr4j cannot import");
        };
        channels.put(y, channels.get(x));
        return y;
    }

    private static boolean isLinear(String function) {
        return function.equals("linear") || function.isEmpty();
    }

    /** Keras' ReLU layer: max_value and threshold; negative_slope as a leaky ReLU. */
    private String relu(Layer l, String x) {
        JsonNode c = l.config();
        double slope = c.path("negative_slope").asDouble(0);
        if (c.path("threshold").asDouble(0) != 0) {
            throw fail(l, "has a nonzero threshold, which sr4j cannot import");
        }
        JsonNode max = c.get("max_value");
        boolean capped = max != null && !max.isNull();
        String relu = capped ? g.freshName(l.name() + "_relu") : l.name();
        if (slope == 0) {
            g.node("Relu", List.of(x), relu);
        } else {
            g.node("LeakyRelu", List.of(x), relu, OnnxAttribute.of("alpha", (float) slope));
        }
        if (capped) {
            g.node("Min", List.of(relu, constant(l.name() + "_max", (float) max.asDouble())), l.name());
        }
        return same(l, List.of(x), l.name());
    }

    /** Keras PReLU with its slope shared over height and width: one slope per channel. */
    private String prelu(Layer l, String x) {
        Tensor alpha = weights.get(l.name(), "alpha");
        Integer c = channels.get(x);
        if (c == null || alpha.data().length != c) {
            throw fail(l, "has slopes of shape " + java.util.Arrays.toString(alpha.shape())
                    + "; sr4j imports PReLU with one slope per channel (shared_axes [1, 2])");
        }
        String slope = g.initializer(g.freshName(l.name() + "_alpha"), alpha.data(), c, 1, 1);
        return same(l, List.of(x), g.node("PRelu", List.of(x, slope), l.name()));
    }

    private String concatenate(Layer l, List<String> in) {
        if (in.size() < 2) {
            throw fail(l, "concatenates " + in.size() + " tensor(s)");
        }
        int axis = nchwAxis(l, l.config().path("axis").asInt(-1));
        g.node("Concat", in, l.name(), OnnxAttribute.of("axis", (long) axis));
        if (axis == 1) {
            int sum = 0;
            for (String t : in) {
                Integer c = channels.get(t);
                if (c == null) {
                    return l.name();
                }
                sum += c;
            }
            channels.put(l.name(), sum);
        } else {
            channels.put(l.name(), channels.get(in.get(0)));
        }
        return l.name();
    }

    /** A Keras axis of a 4-D NHWC tensor as an axis of the NCHW tensor. */
    private int nchwAxis(Layer l, int kerasAxis) {
        int a = kerasAxis < 0 ? kerasAxis + 4 : kerasAxis;
        return switch (a) {
            case 0 -> 0;
            case 1 -> 2;
            case 2 -> 3;
            case 3 -> 1;
            default -> throw fail(l, "has axis " + kerasAxis + " (a 4-D tensor has axes -4..3)");
        };
    }

    /**
     * Keras/TF.js UpSampling2D: TF.js resizes with align_corners and half_pixel_centers off, which is
     * ONNX's "asymmetric" transform (nearest: floor of dst / scale, i.e. plain pixel repetition).
     */
    private String upSampling(Layer l, String x) {
        requireChannelsLast(l);
        int[] size = pair(l, "size", 2);
        String interpolation = l.config().path("interpolation").asText("nearest");
        List<OnnxAttribute> attrs = new ArrayList<>(List.of(
                OnnxAttribute.of("coordinate_transformation_mode", "asymmetric")));
        switch (interpolation) {
            case "nearest" -> {
                attrs.add(OnnxAttribute.of("mode", "nearest"));
                attrs.add(OnnxAttribute.of("nearest_mode", "floor"));
            }
            case "bilinear" -> attrs.add(OnnxAttribute.of("mode", "linear"));
            default -> throw fail(l, "has interpolation '" + interpolation + "' (nearest or bilinear expected)");
        }
        String scales = g.initializer(g.freshName(l.name() + "_scales"), new float[] {1, 1, size[0], size[1]}, 4);
        return same(l, List.of(x), g.node("Resize", List.of(x, "", scales), l.name(),
                attrs.toArray(OnnxAttribute[]::new)));
    }

    /** UpscalerJS MultiplyBeta: {@code x * 0.2}, the constant in the package's JavaScript. */
    private String multiplyBeta(Layer l, String x) {
        JsonNode beta = l.config().get("beta");
        if (beta != null && (float) beta.asDouble() != UPSCALERJS_BETA) {
            throw fail(l, "has beta " + beta + ", but UpscalerJS's MultiplyBeta always multiplies by "
                    + UPSCALERJS_BETA);
        }
        return same(l, List.of(x), g.node("Mul", List.of(x, constant("beta", UPSCALERJS_BETA)), l.name()));
    }

    /**
     * UpscalerJS PixelShuffleNx: {@code tf.depthToSpace(x, N, 'NHWC')}. TF's depth-to-space reads
     * output pixel (dy, dx), channel c from input channel {@code (dy * N + dx) * C + c}: ONNX DCR mode.
     */
    private String pixelShuffle(Layer l, String x, int scale) {
        JsonNode configured = l.config().get("scale");
        if (scale < 2 || (configured != null && configured.asInt() != scale)) {
            throw fail(l, "is a PixelShuffle" + scale + "x with scale " + configured);
        }
        g.node("DepthToSpace", List.of(x), l.name(), OnnxAttribute.of("blocksize", (long) scale),
                OnnxAttribute.of("mode", "DCR"));
        Integer c = channels.get(x);
        if (c != null) {
            if (c % (scale * scale) != 0) {
                throw fail(l, "gets " + c + " channels, not a multiple of " + scale * scale);
            }
            channels.put(l.name(), c / (scale * scale));
        }
        return l.name();
    }

    private String same(Layer l, List<String> in, String out) {
        Integer c = channels.get(in.get(0));
        if (c != null) {
            channels.put(out, c);
        }
        return out;
    }

    private String one(Layer l, List<String> in) {
        if (in.size() != 1) {
            throw fail(l, "takes " + in.size() + " inputs, expected 1");
        }
        return in.get(0);
    }

    private void requireChannelsLast(Layer l) {
        String format = l.config().path("data_format").asText("channels_last");
        if (!format.equals("channels_last")) {
            throw fail(l, "has data_format '" + format + "' (channels_last expected, as TF.js uses)");
        }
    }

    /** A Keras (height, width) pair: a list of two ints or one int for both. */
    private int[] pair(Layer l, String key, int otherwise) {
        JsonNode v = l.config().get(key);
        if (v == null || v.isNull()) {
            return new int[] {otherwise, otherwise};
        }
        if (v.isInt()) {
            return new int[] {v.asInt(), v.asInt()};
        }
        if (!v.isArray() || v.size() != 2 || v.get(0).asInt(0) < 1 || v.get(1).asInt(0) < 1) {
            throw fail(l, "has " + key + " " + v + " (two positive integers expected)");
        }
        return new int[] {v.get(0).asInt(), v.get(1).asInt()};
    }

    private String constant(String hint, float value) {
        return g.initializer(g.freshName(hint), new float[] {value});
    }

    private static String graphName(String source) {
        String s = source.replace('\\', '/');
        int slash = s.lastIndexOf('/');
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s.isEmpty() ? "tfjs" : s;
    }

    private ModelImportException fail(Layer l, String message) {
        return fail("layer '" + l.name() + "' (" + l.className() + ") " + message);
    }

    private ModelImportException fail(String message) {
        return new ModelImportException(model.source() + ": " + message);
    }
}
