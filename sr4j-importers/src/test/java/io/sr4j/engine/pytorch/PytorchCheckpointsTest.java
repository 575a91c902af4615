package io.sr4j.engine.pytorch;

import static io.sr4j.engine.pytorch.CheckpointBuilder.bits16;
import static io.sr4j.engine.pytorch.CheckpointBuilder.f32;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading state dicts from the three formats: values, dtypes, strides, wrappers, prefixes. */
class PytorchCheckpointsTest {
    @TempDir
    Path temp;

    /** The zip and legacy writers, as functions of a builder. */
    static Stream<Arguments> torchFormats() {
        return Stream.of(
                Arguments.of(CheckpointFormat.ZIP, (Function<CheckpointBuilder, byte[]>) CheckpointBuilder::zip),
                Arguments.of(CheckpointFormat.LEGACY, (Function<CheckpointBuilder, byte[]>) CheckpointBuilder::legacy));
    }

    static Stream<Arguments> allFormats() {
        return Stream.concat(torchFormats(), Stream.of(Arguments.of(CheckpointFormat.SAFETENSORS,
                (Function<CheckpointBuilder, byte[]>) CheckpointBuilder::safetensors)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFormats")
    void readsFloat32TensorsInFileOrder(CheckpointFormat format, Function<CheckpointBuilder, byte[]> write) {
        CheckpointBuilder b = new CheckpointBuilder()
                .floats("body.0.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1, 1)
                .floats("body.0.bias", new float[] {-0.5f, 0.25f}, 2);
        StateDict dict = PytorchCheckpoints.read(write.apply(b), "tiny");
        assertThat(dict.format()).isEqualTo(format);
        assertThat(dict.source()).isEqualTo("tiny");
        assertThat(dict.tensors()).containsOnlyKeys("body.0.weight", "body.0.bias");
        assertThat(dict.tensors().keySet()).containsExactly("body.0.weight", "body.0.bias");
        Tensor w = dict.tensors().get("body.0.weight");
        assertThat(w.dtype()).isEqualTo(DType.F32);
        assertThat(w.shape()).containsExactly(2, 3, 1, 1);
        assertThat(w.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(dict.tensors().get("body.0.bias").toFloatArray()).containsExactly(-0.5f, 0.25f);
        assertThat(dict.parameterCount()).isEqualTo(8);
        assertThat(dict.wrapper()).isEmpty();
        assertThat(dict.strippedPrefix()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFormats")
    void convertsHalfAndBfloat16Exactly(CheckpointFormat format, Function<CheckpointBuilder, byte[]> write) {
        // fp16: 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal), -0; bf16: 1, -2, 3.140625, 1e-38-ish.
        CheckpointBuilder b = new CheckpointBuilder()
                .storage("h", DType.F16, bits16(0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000))
                .tensor("half", "h", 0, new long[] {6}, new long[] {1})
                .storage("b", DType.BF16, bits16(0x3f80, 0xc000, 0x4049, 0x0080))
                .tensor("brain", "b", 0, new long[] {2, 2}, new long[] {2, 1});
        StateDict dict = PytorchCheckpoints.read(write.apply(b), "halves");
        assertThat(dict.tensors().get("half").dtype()).isEqualTo(DType.F16);
        assertThat(dict.tensors().get("half").toFloatArray())
                .containsExactly(1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f);
        assertThat(dict.tensors().get("brain").dtype()).isEqualTo(DType.BF16);
        assertThat(dict.tensors().get("brain").toFloatArray()).containsExactly(1f, -2f, 3.140625f, 0x1p-126f);
        assertThat(dict.dtypeCounts()).containsEntry(DType.F16, 1).containsEntry(DType.BF16, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchFormats")
    void honoursStridesAndOffsetsOfViewsSharingAStorage(CheckpointFormat format,
            Function<CheckpointBuilder, byte[]> write) {
        float[] storage = new float[12];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i;
        }
        CheckpointBuilder b = new CheckpointBuilder().storage("s", DType.F32, f32(storage))
                // A transposed 3×4 matrix: shape [4, 3], stride [1, 4].
                .tensor("transposed", "s", 0, new long[] {4, 3}, new long[] {1, 4})
                // Elements 5, 7, 9 (offset 5, step 2), and a channels-last-like [2,1,1,2] view.
                .tensor("sliced", "s", 5, new long[] {3}, new long[] {2})
                .tensor("channelsLast", "s", 8, new long[] {2, 2, 1, 1}, new long[] {1, 2, 2, 2});
        StateDict dict = PytorchCheckpoints.read(write.apply(b), "views");
        assertThat(dict.tensors().get("transposed").toFloatArray())
                .containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
        assertThat(dict.tensors().get("transposed").stride()).containsExactly(1, 4);
        assertThat(dict.tensors().get("sliced").toFloatArray()).containsExactly(5, 7, 9);
        assertThat(dict.tensors().get("sliced").offset()).isEqualTo(5);
        assertThat(dict.tensors().get("channelsLast").toFloatArray()).containsExactly(8, 10, 9, 11);
    }

    @Test
    void prefersParamsEmaOverParamsAndSaysSo() {
        // BasicSR checkpoint: {params: …, params_ema: …}; the EMA weights are the ones to use.
        StateDict dict = PytorchCheckpoints.read(paramsThenParamsEma(), "both");
        assertThat(dict.wrapper()).contains("params_ema");
        assertThat(dict.tensors().get("conv.weight").toFloatArray()).containsExactly(7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchFormats")
    void unwrapsNestedWrappersAndStripsTheModulePrefix(CheckpointFormat format,
            Function<CheckpointBuilder, byte[]> write) {
        CheckpointBuilder b = new CheckpointBuilder()
                .floats("module.conv_first.weight", new float[] {1, 2}, 2)
                .floats("module.conv_last.bias", new float[] {3}, 1)
                .wrappedIn("state_dict", "model");
        StateDict dict = PytorchCheckpoints.read(write.apply(b), "dp");
        assertThat(dict.wrapper()).contains("state_dict.model");
        assertThat(dict.strippedPrefix()).contains("module.");
        assertThat(dict.tensors().keySet()).containsExactly("conv_first.weight", "conv_last.bias");
    }

    @Test
    void keepsModuleWhenOnlySomeNamesHaveIt() {
        CheckpointBuilder b = new CheckpointBuilder()
                .floats("module.a", new float[] {1}, 1).floats("b", new float[] {2}, 1);
        StateDict dict = PytorchCheckpoints.read(b.zip(), "mixed");
        assertThat(dict.strippedPrefix()).isEmpty();
        assertThat(dict.tensors().keySet()).containsExactly("module.a", "b");
    }

    @Test
    void safetensorsStripsTheModulePrefixToo() {
        CheckpointBuilder b = new CheckpointBuilder().floats("module.x", new float[] {1, 2, 3}, 3);
        StateDict dict = PytorchCheckpoints.read(b.safetensors(), "st");
        assertThat(dict.tensors().keySet()).containsExactly("x");
        assertThat(dict.strippedPrefix()).contains("module.");
    }

    @Test
    void detectsTheFormatByContentNotByExtension() throws Exception {
        CheckpointBuilder b = new CheckpointBuilder().floats("w", new float[] {1}, 1);
        Path zipNamedSafetensors = temp.resolve("model.safetensors");
        Files.write(zipNamedSafetensors, b.zip());
        Path safetensorsNamedPth = temp.resolve("model.pth");
        Files.write(safetensorsNamedPth, b.safetensors());
        Path legacyNamedBin = temp.resolve("model.bin");
        Files.write(legacyNamedBin, b.legacy());
        assertThat(PytorchCheckpoints.read(zipNamedSafetensors).format()).isEqualTo(CheckpointFormat.ZIP);
        assertThat(PytorchCheckpoints.read(safetensorsNamedPth).format()).isEqualTo(CheckpointFormat.SAFETENSORS);
        assertThat(PytorchCheckpoints.read(legacyNamedBin).format()).isEqualTo(CheckpointFormat.LEGACY);
        assertThat(PytorchCheckpoints.read(legacyNamedBin).source()).isEqualTo(legacyNamedBin.toString());
    }

    @Test
    void readsIntegerAndBooleanTensorsByValue() {
        CheckpointBuilder b = new CheckpointBuilder()
                .storage("n", DType.I64, PickleWriter.le(8, 30000))
                .tensor("bn.num_batches_tracked", "n", 0, new long[] {}, new long[] {})
                .storage("m", DType.BOOL, new byte[] {1, 0, 1})
                .tensor("mask", "m", 0, new long[] {3}, new long[] {1});
        StateDict dict = PytorchCheckpoints.read(b.zip(), "ints");
        Tensor scalar = dict.tensors().get("bn.num_batches_tracked");
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.numel()).isEqualTo(1);
        assertThat(scalar.toFloatArray()).containsExactly(30000f);
        assertThat(dict.tensors().get("mask").toFloatArray()).containsExactly(1f, 0f, 1f);
    }

    /** {"params": {conv.weight: [3]}, "params_ema": {conv.weight: [7]}} in a zip, params first. */
    private static byte[] paramsThenParamsEma() {
        PickleWriter p = new PickleWriter().proto().emptyDict().mark();
        tensorDict(p, "params", "0");
        tensorDict(p, "params_ema", "1");
        byte[] pickle = p.setItems().stop().bytes();
        return ZipBytes.of("ckpt/data.pkl", pickle, "ckpt/data/0", f32(3f), "ckpt/data/1", f32(7f));
    }

    private static void tensorDict(PickleWriter p, String wrapper, String key) {
        p.string(wrapper).global("collections", "OrderedDict").emptyTuple().reduce()
                .string("conv.weight").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string(key).string("cpu").integer(1).tuple()
                .persistentId().integer(0).ints(1).ints(1).bool(false)
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce().setItem();
    }
}
