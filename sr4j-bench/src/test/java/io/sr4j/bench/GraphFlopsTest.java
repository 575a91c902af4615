package io.sr4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphFlopsTest {
    @TempDir
    Path temp;

    @Test
    void countsConvAndConvTransposeFromTheShapesTheRuntimeReports() throws IOException {
        // 3 -> 8 channels, 3x3, same padding; then a stride-2 4x4 transposed conv 8 -> 5 channels.
        OnnxGraphBuilder g = new OnnxGraphBuilder("flops");
        g.input("x", Dim.of(1), Dim.of(3), Dim.named("h"), Dim.named("w"));
        g.initializer("w1", new float[8 * 3 * 3 * 3], 8, 3, 3, 3);
        g.node("Conv", List.of("x", "w1"), "y", OnnxAttribute.ints("pads", 1, 1, 1, 1));
        g.node("Relu", List.of("y"), "r");
        g.initializer("w2", new float[8 * 5 * 4 * 4], 8, 5, 4, 4);
        g.node("ConvTranspose", List.of("r", "w2"), "z", OnnxAttribute.ints("strides", 2, 2),
                OnnxAttribute.ints("pads", 1, 1, 1, 1));
        g.output("z", Dim.of(1), Dim.of(5), Dim.unknown(), Dim.unknown());
        Path file = Files.write(temp.resolve("g.onnx"), g.build());

        long conv = 8L * 10 * 12 * (3 * 3 * 3);
        long transposed = 8L * 10 * 12 * (5 * 4 * 4);
        assertThat(GraphFlops.multiplyAccumulates(file, 12, 10)).isEqualTo(conv + transposed);
    }

    @Test
    void groupedConvolutionsCountOnlyTheirOwnGroup() {
        long[][] inputs = {{1, 16, 20, 20}, {16, 4, 3, 3}};
        long[][] outputs = {{1, 16, 20, 20}};
        assertThat(GraphFlops.nodeMacs("Conv", inputs, outputs)).isEqualTo(16L * 400 * 4 * 9);
        assertThat(GraphFlops.nodeMacs("Relu", new long[][] {{1, 16, 20, 20}}, outputs)).isZero();
    }

    @Test
    void matrixProductsCountTheirInnerDimension() {
        assertThat(GraphFlops.nodeMacs("MatMul", new long[][] {{2, 7, 3}, {3, 5}}, new long[][] {{2, 7, 5}}))
                .isEqualTo(2L * 7 * 5 * 3);
        assertThat(GraphFlops.nodeMacs("Gemm", new long[][] {{4, 6}, {5, 6}, {5}}, new long[][] {{4, 5}}))
                .isEqualTo(4L * 5 * 6);
    }
}
