package io.sr4j.train;

import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
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
}
