package io.sr4j.engine.ncnn;

import io.sr4j.engine.ncnn.PoolingStatistic.Role;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one parsed ncnn network and its weights into an ONNX graph, layer by layer, following the
 * semantics of ncnn's CPU layers (see {@code docs/model-formats.md}).
 *
 * <p>ncnn blobs have no batch axis. A 3-D blob (c, h, w) becomes an ONNX tensor [1, C, H, W]; a 1-D
 * blob of length C (global pooling, InnerProduct) is kept as [1, C, 1, 1], so that it broadcasts per
 * channel against images without Reshape nodes. Each blob's ncnn rank and, where known, channel
 * count are tracked to choose axes and broadcasting as ncnn would.
 *
 * <p>Single use: one converter per conversion.
 */
final class NcnnConverter {
    /** ONNX Slice's "to the end". */
    private static final long TO_END = Long.MAX_VALUE;
    private static final int UNSET = -233;

    /** An ncnn blob as converted: its ONNX tensor, its ncnn rank (1 or 3) and channels (-1 unknown). */
    private record Blob(String tensor, int dims, int channels) {
    }

    private final NcnnNetwork net;
    private final NcnnWeights weights;
    private final ImportOptions options;
    private final OnnxGraphBuilder g;
    private final Map<String, Blob> blobs = new HashMap<>();
    /** ncnn blob → forced ONNX tensor name (statistics, residual). */
    private final Map<String, String> names = new HashMap<>();
    /** Top blob of a global average pooling → its statistic number. */
    private final Map<String, Integer> statisticIndex = new HashMap<>();
    /** Names kept for statistics and the residual output, which other blobs must not take. */
    private final Set<String> reservedNames = new HashSet<>();
    private final List<PoolingStatistic> statistics = new ArrayList<>();
    private final List<String> imageInputs = new ArrayList<>();
    private final List<String> injectedInputs = new ArrayList<>();
    private int statisticCount;

    NcnnConverter(NcnnNetwork net, NcnnWeights weights, ImportOptions options) {
        this.net = net;
        this.weights = weights;
        this.options = options;
        String graphName = net.source().replaceFirst("\\.param$", "");
        this.g = new OnnxGraphBuilder(graphName.isEmpty() ? "ncnn" : graphName);
    }

    ConvertedModel convert() {
        List<String> outputBlobs = findOutputs();
        numberStatistics();
        String residualBlob = null;
        if (options.inputResidual().isPresent()) {
            residualBlob = outputBlobs.get(0);
            names.put(residualBlob, g.freshName("sr4j/" + residualBlob + "/before_residual"));
            g.reserve(residualBlob);
            reservedNames.add(residualBlob);
        }

        for (NcnnLayer layer : net.layers()) {
            convertLayer(layer);
        }
        if (weights.remaining() != 0) {
            throw new ModelImportException(weights.source() + " has " + weights.remaining() + " bytes left over after"
                    + " the weights of all " + net.layers().size() + " layers of " + net.source() + " (read "
                    + weights.position() + " of " + weights.size() + "): wrong .bin for this .param?");
        }
        if (imageInputs.isEmpty()) {
            throw new ModelImportException(net.source() + ": the network has no Input layer");
        }
        if (options.injectStatistics() != ImportOptions.ALL && options.injectStatistics() > statisticCount) {
            throw new ModelImportException(net.source() + ": asked to inject " + options.injectStatistics()
                    + " pooling statistics, but the model has " + statisticCount + " global average poolings");
        }

        List<String> outputs = new ArrayList<>();
        for (String blobName : outputBlobs) {
            Blob b = blob(blobName, null);
            String tensor = b.tensor();
            if (blobName.equals(residualBlob)) {
                tensor = addInputResidual(b, blobName);
            }
            g.output(tensor, shapeOf(b));
            outputs.add(tensor);
        }
        if (options.exposeStatistics()) {
            for (PoolingStatistic s : statistics) {
                if (s.role() == Role.EXPOSED && !outputs.contains(s.name())) {
                    g.output(s.name(), Dim.of(1), Dim.of(s.channels()), Dim.of(1), Dim.of(1));
                    outputs.add(s.name());
                }
            }
        }
        List<String> inputs = new ArrayList<>(imageInputs);
        inputs.addAll(injectedInputs);
        g.metadata("sr4j.converted_from", "ncnn:" + net.source());
        byte[] onnx = g.build();
        return new ConvertedModel(onnx, net.source(), inputs, outputs, statistics);
    }

    // ---- graph-level structure ----

    /** Blobs nothing reads, in file order: the network's outputs (Split's unused copies excluded). */
    private List<String> findOutputs() {
        Set<String> consumed = new HashSet<>();
        for (NcnnLayer l : net.layers()) {
            consumed.addAll(l.bottoms());
        }
        List<String> outputs = new ArrayList<>();
        for (NcnnLayer l : net.layers()) {
            if (l.type().equals("Split") || l.type().equals("Input")) {
                continue;
            }
            for (String top : l.tops()) {
                if (!consumed.contains(top)) {
                    outputs.add(top);
                }
            }
        }
        if (outputs.isEmpty()) {
            throw new ModelImportException(net.source() + ": no layer produces an output (every blob is consumed)");
        }
        return outputs;
    }

    /**
     * Numbers the global average poolings. Those that become graph inputs or outputs are named
     * gap0, gap1, … (reserved now, so no other blob takes the name); the others keep their blob name.
     */
    private void numberStatistics() {
        for (NcnnLayer l : net.layers()) {
            if (l.type().equals("Pooling") && l.params().has(4) && isGlobalAverage(l)) {
                int index = statisticCount++;
                statisticIndex.put(l.tops().get(0), index);
                if (index < options.injectStatistics() || options.exposeStatistics()) {
                    String name = "gap" + index;
                    names.put(l.tops().get(0), name);
                    g.reserve(name);
                    reservedNames.add(name);
                }
            }
        }
    }

    private static boolean isGlobalAverage(NcnnLayer l) {
        try {
            return l.params().getInt(4, 0) != 0 && l.params().getInt(0, 0) == 1 && l.tops().size() == 1;
        } catch (ModelImportException e) {
            return false; // reported properly when the layer is converted
        }
    }

    private String addInputResidual(Blob out, String outName) {
        ImportOptions.InputResidual r = options.inputResidual().orElseThrow();
        Blob in = blob(net.layers().stream().filter(l -> l.type().equals("Input")).findFirst().orElseThrow()
                .tops().get(0), null);
        if (out.dims() != 3) {
            throw new ModelImportException(net.source() + ": input residual needs an image output, '" + outName
                    + "' is 1-D");
        }
        String source = in.tensor();
        if (r.border() > 0) {
            source = g.node("Slice", List.of(source, ints("residual/starts", r.border(), r.border()),
                    ints("residual/ends", -r.border(), -r.border()), ints("residual/axes", 2, 3)),
                    g.freshName("sr4j/residual/cropped"));
        }
        String up = source;
        if (r.scale() != 1) {
            up = g.node("Resize", List.of(source, "", floats("residual/scales", 1, 1, r.scale(), r.scale())),
                    g.freshName("sr4j/residual/upscaled"), OnnxAttribute.of("mode", "nearest"),
                    OnnxAttribute.of("coordinate_transformation_mode", "asymmetric"),
                    OnnxAttribute.of("nearest_mode", "floor"));
        }
        return g.node("Add", List.of(out.tensor(), up), outName);
    }

    private static Dim[] shapeOf(Blob b) {
        Dim c = b.channels() > 0 ? Dim.of(b.channels()) : Dim.unknown();
        if (b.dims() == 1) {
            return new Dim[] {Dim.of(1), c, Dim.of(1), Dim.of(1)};
        }
        return new Dim[] {Dim.of(1), c, Dim.unknown(), Dim.unknown()};
    }

    // ---- per layer ----

    private void convertLayer(NcnnLayer l) {
        switch (l.type()) {
            case "Input" -> input(l);
            case "Convolution" -> convolution(l, false);
            case "ConvolutionDepthWise" -> convolution(l, true);
            case "Deconvolution" -> deconvolution(l);
            case "InnerProduct" -> innerProduct(l);
            case "PReLU" -> prelu(l);
            case "ReLU" -> relu(l);
            case "Sigmoid" -> simpleActivation(l, 4, Set.of());
            case "Clip" -> clip(l);
            case "PixelShuffle" -> pixelShuffle(l);
            case "Interp" -> interp(l);
            case "BinaryOp" -> binaryOp(l);
            case "Eltwise" -> eltwise(l);
            case "Concat" -> concat(l);
            case "Split" -> split(l);
            case "Noop" -> alias(l);
            case "Dropout" -> dropout(l);
            case "Crop" -> crop(l);
            case "Pooling" -> pooling(l);
            case "Scale" -> scale(l);
            default -> throw error(l, "layer type " + l.type() + " is not supported by the ncnn importer");
        }
    }

    private void input(NcnnLayer l) {
        known(l, 0, 1, 2, 11);
        counts(l, 0, 1);
        int c = l.params().getInt(2, 0);
        if (c <= 0) {
            c = inferInputChannels(l.tops().get(0));
        }
        String suffix = imageInputs.isEmpty() ? "" : "_" + imageInputs.size();
        String tensor = tensorFor(l.tops().get(0));
        g.input(tensor, Dim.of(1), c > 0 ? Dim.of(c) : Dim.named("channels" + suffix), Dim.named("height" + suffix),
                Dim.named("width" + suffix));
        imageInputs.add(tensor);
        blobs.put(l.tops().get(0), new Blob(tensor, 3, c));
    }

    /** Channels of an input blob without a shape hint: from the first convolution reading it. */
    private int inferInputChannels(String inputBlob) {
        Set<String> aliases = new HashSet<>(Set.of(inputBlob));
        for (NcnnLayer l : net.layers()) {
            if (l.bottoms().isEmpty() || !aliases.contains(l.bottoms().get(0))) {
                continue;
            }
            if (l.type().equals("Split")) {
                aliases.addAll(l.tops());
            } else if (l.type().equals("Convolution")) {
                ParamDict p = l.params();
                int out = p.getInt(0, 0);
                int kw = p.getInt(1, 0);
                int kh = p.getInt(11, kw);
                int size = p.getInt(6, 0);
                if (out > 0 && kw > 0 && kh > 0 && size % (out * kh * kw) == 0) {
                    return size / (out * kh * kw);
                }
            }
        }
        return -1;
    }

    private void convolution(NcnnLayer l, boolean depthwise) {
        ParamDict p = l.params();
        known(l, depthwise ? new int[] {0, 1, 11, 2, 12, 3, 13, 4, 15, 14, 16, 18, 5, 6, 7, 8, 9, 10, 19}
                : new int[] {0, 1, 11, 2, 12, 3, 13, 4, 15, 14, 16, 18, 5, 6, 8, 9, 10, 19});
        counts(l, 1, 1);
        Blob x = in(l, 0);
        Kernel kernel = kernel(l, p);
        int out = kernel.out();
        int kw = kernel.kw();
        int kh = kernel.kh();
        int group = depthwise ? positive(l, p, 7, 1, "group") : 1;
        if (p.getInt(19, 0) != 0) {
            throw error(l, "dynamic weights (param 19) are not supported");
        }
        if (p.getInt(8, 0) != 0) {
            throw error(l, "int8 quantised convolution (param 8 int8_scale_term=" + p.getInt(8, 0) + ") is not supported");
        }
        checkActivation(l, p);
        int weightSize = positive(l, p, 6, 0, "weight_data_size");
        if (out % group != 0 || weightSize % (out * kh * kw) != 0) {
            throw error(l, "weight_data_size " + weightSize + " is not a multiple of num_output " + out + " × kernel "
                    + kh + "×" + kw + (group > 1 ? " (or num_output not divisible by group " + group + ")" : ""));
        }
        int inPerGroup = weightSize / (out * kh * kw);
        int inChannels = inPerGroup * group;
        checkChannels(l, x, inChannels);
        float[] w = flagged(l, weightSize, "weight");
        String weight = g.initializer(name(l, "weight"), w, out, inPerGroup, kh, kw);
        List<String> inputs = new ArrayList<>(List.of(x.tensor(), weight));
        if (p.getInt(5, 0) != 0) {
            inputs.add(g.initializer(name(l, "bias"), raw(l, out, "bias"), out));
        }
        List<OnnxAttribute> attrs = kernel.attributes();
        attrs.add(OnnxAttribute.of("group", (long) group));
        int[] pads = pads(l, p);
        float padValue = p.getFloat(18, 0f);
        if (pads == null) {
            if (padValue != 0f) {
                throw error(l, "SAME padding (-233/-234) with a non-zero pad_value is not supported");
            }
            attrs.add(OnnxAttribute.of("auto_pad", p.getInt(4, 0) == -233 ? "SAME_UPPER" : "SAME_LOWER"));
        } else if (padValue != 0f && (pads[0] | pads[1] | pads[2] | pads[3]) != 0) {
            // Conv pads with zeros only: pad explicitly with ncnn's constant.
            String padded = g.node("Pad", List.of(x.tensor(),
                    ints(l, "pads", 0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]),
                    g.initializer(name(l, "pad_value"), new float[] {padValue})),
                    name(l, "padded"), OnnxAttribute.of("mode", "constant"));
            inputs.set(0, padded);
        } else {
            attrs.add(OnnxAttribute.ints("pads", pads[0], pads[1], pads[2], pads[3]));
        }
        emitWithActivation(l, p, "Conv", inputs, attrs, out);
    }

    /** Kernel geometry shared by Convolution and Deconvolution: ncnn params 0–3 and 11–13. */
    private record Kernel(int out, int kw, int kh, int dw, int dh, int sw, int sh) {
        /** ONNX kernel_shape, strides and dilations (H before W), in a list the caller may extend. */
        List<OnnxAttribute> attributes() {
            return new ArrayList<>(List.of(OnnxAttribute.ints("kernel_shape", kh, kw),
                    OnnxAttribute.ints("strides", sh, sw), OnnxAttribute.ints("dilations", dh, dw)));
        }
    }

    private Kernel kernel(NcnnLayer l, ParamDict p) {
        int kw = positive(l, p, 1, 0, "kernel_w");
        int dw = positive(l, p, 2, 1, "dilation_w");
        int sw = positive(l, p, 3, 1, "stride_w");
        return new Kernel(positive(l, p, 0, 0, "num_output"), kw, positive(l, p, 11, kw, "kernel_h"), dw,
                positive(l, p, 12, dw, "dilation_h"), sw, positive(l, p, 13, sw, "stride_h"));
    }

    /** Emits {@code op} and the layer's fused activation (param 9/10) into its single top blob. */
    private void emitWithActivation(NcnnLayer l, ParamDict p, String op, List<String> inputs,
            List<OnnxAttribute> attrs, int channels) {
        String top = tensorFor(l.tops().get(0));
        opWithActivation(l, p, op, inputs, attrs, top);
        blobs.put(l.tops().get(0), new Blob(top, 3, channels));
    }

    /** {@code op}, then the layer's fused activation (params 9, 10) if it has one; the last writes {@code out}. */
    private void opWithActivation(NcnnLayer l, ParamDict p, String op, List<String> inputs, List<OnnxAttribute> attrs,
            String out) {
        int act = p.getInt(9, 0);
        String opOut = act == 0 ? out : name(l, op.toLowerCase(Locale.ROOT));
        g.node(op, inputs, opOut, attrs.toArray(OnnxAttribute[]::new));
        activation(l, opOut, act, p.getFloats(10), out);
    }

    /**
     * ONNX pads [top, left, bottom, right] from ncnn's 4 (left), 15 (right), 14 (top), 16 (bottom);
     * null for SAME padding (all four −233 or all −234).
     */
    private int[] pads(NcnnLayer l, ParamDict p) {
        int left = p.getInt(4, 0);
        int right = p.getInt(15, left);
        int top = p.getInt(14, left);
        int bottom = p.getInt(16, top);
        if (left >= 0 && right >= 0 && top >= 0 && bottom >= 0) {
            return new int[] {top, left, bottom, right};
        }
        boolean same = left == right && left == top && left == bottom && (left == -233 || left == -234);
        if (!same) {
            throw error(l, "padding left/right/top/bottom = " + left + "/" + right + "/" + top + "/" + bottom
                    + " is not supported (negative pads only as all -233 or all -234)");
        }
        return null;
    }

    private void deconvolution(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1, 11, 2, 12, 3, 13, 4, 15, 14, 16, 18, 19, 20, 21, 5, 6, 9, 10, 28);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        Kernel kernel = kernel(l, p);
        int out = kernel.out();
        int kw = kernel.kw();
        int kh = kernel.kh();
        if (p.getInt(28, 0) != 0) {
            throw error(l, "dynamic weights (param 28) are not supported");
        }
        int left = p.getInt(4, 0);
        int right = p.getInt(15, left);
        int top = p.getInt(14, left);
        int bottom = p.getInt(16, top);
        if (left < 0 || right < 0 || top < 0 || bottom < 0) {
            throw error(l, "negative (SAME, output-size driven) deconvolution padding " + left + "/" + right + "/"
                    + top + "/" + bottom + " is not supported");
        }
        int outPadRight = p.getInt(18, 0);
        int outPadBottom = p.getInt(19, outPadRight);
        if (outPadRight < 0 || outPadBottom < 0) {
            throw error(l, "negative output padding " + outPadRight + "/" + outPadBottom);
        }
        checkActivation(l, p);
        int weightSize = positive(l, p, 6, 0, "weight_data_size");
        if (weightSize % (out * kh * kw) != 0) {
            throw error(l, "weight_data_size " + weightSize + " is not a multiple of num_output " + out + " × kernel "
                    + kh + "×" + kw);
        }
        int inChannels = weightSize / (out * kh * kw);
        checkChannels(l, x, inChannels);
        float[] w = flagged(l, weightSize, "weight");
        if (options.deconvolutionAsConvolution() && kernel.dh() == 1 && kernel.dw() == 1 && kernel.sh() == kernel.sw()
                && kernel.sh() > 1 && outPadRight == 0 && outPadBottom == 0) {
            float[] bias = p.getInt(5, 0) != 0 ? raw(l, out, "bias") : null;
            phaseDeconvolution(l, x, kernel, inChannels, w, bias, new int[] {top, left, bottom, right});
            return;
        }
        // ncnn stores [out][in][kh][kw]; ONNX ConvTranspose wants [in][out][kh][kw]. No kernel flip.
        int k = kh * kw;
        float[] swapped = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < inChannels; i++) {
                System.arraycopy(w, (o * inChannels + i) * k, swapped, (i * out + o) * k, k);
            }
        }
        List<String> inputs = new ArrayList<>(List.of(x.tensor(),
                g.initializer(name(l, "weight"), swapped, inChannels, out, kh, kw)));
        if (p.getInt(5, 0) != 0) {
            inputs.add(g.initializer(name(l, "bias"), raw(l, out, "bias"), out));
        }
        List<OnnxAttribute> attrs = kernel.attributes();
        attrs.add(OnnxAttribute.ints("pads", top, left, bottom, right));
        if (outPadRight != 0 || outPadBottom != 0) {
            attrs.add(OnnxAttribute.ints("output_padding", outPadBottom, outPadRight));
        }
        emitWithActivation(l, p, "ConvTranspose", inputs, attrs, out);
    }

    /**
     * A stride-s Deconvolution written as a stride-1 Conv with s² output channels per ncnn channel (one
     * per sub-pixel phase), DepthToSpace (CRD) and a Slice for the pads. Output row Y = q·s + r of the
     * uncropped deconvolution sums x[q − m]·w[r + s·m] over m, a correlation with the phase's taps
     * reversed. The activation runs on the Conv (element-wise, so it commutes), where ONNX Runtime
     * can fuse it; the phases' padding is trimmed where it would only produce rows that are cut.
     */
    private void phaseDeconvolution(NcnnLayer l, Blob x, Kernel kernel, int in, float[] w, float[] bias,
            int[] pads) {
        int s = kernel.sh();
        int out = kernel.out();
        int kh = kernel.kh();
        int kw = kernel.kw();
        int mh = (kh + s - 1) / s;
        int mw = (kw + s - 1) / s;
        int phases = s * s;
        float[] pw = new float[out * phases * in * mh * mw];
        for (int o = 0; o < out; o++) {
            for (int ry = 0; ry < s; ry++) {
                for (int rx = 0; rx < s; rx++) {
                    int channel = o * phases + ry * s + rx; // CRD: out[c][h·s+ry][w·s+rx] = in[c·s²+ry·s+rx]
                    for (int i = 0; i < in; i++) {
                        for (int jy = 0; jy < mh; jy++) {
                            int ky = ry + s * (mh - 1 - jy);
                            for (int jx = 0; jx < mw && ky < kh; jx++) {
                                int kx = rx + s * (mw - 1 - jx);
                                if (kx < kw) {
                                    pw[((channel * in + i) * mh + jy) * mw + jx] = w[((o * in + i) * kh + ky) * kw + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        List<String> inputs = new ArrayList<>(List.of(x.tensor(),
                g.initializer(name(l, "phase_weight"), pw, out * phases, in, mh, mw)));
        if (bias != null) {
            float[] pb = new float[out * phases];
            for (int c = 0; c < pb.length; c++) {
                pb[c] = bias[c / phases];
            }
            inputs.add(g.initializer(name(l, "phase_bias"), pb, pb.length));
        }
        PhaseCrop v = PhaseCrop.of(s, mh, kh, pads[0], pads[2]);
        PhaseCrop h = PhaseCrop.of(s, mw, kw, pads[1], pads[3]);
        String activated = name(l, "phases");
        opWithActivation(l, l.params(), "Conv", inputs, List.of(OnnxAttribute.ints("kernel_shape", mh, mw),
                OnnxAttribute.ints("pads", v.padBefore(), h.padBefore(), v.padAfter(), h.padAfter())), activated);
        String top = tensorFor(l.tops().get(0));
        boolean crop = v.cropBefore() != 0 || v.cropAfter() != 0 || h.cropBefore() != 0 || h.cropAfter() != 0;
        String space = g.node("DepthToSpace", List.of(activated), crop ? name(l, "space") : top,
                OnnxAttribute.of("blocksize", (long) s), OnnxAttribute.of("mode", "CRD"));
        if (crop) {
            long[] starts = {v.cropBefore(), h.cropBefore()};
            long[] ends = {v.end(), h.end()};
            g.node("Slice", List.of(space, g.initializer(name(l, "starts"), starts, 2),
                    g.initializer(name(l, "ends"), ends, 2), g.initializer(name(l, "axes"), new long[] {2, 3}, 2)), top);
        }
        blobs.put(l.tops().get(0), new Blob(top, 3, out));
    }

    /**
     * One axis of {@link #phaseDeconvolution}: the Conv's pads and the rows DepthToSpace's output loses
     * at each end. Untrimmed, the Conv pads m − 1 on both sides and its output is s·m − k rows longer
     * than the uncropped deconvolution, at the end; whole phase rows of the cut are trimmed from the pads.
     */
    private record PhaseCrop(int padBefore, int padAfter, int cropBefore, int cropAfter) {
        static PhaseCrop of(int s, int m, int k, int padBefore, int padAfter) {
            int cutAfter = s * m - k + padAfter;
            int trimBefore = Math.min(padBefore / s, m - 1);
            int trimAfter = Math.min(cutAfter / s, m - 1);
            return new PhaseCrop(m - 1 - trimBefore, m - 1 - trimAfter, padBefore - trimBefore * s,
                    cutAfter - trimAfter * s);
        }

        /** Slice's end: negative counts from the end. */
        long end() {
            return cropAfter == 0 ? TO_END : -cropAfter;
        }
    }

    private void innerProduct(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1, 2, 8, 9, 10);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        int out = positive(l, p, 0, 0, "num_output");
        checkActivation(l, p);
        int weightSize = positive(l, p, 2, 0, "weight_data_size");
        if (p.getInt(8, 0) != 0) {
            throw error(l, "int8 quantised InnerProduct (param 8) is not supported");
        }
        if (weightSize % out != 0) {
            throw error(l, "weight_data_size " + weightSize + " is not a multiple of num_output " + out);
        }
        int inSize = weightSize / out;
        float[] w = flagged(l, weightSize, "weight");
        float[] b = p.getInt(1, 0) != 0 ? raw(l, out, "bias") : null;
        String top = tensorFor(l.tops().get(0));
        int act = p.getInt(9, 0);
        String fcOut = act == 0 ? top : name(l, "fc");
        if (x.dims() == 1) {
            checkChannels(l, x, inSize);
            // [1, C, 1, 1] in, [1, out, 1, 1] out: a 1×1 convolution is y = W·x + b.
            List<String> inputs = new ArrayList<>(List.of(x.tensor(),
                    g.initializer(name(l, "weight"), w, out, inSize, 1, 1)));
            if (b != null) {
                inputs.add(g.initializer(name(l, "bias"), b, out));
            }
            g.node("Conv", inputs, fcOut, OnnxAttribute.ints("kernel_shape", 1, 1));
        } else {
            // Flatten c·h·w in ncnn's order (= NCHW row-major), Gemm, back to [1, out, 1, 1].
            String flat = g.node("Flatten", List.of(x.tensor()), name(l, "flat"), OnnxAttribute.of("axis", 1L));
            List<String> inputs = new ArrayList<>(List.of(flat, g.initializer(name(l, "weight"), w, out, inSize)));
            if (b != null) {
                inputs.add(g.initializer(name(l, "bias"), b, out));
            }
            String gemm = g.node("Gemm", inputs, name(l, "gemm"), OnnxAttribute.of("transB", 1L));
            g.node("Reshape", List.of(gemm, ints(l, "shape", 1, out, 1, 1)), fcOut);
        }
        activation(l, fcOut, act, p.getFloats(10), top);
        blobs.put(l.tops().get(0), new Blob(top, 1, out));
    }

    private void prelu(NcnnLayer l) {
        known(l, 0);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        int n = positive(l, l.params(), 0, 0, "num_slope");
        float[] slope = raw(l, n, "slopes");
        if (n != 1) {
            checkChannels(l, x, n);
        }
        String top = tensorFor(l.tops().get(0));
        int c = x.channels();
        if (options.preluAsConvolutions() && x.dims() == 3 && c > 0) {
            // PReLU(y) = y + (1 − s)·ReLU(−y): two 1×1 depthwise convolutions and an Add, all of which
            // ONNX Runtime keeps in its channel-blocked layout (Conv+Relu and Conv+Add fuse).
            float[] minusOne = new float[c];
            float[] oneMinusSlope = new float[c];
            for (int i = 0; i < c; i++) {
                minusOne[i] = -1f;
                oneMinusSlope[i] = 1f - slope[n == 1 ? 0 : i];
            }
            OnnxAttribute[] depthwise = {OnnxAttribute.ints("kernel_shape", 1, 1), OnnxAttribute.of("group", (long) c)};
            String negated = g.node("Conv", List.of(x.tensor(), g.initializer(name(l, "minus_one"), minusOne, c, 1, 1, 1)),
                    name(l, "negated"), depthwise);
            String relu = g.node("Relu", List.of(negated), name(l, "negative_part"));
            String scaled = g.node("Conv", List.of(relu, g.initializer(name(l, "one_minus_slope"), oneMinusSlope, c, 1, 1, 1)),
                    name(l, "scaled"), depthwise);
            g.node("Add", List.of(x.tensor(), scaled), top);
        } else {
            String s = n == 1 ? g.initializer(name(l, "slope"), slope, 1)
                    : g.initializer(name(l, "slope"), slope, n, 1, 1);
            g.node("PRelu", List.of(x.tensor(), s), top);
        }
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), x.channels()));
    }

    private void relu(NcnnLayer l) {
        known(l, 0);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        float slope = l.params().getFloat(0, 0f);
        String top = tensorFor(l.tops().get(0));
        activation(l, x.tensor(), slope == 0f ? 1 : 2, new float[] {slope}, top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), x.channels()));
    }

    private void clip(NcnnLayer l) {
        known(l, 0, 1);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        float min = l.params().getFloat(0, -Float.MAX_VALUE);
        float max = l.params().getFloat(1, Float.MAX_VALUE);
        String top = tensorFor(l.tops().get(0));
        activation(l, x.tensor(), 3, new float[] {min, max}, top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), x.channels()));
    }

    private void simpleActivation(NcnnLayer l, int type, Set<Integer> knownIds) {
        known(l, knownIds.stream().mapToInt(Integer::intValue).toArray());
        counts(l, 1, 1);
        Blob x = in(l, 0);
        String top = tensorFor(l.tops().get(0));
        activation(l, x.tensor(), type, new float[0], top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), x.channels()));
    }

    /** Refuses an unknown fused activation before any weights are read, so the message names it. */
    private void checkActivation(NcnnLayer l, ParamDict p) {
        int type = p.getInt(9, 0);
        if (type < 0 || type > 6) {
            throw error(l, "activation type " + type + " (param 9) is not supported");
        }
        int needed = type == 2 ? 1 : (type == 3 || type == 6 ? 2 : 0);
        float[] params = p.getFloats(10);
        if (params.length < needed) {
            throw error(l, "activation type " + type + " needs " + needed + " activation params (param 10), the file has "
                    + params.length);
        }
    }

    /** ncnn's fused activation {@code type} (param 9) with {@code params} (param 10) from x to out. */
    private void activation(NcnnLayer l, String x, int type, float[] params, String out) {
        switch (type) {
            case 0 -> {
                if (!x.equals(out)) {
                    g.node("Identity", List.of(x), out);
                }
            }
            case 1 -> g.node("Relu", List.of(x), out);
            case 2 -> {
                need(l, params, 1, "LeakyReLU slope");
                if (params[0] == 0f) {
                    g.node("Relu", List.of(x), out);
                } else {
                    g.node("LeakyRelu", List.of(x), out, OnnxAttribute.of("alpha", params[0]));
                }
            }
            case 3 -> {
                need(l, params, 2, "Clip min and max");
                g.node("Clip", List.of(x, g.initializer(name(l, "clip_min"), new float[] {params[0]}),
                        g.initializer(name(l, "clip_max"), new float[] {params[1]})), out);
            }
            case 4 -> g.node("Sigmoid", List.of(x), out);
            case 5 -> {
                // Mish(x) = x·tanh(softplus(x)); the Mish operator needs opset 18.
                String sp = g.node("Softplus", List.of(x), name(l, "softplus"));
                String th = g.node("Tanh", List.of(sp), name(l, "tanh"));
                g.node("Mul", List.of(x, th), out);
            }
            case 6 -> {
                // ncnn HardSwish(α, β) = x·clamp(αx + β, 0, 1) = x·HardSigmoid(x; α, β)
                need(l, params, 2, "HardSwish alpha and beta");
                String hs = g.node("HardSigmoid", List.of(x), name(l, "hardsigmoid"),
                        OnnxAttribute.of("alpha", params[0]), OnnxAttribute.of("beta", params[1]));
                g.node("Mul", List.of(x, hs), out);
            }
            default -> throw error(l, "activation type " + type + " (param 9) is not supported");
        }
    }

    private void need(NcnnLayer l, float[] params, int n, String what) {
        if (params.length < n) {
            throw error(l, what + " need " + n + " activation params (param 10), the file has " + params.length);
        }
    }

    private void pixelShuffle(NcnnLayer l) {
        known(l, 0, 1);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        requireImage(l, x);
        int r = positive(l, l.params(), 0, 1, "upscale_factor");
        int mode = l.params().getInt(1, 0);
        if (mode != 0 && mode != 1) {
            throw error(l, "PixelShuffle mode " + mode + " (param 1) is not 0 or 1");
        }
        if (x.channels() > 0 && x.channels() % (r * r) != 0) {
            throw error(l, "input has " + x.channels() + " channels, not a multiple of " + r + "²");
        }
        String top = tensorFor(l.tops().get(0));
        // ncnn mode 0: out[c][h·r+i][w·r+j] = in[c·r²+i·r+j][h][w], ONNX's CRD; mode 1 is DCR.
        g.node("DepthToSpace", List.of(x.tensor()), top, OnnxAttribute.of("blocksize", (long) r),
                OnnxAttribute.of("mode", mode == 0 ? "CRD" : "DCR"));
        blobs.put(l.tops().get(0), new Blob(top, 3, x.channels() > 0 ? x.channels() / (r * r) : -1));
    }

    private void interp(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1, 2, 3, 4, 5, 6);
        if (l.bottoms().size() != 1 && l.bottoms().size() != 2 || l.tops().size() != 1) {
            throw error(l, "Interp takes 1 or 2 bottoms and 1 top, has " + l.bottoms().size() + " and "
                    + l.tops().size());
        }
        Blob x = in(l, 0);
        int type = p.getInt(0, 0);
        float hs = p.getFloat(1, 1f);
        float ws = p.getFloat(2, 1f);
        int outH = p.getInt(3, 0);
        int outW = p.getInt(4, 0);
        boolean alignCorner = p.getInt(6, 0) != 0;
        if (type < 1 || type > 3) {
            throw error(l, "resize_type " + type + " (param 0) is not 1 (nearest), 2 (bilinear) or 3 (bicubic)");
        }
        if (p.getInt(5, 0) != 0) {
            throw error(l, "dynamic target size (param 5) is not supported");
        }
        if (!(hs > 0) || !(ws > 0) || outH < 0 || outW < 0) {
            throw error(l, "scales " + hs + "×" + ws + " and sizes " + outH + "×" + outW + " must be positive");
        }
        String top = tensorFor(l.tops().get(0));
        if (x.dims() == 1) {
            // ncnn fills each channel's plane with that element (w = h = 1 in, scaled size out).
            if (l.bottoms().size() == 2) {
                throw error(l, "Interp of a 1-D blob to a reference size is not supported");
            }
            int oh = outH != 0 && outW != 0 ? outH : (int) (1 * hs);
            int ow = outH != 0 && outW != 0 ? outW : (int) (1 * ws);
            g.node("Expand", List.of(x.tensor(), ints(l, "shape", 1, 1, oh, ow)), top);
            blobs.put(l.tops().get(0), new Blob(top, 3, x.channels()));
            return;
        }
        List<OnnxAttribute> attrs = new ArrayList<>();
        switch (type) {
            case 1 -> {
                // ncnn: src = min(floor(dst · (1/scale)), in − 1)
                attrs.add(OnnxAttribute.of("mode", "nearest"));
                attrs.add(OnnxAttribute.of("coordinate_transformation_mode", "asymmetric"));
                attrs.add(OnnxAttribute.of("nearest_mode", "floor"));
            }
            case 2 -> {
                // ncnn: half-pixel centres, source coordinate clamped to the image
                attrs.add(OnnxAttribute.of("mode", "linear"));
                attrs.add(OnnxAttribute.of("coordinate_transformation_mode", alignCorner ? "align_corners" : "half_pixel"));
            }
            default -> {
                // ncnn: Keys cubic with A = −0.75, half-pixel centres, out-of-image taps folded onto the
                // edge pixel (= index clamping, ONNX exclude_outside = 0), no antialiasing when shrinking.
                attrs.add(OnnxAttribute.of("mode", "cubic"));
                attrs.add(OnnxAttribute.of("cubic_coeff_a", -0.75f));
                attrs.add(OnnxAttribute.of("exclude_outside", 0L));
                attrs.add(OnnxAttribute.of("coordinate_transformation_mode", alignCorner ? "align_corners" : "half_pixel"));
            }
        }
        OnnxAttribute[] attrArray = attrs.toArray(OnnxAttribute[]::new);
        if (l.bottoms().size() == 2) {
            // Output size from the reference blob's h and w.
            Blob ref = in(l, 1);
            requireImage(l, ref);
            String sizes = g.node("Concat", List.of(shape(l, x.tensor(), 0, 2), shape(l, ref.tensor(), 2, 4)),
                    name(l, "sizes"), OnnxAttribute.of("axis", 0L));
            g.node("Resize", List.of(x.tensor(), "", "", sizes), top, attrArray);
        } else if (outH != 0 && outW != 0) {
            String sizes = g.node("Concat", List.of(shape(l, x.tensor(), 0, 2), ints(l, "out_size", outH, outW)),
                    name(l, "sizes"), OnnxAttribute.of("axis", 0L));
            g.node("Resize", List.of(x.tensor(), "", "", sizes), top, attrArray);
        } else if (type == 1 || (isWhole(hs) && isWhole(ws))) {
            // Output (int)(in·scale) either way; sampling uses the scale itself (nearest) or a ratio that
            // equals it exactly (whole-number scales).
            g.node("Resize", List.of(x.tensor(), "", floats(l, "scales", 1, 1, hs, ws)), top, attrArray);
        } else {
            // Fractional scale: ncnn samples with the ratio in/out of the truncated size, which ONNX
            // does when given sizes. sizes = [N, C, floor(H·hs), floor(W·ws)] in float32 like ncnn.
            String hw = g.node("Cast", List.of(shape(l, x.tensor(), 2, 4)), name(l, "hw_float"),
                    OnnxAttribute.of("to", 1L));
            String scaled = g.node("Mul", List.of(hw, floats(l, "scale_hw", hs, ws)), name(l, "hw_scaled"));
            String floored = g.node("Floor", List.of(scaled), name(l, "hw_floor"));
            String outHw = g.node("Cast", List.of(floored), name(l, "hw_out"), OnnxAttribute.of("to", 7L));
            String sizes = g.node("Concat", List.of(shape(l, x.tensor(), 0, 2), outHw), name(l, "sizes"),
                    OnnxAttribute.of("axis", 0L));
            g.node("Resize", List.of(x.tensor(), "", "", sizes), top, attrArray);
        }
        blobs.put(l.tops().get(0), new Blob(top, 3, x.channels()));
    }

    private static boolean isWhole(float v) {
        return v >= 1f && v == Math.rint(v);
    }

    private void binaryOp(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1, 2);
        int op = p.getInt(0, 0);
        boolean withScalar = p.getInt(1, 0) != 0;
        if (l.tops().size() != 1 || l.bottoms().size() != (withScalar ? 1 : 2)) {
            throw error(l, "BinaryOp " + (withScalar ? "with a scalar takes 1 bottom" : "takes 2 bottoms")
                    + " and 1 top, has " + l.bottoms().size() + " and " + l.tops().size());
        }
        Blob a = in(l, 0);
        String top = tensorFor(l.tops().get(0));
        if (withScalar) {
            String b = g.initializer(name(l, "scalar"), new float[] {p.getFloat(2, 0f)}, 1);
            binary(l, op, a.tensor(), b, top);
            blobs.put(l.tops().get(0), new Blob(top, a.dims(), a.channels()));
            return;
        }
        Blob b = in(l, 1);
        String at = broadcastOperand(l, a, b);
        String bt = broadcastOperand(l, b, a);
        binary(l, op, at, bt, top);
        int dims = Math.max(a.dims(), b.dims());
        int channels = dims == 3 ? Math.max(a.dims() == 3 ? a.channels() : -1, b.dims() == 3 ? b.channels() : -1)
                : Math.max(a.channels(), b.channels());
        blobs.put(l.tops().get(0), new Blob(top, dims, channels));
    }

    /**
     * ncnn broadcasts a 1-D operand of length n against a 3-D one per channel if n equals the other's
     * channel count, else along the width. [1, n, 1, 1] already broadcasts per channel; the width case
     * needs [1, 1, 1, n].
     */
    private String broadcastOperand(NcnnLayer l, Blob operand, Blob other) {
        if (operand.dims() == 1 && other.dims() == 3 && operand.channels() > 1 && other.channels() > 0
                && operand.channels() != other.channels()) {
            return g.node("Reshape", List.of(operand.tensor(), ints(l, "row_shape", 1, 1, 1, -1)), name(l, "row"));
        }
        return operand.tensor();
    }

    private void binary(NcnnLayer l, int op, String a, String b, String out) {
        switch (op) {
            case 0 -> g.node("Add", List.of(a, b), out);
            case 1 -> g.node("Sub", List.of(a, b), out);
            case 2 -> g.node("Mul", List.of(a, b), out);
            case 3 -> g.node("Div", List.of(a, b), out);
            case 4 -> g.node("Max", List.of(a, b), out);
            case 5 -> g.node("Min", List.of(a, b), out);
            case 6 -> g.node("Pow", List.of(a, b), out);
            case 7 -> g.node("Sub", List.of(b, a), out);
            case 8 -> g.node("Div", List.of(b, a), out);
            case 9 -> g.node("Pow", List.of(b, a), out);
            case 12 -> g.node("Mod", List.of(a, b), out, OnnxAttribute.of("fmod", 1L));
            case 13 -> g.node("Mod", List.of(b, a), out, OnnxAttribute.of("fmod", 1L));
            case 14 -> {
                // log(e^a + e^b) = max + log(1 + e^(min − max)), as ncnn computes it
                String max = g.node("Max", List.of(a, b), name(l, "max"));
                String min = g.node("Min", List.of(a, b), name(l, "min"));
                String diff = g.node("Sub", List.of(min, max), name(l, "diff"));
                String exp = g.node("Exp", List.of(diff), name(l, "exp"));
                String plus = g.node("Add", List.of(exp, g.initializer(name(l, "one"), new float[] {1f}, 1)),
                        name(l, "plus1"));
                String log = g.node("Log", List.of(plus), name(l, "log"));
                g.node("Add", List.of(max, log), out);
            }
            case 15, 16 -> {
                String q = g.node("Div", op == 15 ? List.of(a, b) : List.of(b, a), name(l, "quotient"));
                g.node("Floor", List.of(q), out);
            }
            case 17, 18 -> {
                // IEEE remainder: x − round_half_even(x / y)·y (ONNX Round rounds half to even).
                String x = op == 17 ? a : b;
                String y = op == 17 ? b : a;
                String q = g.node("Div", List.of(x, y), name(l, "quotient"));
                String n = g.node("Round", List.of(q), name(l, "rounded"));
                String ny = g.node("Mul", List.of(n, y), name(l, "multiple"));
                g.node("Sub", List.of(x, ny), out);
            }
            case 10, 11 -> throw error(l, "BinaryOp atan2 (op " + op + ") has no ONNX operator and is not supported");
            default -> throw error(l, "BinaryOp op_type " + op + " (param 0) is not supported");
        }
    }

    private void eltwise(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1);
        if (l.bottoms().isEmpty() || l.tops().size() != 1) {
            throw error(l, "Eltwise takes at least 1 bottom and 1 top");
        }
        int op = p.getInt(0, 0);
        float[] coeffs = p.getFloats(1);
        List<Blob> xs = new ArrayList<>();
        for (int i = 0; i < l.bottoms().size(); i++) {
            xs.add(in(l, i));
        }
        String top = tensorFor(l.tops().get(0));
        List<String> tensors = new ArrayList<>();
        for (Blob b : xs) {
            tensors.add(b.tensor());
        }
        switch (op) {
            case 0 -> chain(l, "Mul", tensors, top);
            case 1 -> {
                if (coeffs.length != 0) {
                    if (coeffs.length != tensors.size()) {
                        throw error(l, "Eltwise sum has " + tensors.size() + " inputs but " + coeffs.length
                                + " coefficients (param 1)");
                    }
                    for (int i = 0; i < tensors.size(); i++) {
                        if (coeffs[i] != 1f) {
                            tensors.set(i, g.node("Mul", List.of(tensors.get(i),
                                    g.initializer(name(l, "coeff" + i), new float[] {coeffs[i]}, 1)),
                                    name(l, "scaled" + i)));
                        }
                    }
                }
                g.node("Sum", tensors, top);
            }
            case 2 -> g.node("Max", tensors, top);
            default -> throw error(l, "Eltwise op_type " + op + " (param 0) is not 0 (prod), 1 (sum) or 2 (max)");
        }
        Blob first = xs.get(0);
        blobs.put(l.tops().get(0), new Blob(top, first.dims(), first.channels()));
    }

    private void chain(NcnnLayer l, String op, List<String> tensors, String out) {
        if (tensors.size() == 1) {
            g.node("Identity", tensors, out);
            return;
        }
        String acc = tensors.get(0);
        for (int i = 1; i < tensors.size(); i++) {
            acc = g.node(op, List.of(acc, tensors.get(i)), i == tensors.size() - 1 ? out : name(l, op.toLowerCase() + i));
        }
    }

    private void concat(NcnnLayer l) {
        known(l, 0);
        if (l.bottoms().isEmpty() || l.tops().size() != 1) {
            throw error(l, "Concat takes at least 1 bottom and 1 top");
        }
        List<Blob> xs = new ArrayList<>();
        for (int i = 0; i < l.bottoms().size(); i++) {
            xs.add(in(l, i));
        }
        int dims = xs.get(0).dims();
        for (Blob b : xs) {
            if (b.dims() != dims) {
                throw error(l, "Concat of blobs of different ranks (" + dims + "-D and " + b.dims() + "-D)");
            }
        }
        int axis = l.params().getInt(0, 0);
        if (axis < 0) {
            axis += dims;
        }
        if (axis < 0 || axis >= dims) {
            throw error(l, "Concat axis " + l.params().getInt(0, 0) + " out of range for " + dims + "-D blobs");
        }
        List<String> tensors = new ArrayList<>();
        int channels = 0;
        for (Blob b : xs) {
            tensors.add(b.tensor());
            channels = channels >= 0 && b.channels() > 0 ? channels + b.channels() : -1;
        }
        String top = tensorFor(l.tops().get(0));
        g.node("Concat", tensors, top, OnnxAttribute.of("axis", (long) axis + 1));
        blobs.put(l.tops().get(0), new Blob(top, dims, axis == 0 ? channels : xs.get(0).channels()));
    }

    private void split(NcnnLayer l) {
        known(l);
        if (l.bottoms().size() != 1 || l.tops().isEmpty()) {
            throw error(l, "Split takes 1 bottom and at least 1 top");
        }
        Blob x = in(l, 0);
        for (String top : l.tops()) {
            blobs.put(top, x); // copies in ncnn, the same tensor in ONNX
        }
    }

    private void alias(NcnnLayer l) {
        counts(l, 1, 1);
        blobs.put(l.tops().get(0), in(l, 0));
    }

    private void dropout(NcnnLayer l) {
        known(l, 0);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        float scale = l.params().getFloat(0, 1f);
        if (scale == 1f) {
            blobs.put(l.tops().get(0), x);
            return;
        }
        String top = tensorFor(l.tops().get(0));
        g.node("Mul", List.of(x.tensor(), g.initializer(name(l, "scale"), new float[] {scale}, 1)), top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), x.channels()));
    }

    private void crop(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15);
        if (l.tops().size() != 1 || l.bottoms().isEmpty() || l.bottoms().size() > 2) {
            throw error(l, "Crop takes 1 or 2 bottoms and 1 top");
        }
        Blob x = in(l, 0);
        int[] starts = p.getInts(9);
        int[] ends = p.getInts(10);
        int[] axes = p.getInts(11);
        String top = tensorFor(l.tops().get(0));
        if (starts.length > 0 && ends.length > 0) {
            cropSlice(l, x, starts, ends, axes, top);
            return;
        }
        boolean sizesGiven = p.getInt(3, 0) != 0 || p.getInt(4, 0) != 0 || p.getInt(5, 0) != 0
                || p.getInt(6, 0) != 0 || p.getInt(7, 0) != 0 || p.getInt(8, 0) != 0;
        if (l.bottoms().size() == 2) {
            if (sizesGiven) {
                throw error(l, "Crop with a reference blob must not also give sizes or end offsets (params 3–8)");
            }
            cropToReference(l, x, in(l, 1), top);
        } else {
            cropFixed(l, x, top);
        }
    }

    /** ncnn axis of a blob → ONNX axis of its tensor. */
    private int onnxAxis(NcnnLayer l, Blob x, int axis) {
        int a = axis < 0 ? axis + x.dims() : axis;
        if (a < 0 || a >= x.dims()) {
            throw error(l, "axis " + axis + " out of range for a " + x.dims() + "-D blob");
        }
        return x.dims() == 1 ? 1 : a + 1;
    }

    /** Mode (a): numpy-style starts/ends/axes on the batch-less blob. */
    private void cropSlice(NcnnLayer l, Blob x, int[] starts, int[] ends, int[] axes, String top) {
        int n = axes.length > 0 ? axes.length : x.dims();
        if (starts.length < n || ends.length < n) {
            throw error(l, "Crop has " + n + " axes but " + starts.length + " starts and " + ends.length + " ends");
        }
        long[] s = new long[n];
        long[] e = new long[n];
        long[] a = new long[n];
        int channels = x.channels();
        for (int i = 0; i < n; i++) {
            a[i] = onnxAxis(l, x, axes.length > 0 ? axes[i] : i);
            s[i] = starts[i] == UNSET ? 0 : starts[i];
            // ncnn: end > 0 is absolute, end ≤ 0 counts from the end (0 = to the end), −233 = unset.
            e[i] = ends[i] == UNSET || ends[i] == 0 ? TO_END : ends[i];
            if (a[i] == 1 && channels > 0) {
                long from = s[i] < 0 ? Math.max(0, channels + s[i]) : Math.min(s[i], channels);
                long to = e[i] == TO_END ? channels : (e[i] < 0 ? channels + e[i] : Math.min(e[i], channels));
                channels = (int) Math.max(0, to - from);
                if (channels == 0) {
                    throw error(l, "Crop leaves no channels");
                }
            }
        }
        g.node("Slice", List.of(x.tensor(), g.initializer(name(l, "starts"), s, n),
                g.initializer(name(l, "ends"), e, n), g.initializer(name(l, "axes"), a, n)), top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), channels));
    }

    /** Mode (b): out = x[coff : coff+ref_c, hoff : hoff+ref_h, woff : woff+ref_w]. */
    private void cropToReference(NcnnLayer l, Blob x, Blob ref, String top) {
        ParamDict p = l.params();
        int woff = nonNegative(l, p, 0, "woffset");
        int hoff = nonNegative(l, p, 1, "hoffset");
        int coff = nonNegative(l, p, 2, "coffset");
        if (x.dims() == 1) {
            // ncnn: out = x[woff : woff + ref.w]; a 1-D ref's w is its length, a 3-D ref's its width.
            String refW = ref.dims() == 1 ? shape(l, ref.tensor(), 1, 2) : shape(l, ref.tensor(), 3, 4);
            sliceFromReference(l, x, new long[] {woff}, refW, new long[] {1}, top, ref.dims() == 1 ? ref.channels() : -1);
            return;
        }
        requireImage(l, ref);
        boolean channelsToo = coff != 0 || x.channels() < 0 || ref.channels() < 0 || x.channels() != ref.channels();
        if (channelsToo) {
            sliceFromReference(l, x, new long[] {coff, hoff, woff}, shape(l, ref.tensor(), 1, 4), new long[] {1, 2, 3},
                    top, ref.channels());
        } else {
            sliceFromReference(l, x, new long[] {hoff, woff}, shape(l, ref.tensor(), 2, 4), new long[] {2, 3}, top,
                    x.channels());
        }
    }

    private void sliceFromReference(NcnnLayer l, Blob x, long[] starts, String lengths, long[] axes, String top,
            int channels) {
        String s = g.initializer(name(l, "starts"), starts, starts.length);
        String e = g.node("Add", List.of(s, lengths), name(l, "ends"));
        g.node("Slice", List.of(x.tensor(), s, e, g.initializer(name(l, "axes"), axes, axes.length)), top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), channels));
    }

    /** Mode (c): fixed offsets, sizes (−233 = all) and end offsets per axis. */
    private void cropFixed(NcnnLayer l, Blob x, String top) {
        ParamDict p = l.params();
        // (ncnn axis name, offset id, size id, end offset id, ONNX axis)
        int[][] spec = x.dims() == 1 ? new int[][] {{0, 3, 6, 1}}
                : new int[][] {{2, 5, 8, 1}, {1, 4, 7, 2}, {0, 3, 6, 3}};
        List<Long> s = new ArrayList<>();
        List<Long> e = new ArrayList<>();
        List<Long> a = new ArrayList<>();
        int channels = x.channels();
        for (int[] axis : spec) {
            int off = nonNegative(l, p, axis[0], "offset");
            int size = p.getInt(axis[1], 0);
            int off2 = nonNegative(l, p, axis[2], "end offset");
            long end;
            if (size == UNSET) {
                end = off2 == 0 ? TO_END : -off2;
            } else if (size <= 0) {
                throw error(l, "Crop size param " + axis[1] + " = " + size + " would give an empty blob in ncnn"
                        + " (use -233 for 'the rest')");
            } else if (off2 == 0) {
                end = (long) off + size;
            } else {
                throw error(l, "Crop with both a size (param " + axis[1] + ") and an end offset (param " + axis[2]
                        + ") on one axis is not supported");
            }
            if (off == 0 && end == TO_END) {
                continue;
            }
            s.add((long) off);
            e.add(end);
            a.add((long) axis[3]);
            if (axis[3] == 1) {
                channels = size > 0 ? (channels > 0 ? Math.min(size, channels - off) : size)
                        : (channels > 0 ? channels - off - off2 : -1);
            }
        }
        if (a.isEmpty()) {
            blobs.put(l.tops().get(0), x);
            return;
        }
        long[] sa = s.stream().mapToLong(Long::longValue).toArray();
        long[] ea = e.stream().mapToLong(Long::longValue).toArray();
        long[] aa = a.stream().mapToLong(Long::longValue).toArray();
        g.node("Slice", List.of(x.tensor(), g.initializer(name(l, "starts"), sa, sa.length),
                g.initializer(name(l, "ends"), ea, ea.length), g.initializer(name(l, "axes"), aa, aa.length)), top);
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), channels));
    }

    private void pooling(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1, 11, 2, 12, 3, 14, 13, 15, 4, 5, 6, 7, 8, 18);
        counts(l, 1, 1);
        Blob x = in(l, 0);
        requireImage(l, x);
        int type = p.getInt(0, 0);
        if (type != 0 && type != 1) {
            throw error(l, "pooling_type " + type + " (param 0) is not 0 (max) or 1 (average)");
        }
        if (p.getInt(7, 0) != 0) {
            throw error(l, "adaptive pooling (param 7) is not supported");
        }
        String top = tensorFor(l.tops().get(0));
        if (p.getInt(4, 0) != 0) {
            Integer index = statisticIndex.get(l.tops().get(0));
            if (index == null) {
                g.node(type == 0 ? "GlobalMaxPool" : "GlobalAveragePool", List.of(x.tensor()), top);
            } else {
                globalAverageStatistic(l, x, index, top);
            }
            blobs.put(l.tops().get(0), new Blob(top, 1, x.channels()));
            return;
        }
        int kw = positive(l, p, 1, 0, "kernel_w");
        int kh = positive(l, p, 11, kw, "kernel_h");
        int sw = positive(l, p, 2, 1, "stride_w");
        int sh = positive(l, p, 12, sw, "stride_h");
        int left = nonNegative(l, p, 3, "pad_left");
        int right = p.getInt(14, left);
        int topPad = p.getInt(13, left);
        int bottom = p.getInt(15, topPad);
        if (right < 0 || topPad < 0 || bottom < 0) {
            throw error(l, "negative pooling padding");
        }
        int padMode = p.getInt(5, 0);
        boolean includePad = p.getInt(6, 0) != 0;
        List<OnnxAttribute> attrs = new ArrayList<>(List.of(OnnxAttribute.ints("kernel_shape", kh, kw),
                OnnxAttribute.ints("strides", sh, sw)));
        switch (padMode) {
            case 0 -> {
                // "full": ncnn pads the tail so the last window fits, i.e. ceil-mode output size.
                if (type == 1 && includePad && (sw > 1 || sh > 1)) {
                    throw error(l, "average pooling counting padding (param 6) with full padding mode and stride > 1"
                            + " is not supported (ncnn counts its tail padding, ONNX does not)");
                }
                attrs.add(OnnxAttribute.ints("pads", topPad, left, bottom, right));
                attrs.add(OnnxAttribute.of("ceil_mode", 1L));
            }
            case 1 -> attrs.add(OnnxAttribute.ints("pads", topPad, left, bottom, right));
            case 2 -> attrs.add(OnnxAttribute.of("auto_pad", "SAME_UPPER"));
            case 3 -> attrs.add(OnnxAttribute.of("auto_pad", "SAME_LOWER"));
            default -> throw error(l, "pad_mode " + padMode + " (param 5) is not 0..3");
        }
        if (type == 1) {
            attrs.add(OnnxAttribute.of("count_include_pad", includePad ? 1L : 0L));
        }
        g.node(type == 0 ? "MaxPool" : "AveragePool", List.of(x.tensor()), top, attrs.toArray(OnnxAttribute[]::new));
        blobs.put(l.tops().get(0), new Blob(top, 3, x.channels()));
    }

    private void globalAverageStatistic(NcnnLayer l, Blob x, int index, String name) {
        boolean injected = index < options.injectStatistics();
        Role role = injected ? Role.INJECTED : (options.exposeStatistics() ? Role.EXPOSED : Role.COMPUTED);
        if (x.channels() <= 0 && role != Role.COMPUTED) {
            throw error(l, "cannot expose or inject this pooling's statistic: its channel count is unknown");
        }
        if (injected) {
            g.input(name, Dim.of(1), Dim.of(x.channels()), Dim.of(1), Dim.of(1));
            injectedInputs.add(name);
        } else {
            g.node("GlobalAveragePool", List.of(x.tensor()), name);
        }
        statistics.add(new PoolingStatistic(index, name, x.channels(), l.name(), role));
    }

    private void scale(NcnnLayer l) {
        ParamDict p = l.params();
        known(l, 0, 1);
        int size = p.getInt(0, 0);
        boolean bias = p.getInt(1, 0) != 0;
        // The blob counts first: a Scale without bottoms reached in(l, 0) (NcnnImportFuzzTest).
        if (size == UNSET) {
            if (l.bottoms().size() != 2 || l.tops().size() != 1) {
                throw error(l, "Scale with scale_data_size -233 takes 2 bottoms (data, scales) and 1 top");
            }
            if (bias) {
                throw error(l, "Scale with a scale blob (-233) and bias_term is not supported (ncnn loads no bias)");
            }
        } else {
            counts(l, 1, 1);
        }
        Blob x = in(l, 0);
        String top = tensorFor(l.tops().get(0));
        if (size == UNSET) {
            Blob s = in(l, 1);
            if (s.dims() == 1 && x.dims() == 3 && s.channels() > 0 && x.channels() > 0 && s.channels() != x.channels()) {
                throw error(l, "scale blob has " + s.channels() + " values for " + x.channels() + " channels");
            }
            g.node("Mul", List.of(x.tensor(), s.tensor()), top);
        } else {
            if (size <= 0) {
                throw error(l, "scale_data_size " + size + " (param 0) must be positive or -233");
            }
            if (size != 1) {
                checkChannels(l, x, size);
            }
            String scale = g.initializer(name(l, "scale"), raw(l, size, "scale"), size, 1, 1);
            if (bias) {
                String scaled = g.node("Mul", List.of(x.tensor(), scale), name(l, "scaled"));
                String b = g.initializer(name(l, "bias"), raw(l, size, "bias"), size, 1, 1);
                g.node("Add", List.of(scaled, b), top);
            } else {
                g.node("Mul", List.of(x.tensor(), scale), top);
            }
        }
        blobs.put(l.tops().get(0), new Blob(top, x.dims(), x.channels()));
    }

    // ---- helpers ----

    private Blob in(NcnnLayer l, int i) {
        if (i >= l.bottoms().size()) {
            throw error(l, l.type() + " reads bottom " + (i + 1) + ", the layer has " + l.bottoms().size());
        }
        return blob(l.bottoms().get(i), l);
    }

    private Blob blob(String name, NcnnLayer reader) {
        Blob b = blobs.get(name);
        if (b == null) {
            // The parser guarantees existence; a missing entry means its producer was not converted.
            throw new ModelImportException(net.source() + ": blob '" + name + "'"
                    + (reader != null ? " read by layer '" + reader.name() + "' (" + reader.type() + ")" : "")
                    + " has no converted producer");
        }
        return b;
    }

    /** The ONNX name for an ncnn top blob: its own name unless reserved or taken. */
    private String tensorFor(String blob) {
        String forced = names.get(blob);
        if (forced != null) {
            return forced;
        }
        return g.isDefined(blob) || reservedNames.contains(blob) ? g.freshName(blob) : blob;
    }

    /** A fresh name for an intermediate tensor of layer {@code l}. */
    private String name(NcnnLayer l, String what) {
        return g.freshName("sr4j/" + l.name() + "/" + what);
    }

    private String ints(NcnnLayer l, String what, long... values) {
        return g.initializer(name(l, what), values, values.length);
    }

    private String ints(String what, long... values) {
        return g.initializer(g.freshName("sr4j/" + what), values, values.length);
    }

    private String floats(NcnnLayer l, String what, float... values) {
        return g.initializer(name(l, what), values, values.length);
    }

    private String floats(String what, float... values) {
        return g.initializer(g.freshName("sr4j/" + what), values, values.length);
    }

    /** int64 [end − start] slice of the tensor's shape. */
    private String shape(NcnnLayer l, String tensor, int start, int end) {
        return g.node("Shape", List.of(tensor), name(l, "shape"), OnnxAttribute.of("start", (long) start),
                OnnxAttribute.of("end", (long) end));
    }

    private float[] flagged(NcnnLayer l, int count, String what) {
        NcnnWeights.Blob blob = weights.readFlagged(count, describe(l) + " " + what);
        if (blob.storage() == NcnnWeights.Storage.INT8) {
            throw error(l, what + " is stored as int8 without the int8 scales a float graph would need;"
                    + " int8 ncnn models are not supported");
        }
        return blob.values();
    }

    private float[] raw(NcnnLayer l, int count, String what) {
        return weights.readRaw(count, describe(l) + " " + what);
    }

    private void known(NcnnLayer l, int... ids) {
        Set<Integer> allowed = new HashSet<>();
        for (int id : ids) {
            allowed.add(id);
        }
        for (int id : l.params().keys()) {
            if (!allowed.contains(id)) {
                throw error(l, "parameter " + id + " is not supported for " + l.type() + " (supported: "
                        + Arrays.toString(ids) + ")");
            }
        }
    }

    private void counts(NcnnLayer l, int bottoms, int tops) {
        if (l.bottoms().size() != bottoms || l.tops().size() != tops) {
            throw error(l, l.type() + " takes " + bottoms + " bottom(s) and " + tops + " top(s), the layer has "
                    + l.bottoms().size() + " and " + l.tops().size());
        }
    }

    private int positive(NcnnLayer l, ParamDict p, int id, int defaultValue, String what) {
        int v = p.getInt(id, defaultValue);
        if (v <= 0) {
            throw error(l, what + " (param " + id + ") must be positive, got " + v);
        }
        return v;
    }

    private int nonNegative(NcnnLayer l, ParamDict p, int id, String what) {
        int v = p.getInt(id, 0);
        if (v < 0) {
            throw error(l, what + " (param " + id + ") must not be negative, got " + v);
        }
        return v;
    }

    private void checkChannels(NcnnLayer l, Blob x, int expected) {
        if (x.channels() > 0 && x.channels() != expected) {
            throw error(l, "expects " + expected + " input channels (from its weights), but its bottom '"
                    + l.bottoms().get(0) + "' has " + x.channels());
        }
    }

    private void requireImage(NcnnLayer l, Blob x) {
        if (x.dims() != 3) {
            throw error(l, l.type() + " needs a 3-D (c, h, w) blob, got a " + x.dims() + "-D one");
        }
    }

    private String describe(NcnnLayer l) {
        return "layer '" + l.name() + "' (" + l.type() + ")";
    }

    private ModelImportException error(NcnnLayer l, String problem) {
        return new ModelImportException(net.source() + ":" + l.line() + ": " + describe(l) + ": " + problem);
    }
}
