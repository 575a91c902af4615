package io.sr4j.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds tiny graphs in code, loads them in ONNX Runtime and checks the results against values
 * computed here by hand; the structure of the bytes is checked with protobuf's generic parser.
 */
class OnnxGraphBuilderTest {
    private static OrtEngine engine;
    private static final SessionOptions ONE_THREAD = SessionOptions.builder().intraOpThreads(1).build();

    @BeforeAll
    static void start() {
        engine = new OrtEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Map<String, FloatTensor> run(byte[] model, Map<String, FloatTensor> inputs) {
        try (InferenceSession s = engine.open(model, "test graph", ONE_THREAD)) {
            return s.run(inputs);
        }
    }

    @Test
    void elementwiseGraphComputesWhatItSays() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("affine");
        g.input("x", Dim.of(1), Dim.of(2), Dim.named("h"), Dim.named("w"));
        g.initializer("scale", new float[] {2f, -3f}, 1, 2, 1, 1);
        g.initializer("shift", new float[] {0.5f}, 1);
        String y = g.node("Mul", List.of("x", "scale"), "scaled");
        g.node("Add", List.of(y, "shift"), "y");
        g.output("y", Dim.of(1), Dim.of(2), Dim.unknown(), Dim.unknown());

        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] out = run(g.build(), Map.of("x", FloatTensor.of(x, 1, 2, 2, 3))).get("y").toArray();
        for (int i = 0; i < 12; i++) {
            float expected = x[i] * (i < 6 ? 2f : -3f) + 0.5f;
            assertThat(out[i]).isEqualTo(expected);
        }
    }

    @Test
    void dynamicSpatialDimensionsAcceptAnySizeAndAreNamed() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("conv");
        g.input("x", Dim.of(1), Dim.of(1), Dim.named("height"), Dim.named("width"));
        // 3x3 box sum with zero padding: INTS attributes and a 4-D weight.
        float[] w = new float[9];
        java.util.Arrays.fill(w, 1f);
        g.initializer("w", w, 1, 1, 3, 3);
        g.node("Conv", List.of("x", "w"), "y", OnnxAttribute.ints("kernel_shape", 3, 3),
                OnnxAttribute.ints("pads", 1, 1, 1, 1), OnnxAttribute.of("group", 1L));
        g.output("y", Dim.of(1), Dim.of(1), Dim.named("height"), Dim.named("width"));
        byte[] model = g.build();
        try (InferenceSession s = engine.open(model, "conv", ONE_THREAD)) {
            TensorSpec in = s.inputs().get(0);
            assertThat(in.name()).isEqualTo("x");
            assertThat(in.shape()).containsExactly(1L, 1L, -1L, -1L);
            assertThat(in.dimensionNames()).containsExactly("", "", "height", "width");
            for (int[] hw : new int[][] {{4, 5}, {7, 3}}) {
                int h = hw[0];
                int wd = hw[1];
                float[] x = new float[h * wd];
                for (int i = 0; i < x.length; i++) {
                    x[i] = i % 7 - 2.5f;
                }
                float[] y = s.run(Map.of("x", FloatTensor.of(x, 1, 1, h, wd))).get("y").toArray();
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < wd; c++) {
                        float sum = 0;
                        for (int dr = -1; dr <= 1; dr++) {
                            for (int dc = -1; dc <= 1; dc++) {
                                int rr = r + dr;
                                int cc = c + dc;
                                if (rr >= 0 && rr < h && cc >= 0 && cc < wd) {
                                    sum += x[rr * wd + cc];
                                }
                            }
                        }
                        assertThat(y[r * wd + c]).isCloseTo(sum, within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void int64InitializersAndStringAndFloatAttributes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("slice");
        g.input("x", Dim.of(1), Dim.of(4), Dim.named("h"), Dim.named("w"));
        g.initializer("starts", new long[] {1, 1}, 2);
        g.initializer("ends", new long[] {-1, Long.MAX_VALUE}, 2);
        g.initializer("axes", new long[] {2, 3}, 2);
        g.node("Slice", List.of("x", "starts", "ends", "axes"), "s");
        g.node("DepthToSpace", List.of("s"), "d", OnnxAttribute.of("blocksize", 2L), OnnxAttribute.of("mode", "CRD"));
        g.node("LeakyRelu", List.of("d"), "y", OnnxAttribute.of("alpha", 0.25f));
        g.output("y", Dim.of(1), Dim.of(1), Dim.unknown(), Dim.unknown());
        int h = 4;
        int w = 3;
        float[] x = new float[4 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 20f;
        }
        FloatTensor out = run(g.build(), Map.of("x", FloatTensor.of(x, 1, 4, h, w))).get("y");
        // slice keeps rows 1..2 and columns 1..2 -> [1,4,2,2]; CRD depth-to-space -> [1,1,4,4]
        assertThat(out.shape()).containsExactly(1, 1, 4, 4);
        for (int oy = 0; oy < 4; oy++) {
            for (int ox = 0; ox < 4; ox++) {
                int c = (oy % 2) * 2 + (ox % 2);
                int sy = oy / 2 + 1;
                int sx = ox / 2 + 1;
                float v = x[c * h * w + sy * w + sx];
                float expected = v >= 0 ? v : 0.25f * v;
                assertThat(out.get(oy * 4 + ox)).isEqualTo(expected);
            }
        }
    }

    @Test
    void floatListAttribute() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("const");
        g.input("x", Dim.of(3));
        g.node("Constant", List.of(), "c", OnnxAttribute.floats("value_floats", 1.5f, -2f, 4f));
        g.node("Add", List.of("x", "c"), "y");
        g.output("y", Dim.of(3));
        float[] y = run(g.build(), Map.of("x", FloatTensor.of(new float[] {1, 1, 1}, 3))).get("y").toArray();
        assertThat(y).containsExactly(2.5f, -1f, 5f);
    }

    @Test
    void largeInitializerSurvivesChunkedEncoding() {
        int n = 100_003; // several encoder chunks and not a multiple of one
        float[] w = new float[n];
        Random rnd = new Random(1);
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder("big");
        g.input("x", Dim.of(n));
        g.initializer("w", w, n);
        g.node("Sub", List.of("x", "w"), "y");
        g.output("y", Dim.of(n));
        float[] y = run(g.build(), Map.of("x", FloatTensor.of(new float[n], n))).get("y").toArray();
        for (int i = 0; i < n; i++) {
            assertThat(y[i]).isEqualTo(-w[i]);
        }
    }

    @Test
    void bytesAreAModelProtoWithIrVersion8AndOpset17() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("g1");
        g.input("x", Dim.of(2));
        g.node("Relu", List.of("x"), "y");
        g.output("y", Dim.of(2));
        g.metadata("sr4j.source", "unit test");
        UnknownFieldSet model = UnknownFieldSet.parseFrom(g.build());
        // ModelProto: ir_version = 1, graph = 7, opset_import = 8, metadata_props = 14
        assertThat(model.getField(1).getVarintList()).containsExactly(8L);
        UnknownFieldSet opset = UnknownFieldSet.parseFrom(model.getField(8).getLengthDelimitedList().get(0));
        assertThat(opset.getField(2).getVarintList()).containsExactly(17L);
        UnknownFieldSet graph = UnknownFieldSet.parseFrom(model.getField(7).getLengthDelimitedList().get(0));
        assertThat(graph.getField(2).getLengthDelimitedList()).containsExactly(ByteString.copyFromUtf8("g1"));
        UnknownFieldSet node = UnknownFieldSet.parseFrom(graph.getField(1).getLengthDelimitedList().get(0));
        assertThat(node.getField(4).getLengthDelimitedList()).containsExactly(ByteString.copyFromUtf8("Relu"));
        UnknownFieldSet meta = UnknownFieldSet.parseFrom(model.getField(14).getLengthDelimitedList().get(0));
        assertThat(meta.getField(2).getLengthDelimitedList()).containsExactly(ByteString.copyFromUtf8("unit test"));
    }

    @Test
    void misuseFailsAtTheLineThatMadeIt() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("bad");
        g.input("x", Dim.of(1));
        assertThatThrownBy(() -> g.node("Relu", List.of("nope"), "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope' is not defined");
        assertThatThrownBy(() -> g.node("Relu", List.of("x"), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is already defined");
        assertThatThrownBy(() -> g.initializer("w", new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4 elements, data has 3");
        assertThatThrownBy(() -> g.node("Relu", List.of("x"), "r", OnnxAttribute.of("a", 1L), OnnxAttribute.of("a", 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute 'a' given twice");
        assertThatThrownBy(g::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("no outputs");
        g.output("never", Dim.of(1));
        assertThatThrownBy(g::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'never' is never produced");
    }

    @Test
    void freshNamesNeverCollide() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("names");
        g.input("t", Dim.of(1));
        String a = g.freshName("t");
        String b = g.freshName("t");
        assertThat(a).isNotEqualTo("t");
        assertThat(b).isNotIn("t", a);
    }

    @Test
    void writeAtomicallyLeavesOnlyTheTarget(@TempDir Path dir) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("neg");
        g.input("x", Dim.of(2));
        g.node("Neg", List.of("x"), "y");
        g.output("y", Dim.of(2));
        Path target = dir.resolve("sub/model.onnx");
        OnnxFiles.writeAtomically(target, new byte[] {1, 2, 3});
        OnnxFiles.writeAtomically(target, g.build()); // replaces
        try (var files = Files.list(target.getParent())) {
            assertThat(files.toList()).containsExactly(target);
        }
        try (InferenceSession s = engine.open(target, ONE_THREAD)) {
            float[] y = s.run(Map.of("x", FloatTensor.of(new float[] {1, -2}, 2))).get("y").toArray();
            assertThat(y).containsExactly(-1f, 2f);
        }
    }
}
