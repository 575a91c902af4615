package io.sr4j.engine.quant;

import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxDataType;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.engine.onnx.OnnxGraphBuilder.Initializer;
import io.sr4j.engine.onnx.OnnxGraphBuilder.Node;
import io.sr4j.engine.onnx.OnnxGraphBuilder.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float graph into its int8 QDQ form: a QuantizeLinear/DequantizeLinear pair (uint8,
 * per-tensor scale and zero point from calibration) after every planned activation, and for every
 * planned convolution int8 weights, symmetric per output channel, and an int32 bias on the scale
 * input scale × weight scale, each behind a DequantizeLinear. ONNX Runtime fuses this layout into
 * its integer kernels when it loads the graph; the file itself stays a plain, portable ONNX graph.
 */
final class QdqRewriter {
    private final OnnxGraphBuilder source;
    private final OnnxGraphBuilder target;
    private final Map<String, ActivationRange> ranges;
    private final QuantisationPlan plan;
    private final Map<String, Initializer> constants = new HashMap<>();
    private final Set<String> copied = new HashSet<>();
    /** Float tensor → its dequantised copy, which every consumer reads instead. */
    private final Map<String, String> dequantised = new HashMap<>();

    private QdqRewriter(OnnxGraphBuilder source, Map<String, ActivationRange> ranges) {
        this.source = source;
        this.target = source.emptyCopy();
        this.plan = QuantisationPlan.of(source);
        this.ranges = ranges;
        source.graphInitializers().forEach(t -> constants.put(t.name(), t));
    }

    /**
     * The int8 form of {@code graph}. Planned activations without a range in {@code ranges} stay
     * float (and so do the convolutions they touch), so ranges calibrated on one variant of a model
     * serve its other variants, which share tensor names.
     */
    static OnnxGraphBuilder rewrite(OnnxGraphBuilder graph, Map<String, ActivationRange> ranges) {
        return new QdqRewriter(graph, ranges).run();
    }

    private OnnxGraphBuilder run() {
        for (ValueInfo in : source.graphInputs()) {
            target.input(in.name(), in.type(), in.dims());
            quantiseIfPlanned(in.name());
        }
        for (Node n : source.graphNodes()) {
            String after = plan.quantisedAfter(n);
            boolean int8 = after != null && isQuantised(n.inputs().get(0)) && isPlanned(after);
            List<String> inputs = new ArrayList<>(n.inputs().size());
            for (int i = 0; i < n.inputs().size(); i++) {
                // An int8 conv's float weight and bias are replaced, not copied.
                inputs.add(int8 && i > 0 ? n.inputs().get(i) : use(n.inputs().get(i)));
            }
            if (int8) {
                quantiseConvWeights(n, inputs);
            }
            target.node(n.opType(), inputs, n.outputs(), n.attributes());
            n.outputs().forEach(this::quantiseIfPlanned);
        }
        for (ValueInfo out : source.graphOutputs()) {
            target.output(out.name(), out.type(), out.dims());
        }
        return target;
    }

    private boolean isPlanned(String tensor) {
        return plan.activations().contains(tensor) && ranges.containsKey(plan.rangeSource(tensor));
    }

    private boolean isQuantised(String tensor) {
        return dequantised.containsKey(tensor);
    }

    /** The name a consumer reads {@code tensor} by, copying a constant into the target on first use. */
    private String use(String tensor) {
        String dq = dequantised.get(tensor);
        if (dq != null) {
            return dq;
        }
        Initializer t = constants.get(tensor);
        if (t != null && copied.add(tensor)) {
            switch (t.type()) {
                case FLOAT -> target.initializer(t.name(), t.floats(), t.dims());
                case INT64 -> target.initializer(t.name(), t.longs(), t.dims());
                default -> target.initializer(t.name(), t.type(), t.raw(), t.dims());
            }
        }
        return tensor;
    }

    private void quantiseIfPlanned(String tensor) {
        if (!isPlanned(tensor)) {
            return;
        }
        ActivationRange range = ranges.get(plan.rangeSource(tensor));
        String scale = target.initializer(target.freshName(tensor + "_scale"), new float[] {range.scale()});
        String zeroPoint = target.initializer(target.freshName(tensor + "_zero_point"), OnnxDataType.UINT8,
                new byte[] {(byte) range.zeroPoint()});
        String q = target.node("QuantizeLinear", List.of(tensor, scale, zeroPoint),
                target.freshName(tensor + "_quantized"));
        String dq = target.node("DequantizeLinear", List.of(q, scale, zeroPoint),
                target.freshName(tensor + "_dequantized"));
        dequantised.put(tensor, dq);
    }

    /** Replaces the weight (and bias) inputs in {@code inputs} by dequantised int8 (int32) constants. */
    private void quantiseConvWeights(Node conv, List<String> inputs) {
        Initializer weight = constants.get(conv.inputs().get(1));
        int channels = (int) weight.dims()[0];
        float[] w = weight.floats();
        int perChannel = w.length / channels;
        float[] scales = new float[channels];
        byte[] quantised = new byte[w.length];
        for (int c = 0; c < channels; c++) {
            float peak = 0;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                peak = Math.max(peak, Math.abs(w[i]));
            }
            // Symmetric: zero point 0, ±127 (not −128, so the range is the same both ways).
            scales[c] = peak > 0 ? peak / 127f : 1f;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                quantised[i] = (byte) Math.max(-127, Math.min(127, Math.round(w[i] / scales[c])));
            }
        }
        String base = conv.inputs().get(1);
        String wq = target.initializer(target.freshName(base + "_quantized"), OnnxDataType.INT8, quantised,
                weight.dims());
        String ws = target.initializer(target.freshName(base + "_scale"), scales, channels);
        String wz = target.initializer(target.freshName(base + "_zero_point"), OnnxDataType.INT8,
                new byte[channels], channels);
        inputs.set(1, target.node("DequantizeLinear", List.of(wq, ws, wz), target.freshName(base + "_dequantized"),
                OnnxAttribute.of("axis", 0L)));

        if (conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty()) {
            float inputScale = ranges.get(plan.rangeSource(conv.inputs().get(0))).scale();
            Initializer bias = constants.get(conv.inputs().get(2));
            float[] b = bias.floats();
            float[] biasScales = new float[channels];
            ByteBuffer biasQ = ByteBuffer.allocate(4 * channels).order(ByteOrder.LITTLE_ENDIAN);
            for (int c = 0; c < channels; c++) {
                biasScales[c] = inputScale * scales[c];
                long q = Math.round((double) b[c] / biasScales[c]);
                biasQ.putInt((int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, q)));
            }
            String biasName = conv.inputs().get(2);
            String bq = target.initializer(target.freshName(biasName + "_quantized"), OnnxDataType.INT32,
                    biasQ.array(), channels);
            String bs = target.initializer(target.freshName(biasName + "_scale"), biasScales, channels);
            String bz = target.initializer(target.freshName(biasName + "_zero_point"), OnnxDataType.INT32,
                    new byte[4 * channels], channels);
            inputs.set(2, target.node("DequantizeLinear", List.of(bq, bs, bz),
                    target.freshName(biasName + "_dequantized"), OnnxAttribute.of("axis", 0L)));
        }
    }
}
