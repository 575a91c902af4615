package io.sr4j.engine.pytorch;

import static io.sr4j.engine.pytorch.CheckpointBuilder.f32;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.ncnn.ModelImportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, inconsistent and foreign files: refused with the file and the problem named. */
class PytorchBadFilesTest {
    @TempDir
    Path temp;

    private static CheckpointBuilder oneTensor() {
        return new CheckpointBuilder().floats("conv.weight", new float[64], 4, 4, 2, 2);
    }

    @Test
    void truncatedFilesOfEachFormat() throws Exception {
        byte[] zip = oneTensor().zip();
        Path cut = temp.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(zip, zip.length / 2));
        assertThatThrownBy(() -> PytorchCheckpoints.read(cut)).isInstanceOf(ModelImportException.class)
                .hasMessageStartingWith(cut + ": ").hasMessageContaining("truncated");

        byte[] legacy = oneTensor().legacy();
        assertThatThrownBy(() -> PytorchCheckpoints.read(Arrays.copyOf(legacy, legacy.length - 10), "old.pth"))
                .hasMessageContaining("old.pth: storage 0 runs past the end of the file").hasMessageContaining("truncated");
        assertThatThrownBy(() -> PytorchCheckpoints.read(Arrays.copyOf(legacy, 200), "old.pth"))
                .hasMessageContaining("old.pth: legacy checkpoint's object pickle").hasMessageContaining("truncated");

        byte[] st = oneTensor().safetensors();
        assertThatThrownBy(() -> PytorchCheckpoints.read(Arrays.copyOf(st, st.length - 4), "w.safetensors"))
                .hasMessageContaining("w.safetensors: tensor conv.weight has data_offsets [0, 256]")
                .hasMessageContaining("truncated");
    }

    @Test
    void storageShorterThanTheTensorNamesTheTensor() {
        // Size [4, 4] needs 16 elements; the storage declares and holds 8.
        byte[] zip = new CheckpointBuilder().storage("0", DType.F32, f32(new float[8]))
                .tensor("body.3.weight", "0", 0, new long[] {4, 4}, new long[] {4, 1}).zip();
        assertThatThrownBy(() -> PytorchCheckpoints.read(zip, "short.pth"))
                .hasMessageContaining("short.pth: tensor body.3.weight (size [4, 4], stride [4, 1], offset 0) needs "
                        + "element 15 of its storage, which holds only 8 F32 elements");
        byte[] offset = new CheckpointBuilder().storage("0", DType.F32, f32(new float[8]))
                .tensor("shifted", "0", 5, new long[] {4}, new long[] {1}).legacy();
        assertThatThrownBy(() -> PytorchCheckpoints.read(offset, "off.pth"))
                .hasMessageContaining("tensor shifted").hasMessageContaining("needs element 8");
    }

    @Test
    void aBroadcastViewLargerThanItsStorageIsRefused() {
        // Stride 0 would let 8 bytes stand for 10^12 elements; reading it would exhaust memory.
        byte[] zip = new CheckpointBuilder().storage("0", DType.F32, f32(1, 2))
                .tensor("expanded", "0", 0, new long[] {1_000_000, 1_000_000}, new long[] {0, 0}).zip();
        assertThatThrownBy(() -> PytorchCheckpoints.read(zip, "b.pth"))
                .hasMessageContaining("tensor expanded has 1000000000000 elements but its storage only 2");
    }

    @Test
    void storageEntryShorterThanDeclared() {
        byte[] pickleOnly = oneTensor().zip();
        // Same pickle, storage entry replaced by 3 bytes.
        byte[] pickle = extract(pickleOnly, "archive/data.pkl");
        byte[] zip = ZipBytes.of("archive/data.pkl", pickle, "archive/data/0", new byte[3]);
        assertThatThrownBy(() -> PytorchCheckpoints.read(zip, "s.pth"))
                .hasMessageContaining("s.pth: storage archive/data/0 holds 3 bytes but declares 64 F32 elements");
        byte[] missing = ZipBytes.of("archive/data.pkl", pickle);
        assertThatThrownBy(() -> PytorchCheckpoints.read(missing, "m.pth"))
                .hasMessageContaining("m.pth: storage 0 has no entry archive/data/0");
    }

    @Test
    void oversizedSafetensorsHeaderAndBadJson() {
        ByteBuffer huge = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        huge.put(8, (byte) '{');
        assertThatThrownBy(() -> PytorchCheckpoints.read(huge.array(), "h.safetensors"))
                .hasMessageContaining("h.safetensors: not a PyTorch checkpoint");
        byte[] json = "{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]".getBytes(StandardCharsets.UTF_8);
        ByteBuffer broken = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length)
                .put(json);
        assertThatThrownBy(() -> PytorchCheckpoints.read(broken.array(), "j.safetensors"))
                .hasMessageContaining("j.safetensors: safetensors header is not valid JSON");
        byte[] f8 = "{\"x\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer fp8 = ByteBuffer.allocate(8 + f8.length + 2).order(ByteOrder.LITTLE_ENDIAN).putLong(f8.length).put(f8);
        assertThatThrownBy(() -> PytorchCheckpoints.read(fp8.array(), "f8.safetensors"))
                .hasMessageContaining("tensor x has dtype F8_E4M3, which sr4j does not read");
    }

    @Test
    void foreignFilesAndMissingFiles() {
        assertThatThrownBy(() -> PytorchCheckpoints.read("GIF89a....".getBytes(StandardCharsets.US_ASCII), "cat.gif"))
                .hasMessageContaining("cat.gif: not a PyTorch checkpoint (zip or legacy) or a safetensors file: it "
                        + "starts with 47 49 46 38");
        assertThatThrownBy(() -> PytorchCheckpoints.read(new byte[0], "empty.pth"))
                .hasMessageContaining("empty.pth: not a PyTorch checkpoint").hasMessageContaining("is empty");
        assertThatThrownBy(() -> PytorchCheckpoints.read(new PickleWriter().proto().none().stop().bytes(), "p.pkl"))
                .hasMessageContaining("p.pkl: a bare pickle without PyTorch's magic number");
        assertThatThrownBy(() -> PytorchCheckpoints.read(ZipBytes.of("a/readme.txt", new byte[] {1}), "z.zip"))
                .hasMessageContaining("z.zip: zip holds no data.pkl: not a PyTorch checkpoint");
        Path none = temp.resolve("nothing.pth");
        assertThatThrownBy(() -> PytorchCheckpoints.read(none)).hasMessage(none + ": no such file");
    }

    @Test
    void aCheckpointWithoutTensorsSaysWhatItHolds() {
        byte[] pickle = new PickleWriter().proto().emptyDict().mark().string("iter").integer(5).string("epoch")
                .integer(2).setItems().stop().bytes();
        assertThatThrownBy(() -> PytorchCheckpoints.read(ZipBytes.of("a/data.pkl", pickle), "t.pth"))
                .hasMessageContaining("t.pth: no tensors found; its keys: iter, epoch");
    }

    @Test
    void compressedEntriesAreRefusedClearly() throws Exception {
        byte[] pickle = extract(oneTensor().zip(), "archive/data.pkl");
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> PytorchCheckpoints.read(out.toByteArray(), "deflated.pth"))
                .hasMessageContaining("deflated.pth: zip entry archive/data.pkl is compressed (method 8)");
    }

    private static byte[] extract(byte[] zip, String name) {
        ByteBuffer entry = StoredZip.read(ByteBuffer.wrap(zip)).open(name);
        byte[] out = new byte[entry.capacity()];
        entry.get(0, out);
        return out;
    }
}
