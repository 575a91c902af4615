package io.sr4j.engine.quant;

import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.engine.onnx.OnnxGraphBuilder.Node;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which activation tensors of a float graph get a QuantizeLinear/DequantizeLinear pair, chosen so
 * ONNX Runtime's CPU optimiser can turn the graph into long int8 regions.
 *
 * <p>Every convolution with constant weights has its input and output quantised: ONNX Runtime fuses
 * {@code DQ(x), DQ(w), DQ(b) → Conv → Q} into QLinearConv (uint8 activations, int8 weights: its U8S8
 * kernels, which use VNNI here). From there the int8 region grows over the operators it has integer
 * forms of when their inputs arrive quantised — LeakyRelu (QLinearLeakyRelu), Add (QLinearAdd),
 * Concat (QLinearConcat), MaxPool and Slice (run on uint8 with the pair dropped) — so that a conv →
 * LeakyRelu → conv chain never goes back to float; a Relu right after a conv is absorbed by the
 * conv's output quantisation. Operators without integer forms in ONNX Runtime (PRelu, DepthToSpace,
 * ConvTranspose, the squeeze-excitation Mul) run in float between a DequantizeLinear and the next
 * QuantizeLinear. Nearest Resize could run on uint8 too, but in these networks it feeds the float
 * residual at the output, so it stays float. Graph outputs stay float.
 */
public final class QuantisationPlan {
    /** Operators ONNX Runtime runs on uint8 when every data input is dequantised and the output quantised. */
    private static final Set<String> INTEGER_CAPABLE = Set.of("LeakyRelu", "Add", "Concat", "MaxPool", "Slice");
    /** Of those, the ones whose only quantised input is the first (the rest are shapes, indices, scales). */
    private static final Set<String> FIRST_INPUT_ONLY = Set.of("MaxPool", "Slice");
    /** Fewest input and output channels a convolution needs to get int8 weights. */
    private static final int MIN_INT8_CHANNELS = 8;

    private final Set<String> activations;
    /** Int8 convolution → the tensor quantised after it: its output, or the output of the Relu it feeds. */
    private final Map<Node, String> int8Convs;

    /** Tensor → the tensor whose range it is quantised with (outputs of Slice and MaxPool share their input's). */
    private final Map<String, String> rangeSources;

    private QuantisationPlan(Set<String> activations, Map<Node, String> int8Convs, Map<String, String> rangeSources) {
        this.activations = activations;
        this.int8Convs = int8Convs;
        this.rangeSources = rangeSources;
    }

    /** Plans the quantisation of {@code graph} (not modified). */
    public static QuantisationPlan of(OnnxGraphBuilder graph) {
        Map<String, OnnxGraphBuilder.Initializer> constants = new HashMap<>();
        graph.graphInitializers().forEach(t -> constants.put(t.name(), t));
        Set<String> graphOutputs = new HashSet<>();
        graph.graphOutputs().forEach(o -> graphOutputs.add(o.name()));

        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : graph.graphNodes()) {
            n.inputs().forEach(in -> consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n));
        }
        Set<String> chosen = new LinkedHashSet<>();
        Map<Node, String> convs = new LinkedHashMap<>();
        Map<String, String> rangeSources = new HashMap<>();
        for (Node n : graph.graphNodes()) {
            String out = n.outputs().get(0);
            if (graphOutputs.contains(out) || n.outputs().size() != 1) {
                continue;
            }
            if (isConstantWeightConv(n, constants)) {
                // Conv → Relu: quantise after the Relu only. A zero point of 0 then clamps like the Relu,
                // ONNX Runtime drops the Relu, and the conv fuses; a pair between them would stay unfused.
                List<Node> next = consumers.getOrDefault(out, List.of());
                Node relu = next.size() == 1 && next.get(0).opType().equals("Relu")
                        && !graphOutputs.contains(next.get(0).outputs().get(0)) ? next.get(0) : null;
                String quantised = relu != null ? relu.outputs().get(0) : out;
                chosen.add(n.inputs().get(0));
                chosen.add(quantised);
                convs.put(n, quantised);
            } else if (INTEGER_CAPABLE.contains(n.opType())) {
                List<String> data = FIRST_INPUT_ONLY.contains(n.opType()) ? n.inputs().subList(0, 1) : n.inputs();
                boolean allActivations = data.stream().noneMatch(in -> in.isEmpty() || constants.containsKey(in));
                if (allActivations && data.stream().anyMatch(chosen::contains)) {
                    chosen.addAll(data);
                    chosen.add(out);
                    if (FIRST_INPUT_ONLY.contains(n.opType())) {
                        // ONNX Runtime drops DQ → Slice → Q only when both pairs quantise alike.
                        String in = data.get(0);
                        rangeSources.put(out, rangeSources.getOrDefault(in, in));
                    }
                }
            }
        }
        return new QuantisationPlan(chosen, convs, rangeSources);
    }

    /** The activation tensors to quantise, in the order they are first met. */
    public Set<String> activations() {
        return java.util.Collections.unmodifiableSet(activations);
    }

    /** The tensor whose calibrated range {@code tensor} is quantised with (usually itself). */
    String rangeSource(String tensor) {
        return rangeSources.getOrDefault(tensor, tensor);
    }

    /**
     * For a Conv of the planned graph that gets int8 weights (when both ends are quantised), the tensor
     * quantised after it; null for every other node.
     */
    String quantisedAfter(Node conv) {
        return int8Convs.get(conv);
    }

    private static boolean isConstantWeightConv(Node n, Map<String, OnnxGraphBuilder.Initializer> constants) {
        if (!n.opType().equals("Conv") || n.inputs().size() < 2) {
            return false;
        }
        OnnxGraphBuilder.Initializer weight = constants.get(n.inputs().get(1));
        boolean floatBias = n.inputs().size() < 3 || n.inputs().get(2).isEmpty()
                || (constants.containsKey(n.inputs().get(2)) && constants.get(n.inputs().get(2)).floats() != null);
        if (weight == null || weight.floats() == null || weight.dims().length != 4 || !floatBias
                || constants.containsKey(n.inputs().get(0))) {
            return false;
        }
        // Convolutions from or to a handful of channels (the RGB ends of a network) are slower in
        // ONNX Runtime's int8 kernels than in float, and cost little in float: measured, the 64→3
        // output conv of Real-CUGAN took 40× its float time in int8.
        OnnxAttribute group = n.attribute("group");
        boolean depthwise = group != null && group.intValue() > 1;
        return weight.dims()[0] >= MIN_INT8_CHANNELS && (depthwise || weight.dims()[1] >= MIN_INT8_CHANNELS);
    }
}
