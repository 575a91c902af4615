package io.sr4j.engine.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the ncnn importer: {@code .param} parsing, {@code .bin} weight
 * reading (flags, fp16, quantisation tables) and the conversion of every supported layer.
 *
 * <p>Expected outcome: ONNX bytes, or a {@link ModelImportException} naming the model. Anything
 * else is a finding. Regression inputs: {@code NcnnImportFuzzTestInputs/convert/} under test
 * resources.
 */
class NcnnImportFuzzTest {

    @MethodSource("seeds")
    // The fuzz profile's bounded run (./run-tests, docs/RELIABILITY.md): 100 000 executions from
    // libFuzzer seed 1, cut at 75 s on a slower machine.
    @FuzzTest(maxDuration = "75s", maxExecutions = 100_000)
    void convert(@NotNull @WithUtf8Length(max = 4000) String param, byte @NotNull @WithLength(max = 20_000) [] bin) {
        try {
            ConvertedModel model = NcnnImporter.convert(param, bin, "fuzzed", ImportOptions.plain());
            assertThat(model.onnx()).isNotEmpty();
        } catch (ModelImportException expected) {
            assertThat(expected.getMessage()).contains("fuzzed");
        }
    }

    /** Small valid models: convolutions with fp32, fp16 and raw weights, an upscaling tail, a residual. */
    static Stream<Arguments> seeds() {
        TinyModel conv = new TinyModel().input("x")
                .layer("Convolution", "conv", List.of("x"), List.of("y"), "0=2 1=3 4=1 5=1 6=54 9=2 -23310=1,1.0e-01")
                .fp32(new float[54]).raw(new float[2]);
        TinyModel half = new TinyModel().input("x")
                .layer("ConvolutionDepthWise", "dw", List.of("x"), List.of("d"), "0=3 1=3 4=1 5=1 6=27 7=3")
                .fp16(new short[27]).raw(new float[3])
                .layer("Split", "split", List.of("d"), List.of("d1", "d2"), "")
                .layer("BinaryOp", "add", List.of("d1", "d2"), List.of("s"), "0=0")
                .layer("Interp", "up", List.of("s"), List.of("u"), "0=2 1=2.0 2=2.0");
        TinyModel shuffle = new TinyModel().input("x")
                .layer("Convolution", "c", List.of("x"), List.of("c"), "0=12 1=1 5=1 6=36")
                .fp32(new float[36]).raw(new float[12])
                .layer("PixelShuffle", "ps", List.of("c"), List.of("p"), "0=2")
                .layer("Pooling", "pool", List.of("p"), List.of("q"), "0=1 4=1")
                .layer("Eltwise", "e", List.of("p", "q"), List.of("z"), "0=1");
        return Stream.of(conv, half, shuffle).map(m -> Arguments.of(m.param(), m.bin()));
    }
}
