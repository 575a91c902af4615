package io.sr4j.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a model back gives the graph that was written: same bytes when written again. */
class OnnxModelReaderTest {
    @Test
    void aModelReadBackIsWrittenAgainByteForByte() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("round-trip").docString("doc").producer("sr4j", "test")
                .metadata("source", "a test");
        g.input("x", Dim.of(1), Dim.of(3), Dim.named("height"), Dim.unknown());
        g.initializer("w", new float[] {0.5f, -1.25f, 2f}, 3, 1, 1, 1);
        g.initializer("q", OnnxDataType.INT8, new byte[] {-127, 0, 127}, 3);
        g.initializer("zero", OnnxDataType.UINT8, new byte[] {(byte) 200});
        g.initializer("axes", new long[] {2, 3}, 2);
        g.node("Conv", List.of("x", "w"), "y", OnnxAttribute.of("group", 3L), OnnxAttribute.ints("pads", 0, 0, 0, 0));
        g.node("LeakyRelu", List.of("y"), "z", OnnxAttribute.of("alpha", 0.1f));
        g.initializer("scales", new float[] {1, 1, 2, 2}, 4);
        g.node("Resize", List.of("z", "", "scales"), "r", OnnxAttribute.of("mode", "nearest"),
                OnnxAttribute.floats("unused", 1f, 2f));
        g.output("r", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        byte[] written = g.build();

        byte[] again = OnnxModelReader.read(written).build();

        assertThat(again).isEqualTo(written);
    }

    @Test
    void aModelOfAnotherOpsetIsRefusedWithTheReason() {
        byte[] model = new OnnxGraphBuilder("g").input("x", Dim.of(1)).node("Relu", List.of("x"), List.of("y"))
                .output("y", Dim.of(1)).build();
        // Field 8 (opset_import) is written after the graph: patch its version varint 17 → 11.
        int at = lastIndexOf(model, (byte) 0x10, (byte) 17);
        model[at + 1] = 11;

        assertThatThrownBy(() -> OnnxModelReader.read(model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 11").hasMessageContaining("opset 17");
    }

    @Test
    void bytesThatAreNoModelAreRefused() {
        assertThatThrownBy(() -> OnnxModelReader.read(new byte[] {0x3a, 0x7f, 0x01}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable ONNX model");
    }

    private static int lastIndexOf(byte[] bytes, byte a, byte b) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == a && bytes[i + 1] == b) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
