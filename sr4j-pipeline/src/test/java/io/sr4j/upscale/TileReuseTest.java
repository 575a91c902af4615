package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.Engine;
import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.TensorSpec;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact tile reuse for video: frames of a static photo with a square moving over it give the same
 * pixels with and without reuse, while the network runs only on the tiles whose input changed
 * (counted by the engine's sessions, not by the reuse itself).
 */
class TileReuseTest {
    private static final int WIDTH = 128;
    private static final int HEIGHT = 128;
    private static final int TILE = 32; // 4x4 tiles, padded by 8 (the model's measured padding)

    @TempDir
    Path tmp;
    private final CountingEngine engine = new CountingEngine();
    private final List<Upscaler> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Upscaler::close);
        engine.close();
    }

    @Test
    void unchangedTilesAreReusedAndTheFramesAreTheSame() {
        Upscaler plain = network();
        TileReuse memory = new TileReuse();
        Upscaler reusing = plain.reusingTiles(memory).orElseThrow();
        List<PlanarImage> frames = movingSquare(4);

        List<PlanarImage> expected = new ArrayList<>();
        int before = engine.runs.get();
        for (PlanarImage frame : frames) {
            expected.add(plain.upscale(frame, 2, TileProgress.none()));
        }
        int plainRuns = engine.runs.get() - before;
        assertThat(plainRuns).isEqualTo(4 * 16);

        before = engine.runs.get();
        for (int i = 0; i < frames.size(); i++) {
            assertThat(reusing.upscale(frames.get(i), 2, TileProgress.none()).data())
                    .as("frame %d", i).containsExactly(expected.get(i).data());
        }
        int reuseRuns = engine.runs.get() - before;
        // The first frame runs every tile; later ones only those the square left or entered (with padding).
        assertThat(reuseRuns).isGreaterThan(16).isLessThan(plainRuns / 2);
        assertThat(memory.tilesRun()).isEqualTo(reuseRuns);
        assertThat(memory.tilesRun() + memory.tilesReused()).isEqualTo(plainRuns);
    }

    @Test
    void aOneUlpChangeRunsTheNetworkAgain() {
        Upscaler plain = network();
        TileReuse memory = new TileReuse();
        Upscaler reusing = plain.reusingTiles(memory).orElseThrow();
        PlanarImage frame = movingSquare(1).get(0);
        PlanarImage nudged = frame.copy();
        int at = nudged.planeOffset(1) + 40 * WIDTH + 50; // green, read by tile (column 1, row 1) alone
        nudged.data()[at] = Math.nextUp(nudged.data()[at]);

        reusing.upscale(frame, 2, TileProgress.none());
        int before = engine.runs.get();
        PlanarImage again = reusing.upscale(frame, 2, TileProgress.none());
        assertThat(engine.runs.get() - before).as("an identical frame runs nothing").isZero();
        assertThat(again.data()).containsExactly(plain.upscale(frame, 2, TileProgress.none()).data());

        before = engine.runs.get();
        PlanarImage changed = reusing.upscale(nudged, 2, TileProgress.none());
        int runs = engine.runs.get() - before;
        assertThat(runs).as("the tiles whose padded input holds the changed sample").isEqualTo(1);
        assertThat(changed.data()).containsExactly(plain.upscale(nudged, 2, TileProgress.none()).data());
    }

    @Test
    void aFrameOfAnotherSizeForgetsThePreviousTiles() {
        Upscaler plain = network();
        TileReuse memory = new TileReuse();
        Upscaler reusing = plain.reusingTiles(memory).orElseThrow();
        PlanarImage frame = movingSquare(1).get(0);
        PlanarImage smaller = TestPhotos.crop("coffee.png", 0, 0, WIDTH - 8, HEIGHT);
        reusing.upscale(frame, 2, TileProgress.none());
        PlanarImage out = reusing.upscale(smaller, 2, TileProgress.none());
        assertThat(memory.tilesReused()).isZero();
        assertThat(out.data()).containsExactly(plain.upscale(smaller, 2, TileProgress.none()).data());
    }

    @Test
    void classicalFiltersHaveNothingToReuse() {
        Upscaler bicubic = Upscaler.builder().model("bicubic").store(store()).build();
        open.add(bicubic);
        assertThat(bicubic.reusingTiles(new TileReuse())).isEmpty();
    }

    private Upscaler network() {
        Upscaler u = Upscaler.builder().model("sr4j-fast-x2").tileSize(TILE).threads(2).store(store())
                .engine(engine).fetchListener(FetchListener.silent()).build();
        open.add(u);
        return u;
    }

    private ModelStore store() {
        return ModelStore.builder().root(tmp.resolve("store")).build();
    }

    /** A photo crop with a 10x10 grey square moving 5 pixels right per frame. */
    private static List<PlanarImage> movingSquare(int count) {
        PlanarImage background = TestPhotos.crop("coffee.png", 0, 0, WIDTH, HEIGHT);
        List<PlanarImage> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            PlanarImage frame = background.copy();
            for (int c = 0; c < 3; c++) {
                for (int y = 20; y < 30; y++) {
                    for (int x = 10 + 5 * f; x < 20 + 5 * f; x++) {
                        frame.data()[frame.planeOffset(c) + y * WIDTH + x] = 0.5f;
                    }
                }
            }
            frames.add(frame);
        }
        return frames;
    }

    /** An ONNX Runtime engine whose sessions count every run. */
    private static final class CountingEngine implements Engine {
        private final Engine inner = new OrtEngine();
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public InferenceSession open(byte[] onnxModel, String source, SessionOptions options) {
            return counting(inner.open(onnxModel, source, options));
        }

        @Override
        public InferenceSession open(Path onnxFile, SessionOptions options) {
            return counting(inner.open(onnxFile, options));
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public void close() {
            inner.close();
        }

        private InferenceSession counting(InferenceSession session) {
            return new InferenceSession() {
                @Override
                public List<TensorSpec> inputs() {
                    return session.inputs();
                }

                @Override
                public List<TensorSpec> outputs() {
                    return session.outputs();
                }

                @Override
                public PlanarImage run(PlanarImage input) {
                    runs.incrementAndGet();
                    return session.run(input);
                }

                @Override
                public Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, Collection<String> names) {
                    runs.incrementAndGet();
                    return session.run(inputs, names);
                }

                @Override
                public boolean isClosed() {
                    return session.isClosed();
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }
    }
}
