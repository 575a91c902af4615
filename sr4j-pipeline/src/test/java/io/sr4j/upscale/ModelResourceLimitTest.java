package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.ncnn.ImportOptions;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.ncnn.NcnnImporter;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models declaring enormous tensors (ncnn, ONNX; TF.js in {@code TfjsShapeLimitTest}) are refused with the size and the limit in
 * the message, and the bytes the loading thread allocates are measured to show nothing of that
 * size was allocated first.
 */
class ModelResourceLimitTest {
    private static final long BUDGET = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void ncnnConvolutionDeclaringEightGigabytesOfWeights() {
        // 2e9 weights in a 12-byte .bin: the size is checked against the file before the array is allocated.
        String param = "7767517\n2 2\nInput input 0 1 x\nConvolution conv 1 1 x y 0=100000 1=1 5=0 6=2000000000\n";
        long allocated = allocatedBy(() -> assertThatThrownBy(
                () -> NcnnImporter.convert(param, new byte[12], "huge", ImportOptions.plain()))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("huge.bin is too short")
                .hasMessageContaining("needs at least 2000000000 bytes")
                .hasMessageContaining("only 8 bytes are left"));
        assertThat(allocated).isLessThan(BUDGET);
    }

    @Test
    void onnxGraphExpandingToA120GigabyteTensor() throws Exception {
        // Valid graph, absurd at run time: Expand to 1x3x100000x100000 floats. The probe run fails
        // inside ONNX Runtime's allocator; sr4j reports it naming the file, and the JVM heap is untouched.
        OnnxGraphBuilder g = new OnnxGraphBuilder("huge");
        g.input("x", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        String shape = g.initializer("shape", new long[] {1, 3, 100_000, 100_000}, 4);
        g.node("Expand", List.of("x", shape), "y");
        g.output("y", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        Path file = dir.resolve("huge.onnx");
        Files.write(file, g.build());
        try (OrtEngine engine = new OrtEngine()) {
            ModelLoader loader = new ModelLoader(null, engine, SessionOptions.builder().intraOpThreads(1).build(),
                    null, -1);
            long allocated = allocatedBy(() -> assertThatThrownBy(() -> loader.loadFile(file, 64))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("model " + file + " cannot run on a 3x64x64 RGB image"));
            assertThat(allocated).isLessThan(BUDGET);
            assertThat(engine.openSessionCount()).isZero();
        }
    }

    /** Bytes the current thread allocates while {@code work} runs (HotSpot's per-thread counter). */
    static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
