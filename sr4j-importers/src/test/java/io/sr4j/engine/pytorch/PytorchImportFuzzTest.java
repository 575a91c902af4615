package io.sr4j.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import io.sr4j.engine.ncnn.ModelImportException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the PyTorch/safetensors reader: format detection, the zip directory,
 * the pickle reader and its allow-list, legacy storages, safetensors headers, strided views and
 * float conversion of every tensor.
 *
 * <p>Expected outcome: a state dict whose tensors all convert, or a {@link ModelImportException}
 * naming the file. Anything else (another exception, running out of memory or stack) is a finding.
 * Regression inputs: {@code PytorchImportFuzzTestInputs/read/} under test resources.
 */
class PytorchImportFuzzTest {

    @MethodSource("seeds")
    // The fuzz profile's bounded run (./run-tests, docs/RELIABILITY.md): 100 000 executions from
    // libFuzzer seed 1, cut at 75 s on a slower machine.
    @FuzzTest(maxDuration = "75s", maxExecutions = 100_000)
    void read(byte @NotNull @WithLength(max = 20_000) [] file) {
        try {
            StateDict dict = PytorchCheckpoints.read(file, "fuzzed");
            assertThat(dict.tensors()).isNotEmpty();
            for (Tensor t : dict.tensors().values()) {
                assertThat(t.toFloatArray()).hasSize((int) t.numel());
            }
        } catch (ModelImportException expected) {
            assertThat(expected.getMessage()).startsWith("fuzzed: ");
        }
    }

    /** Small valid files of each format: fp32, fp16 and bf16 storages, a strided view, wrappers. */
    static Stream<Arguments> seeds() {
        CheckpointBuilder mixed = new CheckpointBuilder()
                .floats("module.conv.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .storage("h", DType.F16, CheckpointBuilder.bits16(0x3c00, 0xc000, 0x0001))
                .tensor("module.half", "h", 1, new long[] {2}, new long[] {1})
                .storage("b", DType.BF16, CheckpointBuilder.bits16(0x3f80, 0x4049, 0, 0))
                .tensor("module.t", "b", 0, new long[] {2, 2}, new long[] {1, 2})
                .wrappedIn("params_ema");
        CheckpointBuilder plain = new CheckpointBuilder().floats("body.0.bias", new float[] {0.5f, -1}, 2);
        return Stream.of(mixed.zip(), mixed.legacy(), plain.safetensors(), plain.zip()).map(Arguments::of);
    }
}
