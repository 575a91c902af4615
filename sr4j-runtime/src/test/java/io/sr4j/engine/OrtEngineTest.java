package io.sr4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.image.PlanarImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrtEngineTest {
    private OrtEngine engine;
    private static final SessionOptions ONE_THREAD = SessionOptions.builder().intraOpThreads(1).build();

    @BeforeEach
    void start() {
        engine = new OrtEngine();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** y = 2x + 1 on [1,3,H,W]; also outputs the per-channel mean [1,3,1,1] as "mean". */
    private static byte[] affineWithMean() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("affine");
        g.input("image", Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width"));
        g.initializer("two", new float[] {2f}, 1);
        g.initializer("one", new float[] {1f}, 1);
        g.node("Mul", List.of("image", "two"), "doubled");
        g.node("Add", List.of("doubled", "one"), "out");
        g.node("GlobalAveragePool", List.of("image"), "mean");
        g.output("out", Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width"));
        g.output("mean", Dim.of(1), Dim.of(3), Dim.of(1), Dim.of(1));
        return g.build();
    }

    /** Nearest-neighbour x2 upscaling: one input, one output. */
    private static byte[] upscale2() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("up2");
        g.input("x", Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width"));
        g.initializer("scales", new float[] {1, 1, 2, 2}, 4);
        g.node("Resize", List.of("x", "", "scales"), "y", OnnxAttribute.of("mode", "nearest"),
                OnnxAttribute.of("coordinate_transformation_mode", "asymmetric"),
                OnnxAttribute.of("nearest_mode", "floor"));
        g.output("y", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        return g.build();
    }

    private static PlanarImage ramp(int w, int h) {
        PlanarImage img = new PlanarImage(w, h, 3);
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 97) / 97f;
        }
        return img;
    }

    @Test
    void runsAnImageModel() {
        try (InferenceSession s = engine.open(upscale2(), "up2", ONE_THREAD)) {
            PlanarImage in = ramp(5, 4);
            float[] before = in.data().clone();
            PlanarImage out = s.run(in);
            assertThat(out.width()).isEqualTo(10);
            assertThat(out.height()).isEqualTo(8);
            assertThat(out.channels()).isEqualTo(3);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 10; x++) {
                        assertThat(out.get(c, x, y)).isEqualTo(in.get(c, x / 2, y / 2));
                    }
                }
            }
            assertThat(in.data()).containsExactly(before);
        }
    }

    @Test
    void namedRunReturnsAskedOutputsInOrder() {
        try (InferenceSession s = engine.open(affineWithMean(), "affine", ONE_THREAD)) {
            assertThat(s.inputs()).extracting(TensorSpec::name).containsExactly("image");
            assertThat(s.outputs()).extracting(TensorSpec::name).containsExactly("out", "mean");
            assertThat(s.outputs().get(1).shape()).containsExactly(1L, 3L, 1L, 1L);
            PlanarImage img = ramp(4, 2);
            Map<String, FloatTensor> all = s.run(Map.of("image", FloatTensor.fromImage(img)));
            assertThat(all.keySet()).containsExactly("out", "mean");
            float[] out = all.get("out").toArray();
            for (int i = 0; i < out.length; i++) {
                assertThat(out[i]).isEqualTo(2 * img.data()[i] + 1);
            }
            Map<String, FloatTensor> onlyMean = s.run(Map.of("image", FloatTensor.fromImage(img)), List.of("mean"));
            assertThat(onlyMean.keySet()).containsExactly("mean");
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int i = 0; i < 8; i++) {
                    sum += img.data()[c * 8 + i];
                }
                assertThat((double) onlyMean.get("mean").get(c)).isCloseTo(sum / 8, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void directAndHeapInputsGiveTheSameResult() {
        try (InferenceSession s = engine.open(affineWithMean(), "affine", ONE_THREAD)) {
            PlanarImage img = ramp(3, 3);
            FloatTensor direct = FloatTensor.allocateDirect(1, 3, 3, 3);
            direct.buffer().put(img.data());
            assertThat(direct.isDirect()).isTrue();
            float[] a = s.run(Map.of("image", direct), List.of("out")).get("out").toArray();
            float[] b = s.run(Map.of("image", FloatTensor.fromImage(img)), List.of("out")).get("out").toArray();
            assertThat(a).containsExactly(b);
        }
    }

    @Test
    void wrongInputsAreRejectedWithTheExpectedShape() {
        try (InferenceSession s = engine.open(affineWithMean(), "affine", ONE_THREAD)) {
            FloatTensor twoChannels = FloatTensor.of(new float[8], 1, 2, 2, 2);
            assertThatThrownBy(() -> s.run(Map.of("image", twoChannels)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 1 must be 3");
            assertThatThrownBy(() -> s.run(Map.of("picture", twoChannels)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no input 'picture'");
            assertThatThrownBy(() -> s.run(Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'image' of model affine is missing");
            assertThatThrownBy(() -> s.run(Map.of("image", FloatTensor.of(new float[3], 3))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs rank 4");
            FloatTensor ok = FloatTensor.of(new float[12], 1, 3, 2, 2);
            assertThatThrownBy(() -> s.run(Map.of("image", ok), List.of("nope")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no output 'nope'");
            // two outputs: the image convenience refuses rather than guess
            assertThatThrownBy(() -> s.run(ramp(2, 2)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("one input and one output");
        }
    }

    @Test
    void useAfterCloseFailsLoudly() {
        InferenceSession s = engine.open(upscale2(), "up2", ONE_THREAD);
        s.close();
        s.close(); // idempotent
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.run(ramp(2, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(s::inputs).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheEngineClosesItsSessions() {
        InferenceSession a = engine.open(upscale2(), "a", ONE_THREAD);
        InferenceSession b = engine.open(upscale2(), "b", ONE_THREAD);
        b.close();
        assertThat(engine.openSessionCount()).isEqualTo(1);
        engine.close();
        assertThat(a.isClosed()).isTrue();
        assertThat(engine.openSessionCount()).isZero();
        assertThatThrownBy(() -> engine.open(upscale2(), "c", ONE_THREAD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void garbageModelIsAnEngineException() {
        assertThatThrownBy(() -> engine.open(new byte[] {1, 2, 3, 4}, "junk.onnx", ONE_THREAD))
                .isInstanceOf(EngineException.class).hasMessageContaining("junk.onnx");
        assertThatThrownBy(() -> engine.open(new byte[0], "empty", ONE_THREAD))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cudaWithoutTheGpuBuildIsAClearError() {
        SessionOptions cuda = SessionOptions.builder().provider(ExecutionProvider.cuda(0)).build();
        assertThatThrownBy(() -> engine.open(upscale2(), "up2", cuda))
                .isInstanceOf(EngineException.class).hasMessageContaining("CUDA");
    }

    @Test
    void concurrentRunsOnOneSessionAreIndependent() throws Exception {
        try (InferenceSession s = engine.open(affineWithMean(), "affine", ONE_THREAD)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    final int size = 3 + t;
                    results.add(pool.submit(() -> {
                        PlanarImage img = ramp(size, size + 1);
                        float[] out = s.run(Map.of("image", FloatTensor.fromImage(img)), List.of("out"))
                                .get("out").toArray();
                        for (int i = 0; i < out.length; i++) {
                            if (out[i] != 2 * img.data()[i] + 1) {
                                return false;
                            }
                        }
                        return out.length == img.data().length;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> SessionOptions.builder().intraOpThreads(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionOptions.defaults().optimization()).isEqualTo(GraphOptimization.ALL);
        assertThat(SessionOptions.defaults().intraOpThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(engine.description()).startsWith("ONNX Runtime 1.");
    }
}
