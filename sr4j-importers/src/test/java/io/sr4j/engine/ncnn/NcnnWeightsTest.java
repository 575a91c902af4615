package io.sr4j.engine.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NcnnWeightsTest {
    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsEveryFlaggedStorageAndRawBlobs() {
        ByteBuffer b = le(4 + 8 + 4 + 8 + 4 + 4 + 4 + 1024 + 4 + 4 + 12 + 8);
        b.putInt(0).putFloat(1.5f).putFloat(-2f); // fp32, tag 0
        b.putInt(0x01306B47).putShort((short) 0x3c00).putShort((short) 0xc400).putShort((short) 0x3800).putShort((short) 0);
        // 3 fp16 values + 2 bytes of padding (6 -> 8)
        b.putInt(0x000D4B38).put((byte) -7).put((byte) 100).put((byte) 0).put((byte) 0); // 2 int8 + 2 padding
        b.putInt(0x12345678); // any other tag: lookup table, then uint8 indices
        for (int i = 0; i < 256; i++) {
            b.putFloat(i * 0.5f);
        }
        b.put((byte) 3).put((byte) 255).put((byte) 0).put((byte) 0); // 2 indices + 2 padding
        b.putInt(0x0002C056).putFloat(7f).putFloat(8f).putFloat(9f); // fp32 with the "scaled" tag
        b.putFloat(0.25f).putFloat(-0.75f); // raw
        NcnnWeights w = new NcnnWeights(b.array(), "w.bin");
        NcnnWeights.Blob fp32 = w.readFlagged(2, "a");
        assertThat(fp32.values()).containsExactly(1.5f, -2f);
        assertThat(fp32.storage()).isEqualTo(NcnnWeights.Storage.FP32);
        NcnnWeights.Blob fp16 = w.readFlagged(3, "b");
        assertThat(fp16.values()).containsExactly(1f, -4f, 0.5f);
        assertThat(fp16.storage()).isEqualTo(NcnnWeights.Storage.FP16);
        assertThat(w.position()).isEqualTo(12 + 12);
        NcnnWeights.Blob int8 = w.readFlagged(2, "c");
        assertThat(int8.values()).containsExactly(-7f, 100f);
        assertThat(int8.storage()).isEqualTo(NcnnWeights.Storage.INT8);
        NcnnWeights.Blob table = w.readFlagged(2, "d");
        assertThat(table.values()).containsExactly(1.5f, 127.5f);
        assertThat(table.storage()).isEqualTo(NcnnWeights.Storage.TABLE);
        assertThat(w.readFlagged(3, "e").values()).containsExactly(7f, 8f, 9f);
        assertThat(w.readRaw(2, "f")).containsExactly(0.25f, -0.75f);
        assertThat(w.remaining()).isZero();
    }

    @Test
    void tooShortNamesWhatWasBeingRead() {
        ByteBuffer b = le(10);
        b.putInt(0x01306B47).putShort((short) 1).putShort((short) 2).putShort((short) 3);
        NcnnWeights w = new NcnnWeights(b.array(), "short.bin");
        // 3 halves need 8 bytes after the tag (padding included), 6 are there
        assertThatThrownBy(() -> w.readFlagged(3, "layer 'c' (Convolution) weight"))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("short.bin is too short: layer 'c' (Convolution) weight needs 3 fp16 values (8 bytes)"
                        + " at byte 4, but only 6 bytes are left");
        assertThatThrownBy(() -> new NcnnWeights(new byte[3], "tiny.bin").readRaw(1, "bias"))
                .hasMessageContaining("bias needs 1 fp32 values");
    }

    @Test
    void binTooLongOrTooShortForItsParamFailsTheImport() {
        TinyModel m = new TinyModel().input("x").layer("PReLU", "p", java.util.List.of("x"), java.util.List.of("y"), "0=3")
                .raw(new float[] {0.1f, 0.2f, 0.3f});
        String param = m.param();
        byte[] exact = m.bin();
        assertThat(NcnnImporter.convert(param, exact, "m", ImportOptions.plain()).onnx()).isNotEmpty();

        byte[] longer = java.util.Arrays.copyOf(exact, exact.length + 4);
        assertThatThrownBy(() -> NcnnImporter.convert(param, longer, "m", ImportOptions.plain()))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("m.bin has 4 bytes left over").hasMessageContaining("wrong .bin for this .param");

        byte[] shorter = java.util.Arrays.copyOf(exact, exact.length - 4);
        assertThatThrownBy(() -> NcnnImporter.convert(param, shorter, "m", ImportOptions.plain()))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("m.bin is too short: layer 'p' (PReLU) slopes needs 3 fp32 values");
    }
}
