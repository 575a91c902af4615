package io.sr4j.train;

import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a trained {@link SrNetwork} as an ONNX graph through sr4j's own graph writer: input
 * {@code input} [1, 3, h, w] in 0..1, output {@code output} [1, 3, s·h, s·w].
 */
final class OnnxExport {
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private OnnxExport() {
    }

    static byte[] export(SrNetwork net, String name, String description) {
        OnnxGraphBuilder g = new OnnxGraphBuilder(name);
        g.input(INPUT, Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width"));
        g.producer("sr4j-train", "1");
        g.docString(description);
        g.metadata("scale", Integer.toString(net.scale()));
        String out = net.describe(new GraphOps(g), INPUT);
        g.node("Identity", List.of(out), OUTPUT);
        g.output(OUTPUT, Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        return g.build();
    }

    /** Emits one ONNX node per operation; tensors are names. */
    private record GraphOps(OnnxGraphBuilder g) implements NetOps<String> {
        @Override
        public String conv(ConvLayer layer, String x) {
            var params = layer.block().getParameters();
            var weight = params.get("weight").getArray();
            long[] shape = weight.getShape().getShape();
            List<String> inputs = new ArrayList<>(List.of(x,
                    g.initializer(layer.name() + ".weight", weight.toFloatArray(), shape)));
            if (layer.block().isIncludeBias()) {
                float[] bias = params.get("bias").getArray().toFloatArray();
                inputs.add(g.initializer(layer.name() + ".bias", bias, bias.length));
            }
            int k = layer.kernel();
            int p = layer.padding();
            return g.node("Conv", inputs, g.freshName(layer.name()),
                    OnnxAttribute.ints("kernel_shape", k, k),
                    OnnxAttribute.ints("pads", p, p, p, p),
                    OnnxAttribute.of("group", (long) layer.groups()));
        }

        @Override
        public String relu(String x) {
            return g.node("Relu", List.of(x), g.freshName(x + "_relu"));
        }

        @Override
        public String add(String a, String b) {
            return g.node("Add", List.of(a, b), g.freshName("add"));
        }

        @Override
        public String depthToSpace(String x, int scale) {
            // CRD is PyTorch's pixel-shuffle order, which DjlOps reproduces with reshape/transpose.
            return g.node("DepthToSpace", List.of(x), g.freshName("shuffle"),
                    OnnxAttribute.of("blocksize", (long) scale), OnnxAttribute.of("mode", "CRD"));
        }
    }
}
