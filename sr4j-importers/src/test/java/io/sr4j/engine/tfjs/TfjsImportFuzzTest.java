package io.sr4j.engine.tfjs;

import static io.sr4j.engine.tfjs.KerasModelBuilder.config;
import static io.sr4j.engine.tfjs.KerasModelBuilder.conv;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ModelImportException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the TF.js importer: {@code model.json} (topology, weights manifest,
 * quantisation, shapes) and its weight shards. Every shard path the manifest names reads the same
 * fuzzed bytes, so shard size checks are reached.
 *
 * <p>Expected outcome: ONNX bytes, or a {@link ModelImportException} naming the model. Anything
 * else is a finding. Regression inputs: {@code TfjsImportFuzzTestInputs/convert/}.
 */
class TfjsImportFuzzTest {

    @MethodSource("seeds")
    // The fuzz profile's bounded run (./run-tests, docs/RELIABILITY.md): 100 000 executions from
    // libFuzzer seed 1, cut at 75 s on a slower machine.
    @FuzzTest(maxDuration = "75s", maxExecutions = 100_000)
    void convert(byte @NotNull @WithLength(max = 8000) [] modelJson, byte @NotNull @WithLength(max = 8000) [] shard) {
        try {
            ConvertedModel model = TfjsImporter.convert(modelJson, path -> shard, "fuzzed/model.json",
                    TfjsImportOptions.unitRange());
            assertThat(model.onnx()).isNotEmpty();
        } catch (ModelImportException expected) {
            assertThat(expected.getMessage()).contains("fuzzed/model.json");
        }
    }

    /** Small valid Keras models: a convolution, a depth-to-space upscaler, a quantised weight. */
    static Stream<Arguments> seeds() {
        KerasModelBuilder.Files conv = new KerasModelBuilder().input("in", 3)
                .layer("Conv2D", "c", conv(4, 3, "same", "relu"), "in")
                .weight("c/kernel", new float[3 * 3 * 3 * 4], 3, 3, 3, 4).weight("c/bias", new float[4], 4)
                .build("in", "c");
        KerasModelBuilder.Files shuffle = new KerasModelBuilder().input("in", 12)
                .layer("PixelShuffle2x", "ps", config(), "in")
                .build("in", "ps");
        KerasModelBuilder.Files quantised = new KerasModelBuilder().input("in", 2)
                .layer("Conv2D", "c", conv(1, 1, "valid", "linear"), "in")
                .quantizedWeight("c/kernel", new byte[] {1, 2}, 0.5, -1, 1, 1, 2, 1)
                .weight("c/bias", new float[1], 1)
                .build("in", "c");
        return Stream.of(conv, shuffle, quantised)
                .map(m -> Arguments.of(m.modelJson(), m.shards().values().iterator().next()));
    }
}
