package io.sr4j.train;

import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/** Emits one ONNX node per operation, weights as initializers; tensors are names. */
record GraphOps(OnnxGraphBuilder g) implements DiffusionOps<String> {
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
        int s = layer.stride();
        return g.node("Conv", inputs, g.freshName(layer.name()),
                OnnxAttribute.ints("kernel_shape", k, k),
                OnnxAttribute.ints("pads", p, p, p, p),
                OnnxAttribute.ints("strides", s, s),
                OnnxAttribute.of("group", (long) layer.groups()));
    }

    @Override
    public String dense(DenseLayer layer, String x) {
        var params = layer.block().getParameters();
        var weight = params.get("weight").getArray();
        float[] bias = params.get("bias").getArray().toFloatArray();
        // DJL keeps the weight as [out, in], hence transB.
        return g.node("Gemm", List.of(x,
                        g.initializer(layer.name() + ".weight", weight.toFloatArray(), weight.getShape().getShape()),
                        g.initializer(layer.name() + ".bias", bias, bias.length)),
                g.freshName(layer.name()), OnnxAttribute.of("transB", 1L));
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

    @Override
    public String concat(String a, String b) {
        return g.node("Concat", List.of(a, b), g.freshName("concat"), OnnxAttribute.of("axis", 1L));
    }

    @Override
    public String silu(String x) {
        String sigmoid = g.node("Sigmoid", List.of(x), g.freshName("sigmoid"));
        return g.node("Mul", List.of(x, sigmoid), g.freshName("silu"));
    }

    @Override
    public String constant(String name, float[] values, long... shape) {
        return g.initializer(name, values.clone(), shape);
    }

    @Override
    public String sub(String a, String b) {
        return g.node("Sub", List.of(a, b), g.freshName("sub"));
    }

    @Override
    public String mul(String a, String b) {
        return g.node("Mul", List.of(a, b), g.freshName("mul"));
    }

    @Override
    public String clip(String x, float min, float max) {
        String name = g.freshName("clip");
        return g.node("Clip", List.of(x, g.initializer(name + ".min", new float[] {min}),
                g.initializer(name + ".max", new float[] {max})), name);
    }

    @Override
    public String log(String x) {
        return g.node("Log", List.of(x), g.freshName("log"));
    }

    @Override
    public String sin(String x) {
        return g.node("Sin", List.of(x), g.freshName("sin"));
    }

    @Override
    public String cos(String x) {
        return g.node("Cos", List.of(x), g.freshName("cos"));
    }

    @Override
    public String unsqueeze(String x, long... axes) {
        String name = g.freshName("unsqueeze");
        return g.node("Unsqueeze", List.of(x, g.initializer(name + ".axes", axes.clone(), axes.length)), name);
    }
}
