package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import io.sr4j.engine.EngineException;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.ncnn.NcnnImporter;
import io.sr4j.engine.ncnn.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the path a user's {@code .onnx} file takes ({@code --model my.onnx}):
 * ONNX Runtime parses and checks the graph, then sr4j checks its inputs and outputs and probes the
 * scale with a 64×64 run.
 *
 * <p>Expected outcome: a model, or an {@link EngineException} (ONNX Runtime refused or failed to
 * run the graph) or {@link IllegalArgumentException} (not an image model) naming the file. A JVM
 * crash, another exception or a hang is a finding. Regression inputs: {@code
 * OnnxLoadFuzzTestInputs/load/}.
 */
class OnnxLoadFuzzTest {
    private static OrtEngine engine;
    private static Path dir;
    private static ModelLoader loader;

    @BeforeAll
    static void start() throws IOException {
        engine = new OrtEngine();
        dir = Files.createTempDirectory("sr4j-onnx-fuzz");
        loader = new ModelLoader(null, engine, SessionOptions.builder().intraOpThreads(1).build(), null, -1);
    }

    @AfterAll
    static void stop() throws IOException {
        engine.close();
        Files.deleteIfExists(dir.resolve("fuzzed.onnx"));
        Files.deleteIfExists(dir);
    }

    @MethodSource("seeds")
    // The fuzz profile's bounded run (./run-tests, docs/RELIABILITY.md): 5 000 executions from
    // libFuzzer seed 1, cut at 75 s on a slower machine.
    @FuzzTest(maxDuration = "75s", maxExecutions = 5_000)
    void load(byte @NotNull @WithLength(max = 20_000) [] onnx) throws IOException {
        Path file = dir.resolve("fuzzed.onnx");
        Files.write(file, onnx);
        try (ImageModel model = loader.loadFile(file, 64)) {
            assertThat(model.nativeScale()).isPositive();
        } catch (EngineException | IllegalArgumentException expected) {
            assertThat(expected.getMessage()).contains(file.toString());
        }
        assertThat(engine.openSessionCount()).as("sessions left open").isZero();
    }

    /** Valid graphs from the ncnn importer: a ×1 convolution and a ×2 convolution + pixel shuffle. */
    static Stream<byte[]> seeds() {
        String x1 = "7767517\n2 2\nInput input 0 1 x\nConvolution conv 1 1 x y 0=3 1=1 5=1 6=9\n";
        String x2 = "7767517\n3 3\nInput input 0 1 x\nConvolution conv 1 1 x c 0=12 1=1 5=1 6=36\n"
                + "PixelShuffle ps 1 1 c y 0=2\n";
        // Zero weights: a flag word, then the kernel and the bias as fp32.
        return Stream.of(NcnnImporter.convert(x1, new byte[4 + 4 * (9 + 3)], "x1", ImportOptions.plain()).onnx(),
                NcnnImporter.convert(x2, new byte[4 + 4 * (36 + 12)], "x2", ImportOptions.plain()).onnx());
    }
}
