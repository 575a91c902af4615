package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.pytorch.DetectedArchitecture;
import io.sr4j.engine.pytorch.PytorchImporter;
import io.sr4j.engine.pytorch.PytorchModel;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A PyTorch checkpoint given as the model file: recognised by content, converted once into the
 * store's cache, scale and tile padding from its architecture, tiles that do not show.
 */
class PytorchModelFileTest {
    /** The importer's reference checkpoints (written by tools/pytorch-reference/make_references.py). */
    private static final Path REFERENCE = Path.of("../sr4j-importers/src/test/resources/io/sr4j/engine/pytorch/reference");
    private static final Engine ENGINE = new OrtEngine();

    @TempDir
    Path dir;

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    @Test
    void checkpointIsConvertedOnceAndRunsAtItsScale() throws IOException {
        // Any name: the content says it is a checkpoint.
        Path file = Files.copy(REFERENCE.resolve("compact-x4.pth"), dir.resolve("my-model.weights"));
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        PlanarImage image = randomImage(40, 30);

        PlanarImage first;
        try (Upscaler upscaler = builder(store, file, 1024).build()) {
            assertThat(upscaler.nativeScale()).isEqualTo(4);
            first = upscaler.upscale(image, 4, TileProgress.none());
        }
        assertThat(first.width()).isEqualTo(160);
        assertThat(first.height()).isEqualTo(120);
        Path cached;
        try (Stream<Path> graphs = Files.list(store.root().resolve("onnx"))) {
            cached = graphs.filter(p -> p.getFileName().toString().startsWith("user-my-model-")).findFirst()
                    .orElseThrow();
        }
        long written = Files.getLastModifiedTime(cached).toMillis();
        try (Upscaler upscaler = builder(store, file, 1024).build()) {
            assertThat(upscaler.upscale(image, 4, TileProgress.none())).isEqualTo(first);
        }
        assertThat(Files.getLastModifiedTime(cached).toMillis()).isEqualTo(written);
    }

    /**
     * compact-x4 has 5 convolutions, SPAN 21 layers of 3×3, RealPLKSR's layer-norm variant (no
     * GroupNorm) 12 pixels of context: their paddings cover every pixel a tile's core depends on, so
     * tiles equal the whole image up to float rounding (relative to the outputs' size). The tiny
     * SwinIRs (4 blocks of window 4: about 20 pixels of reach) too, because their tiles follow the
     * window grid and stop at the image's edges (issue #21: before, their 32-pixel tiles agreed to
     * only 35–88 dB); 50×37 is not a multiple of the window, so the network's own padding is tested.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"compact-x4.pth, 4", "span-x4.pth, 4", "span-x2.safetensors, 2", "realplksr-x2.pth, 2",
        "swinir-classical-x2.pth, 2", "swinir-light-x4.pth, 4", "swinir-real-x4.pth, 4"})
    void tilesPaddedByTheReceptiveFieldEqualTheWholeImage(String reference, int scale) throws IOException {
        Path file = Files.copy(REFERENCE.resolve(reference), dir.resolve(reference));
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        PlanarImage image = randomImage(50, 37);
        PlanarImage whole;
        PlanarImage tiled;
        try (Upscaler upscaler = builder(store, file, 1024).build()) {
            whole = upscaler.upscale(image, scale, TileProgress.none());
        }
        try (Upscaler upscaler = builder(store, file, 16).build()) {
            tiled = upscaler.upscale(image, scale, TileProgress.none());
        }
        assertEqualUpToRounding(tiled, whole);
    }

    /**
     * A SwinIR installed as ONNX (what {@code sr4j models import} writes: the graph and a sidecar
     * naming its window) tiles on the window grid like the checkpoint itself: without the sidecar's
     * window its 16-pixel tiles would cut windows the whole image does not.
     */
    @Test
    void importedWindowNetworkTilesOnItsGridFromTheSidecar() throws IOException {
        PytorchModel converted = PytorchImporter.convert(REFERENCE.resolve("swinir-classical-x2.pth"));
        DetectedArchitecture arch = converted.architecture();
        Path onnx = dir.resolve("swin.onnx");
        Files.write(onnx, converted.onnx());
        Files.writeString(dir.resolve("swin.onnx.json"), "{\"scale\": " + arch.scale() + ", \"padding\": "
                + arch.tilePadding() + ", \"tileWindow\": " + arch.tileWindow() + "}");
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        PlanarImage image = randomImage(50, 37);
        PlanarImage whole;
        PlanarImage tiled;
        try (Upscaler upscaler = builder(store, onnx, 1024).build()) {
            whole = upscaler.upscale(image, 2, TileProgress.none());
        }
        try (Upscaler upscaler = builder(store, onnx, 16).build()) {
            tiled = upscaler.upscale(image, 2, TileProgress.none());
        }
        assertEqualUpToRounding(tiled, whole);
    }

    @Test
    void sidecarWithAnImpossibleWindowIsRefusedNamingIt() throws IOException {
        Path onnx = dir.resolve("swin.onnx");
        Files.write(onnx, PytorchImporter.convert(REFERENCE.resolve("swinir-classical-x2.pth")).onnx());
        Files.writeString(dir.resolve("swin.onnx.json"), "{\"scale\": 2, \"padding\": 8, \"tileWindow\": 0}");
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        assertThatThrownBy(() -> builder(store, onnx, 64).build())
                .hasMessageContaining("swin.onnx.json").hasMessageContaining("tileWindow");
    }

    private static void assertEqualUpToRounding(PlanarImage actual, PlanarImage expected) {
        assertThat(actual.sameShape(expected)).as(actual + " vs " + expected).isTrue();
        float worst = 0;
        float largest = 1;
        for (int i = 0; i < expected.data().length; i++) {
            worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
            largest = Math.max(largest, Math.abs(expected.data()[i]));
        }
        assertThat(worst).isLessThan(1e-5f * largest);
    }

    /**
     * Rows fed in bands (as a chain's later stage gets them) read the same clipped tiles as a whole
     * image given at once (both straight from the network, before the upscaler's clamping).
     */
    @Test
    void windowGridTilesHoldWhenTheRowsStreamIn() throws IOException {
        Path file = Files.copy(REFERENCE.resolve("swinir-classical-x2.pth"), dir.resolve("swinir-classical-x2.pth"));
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        ModelLoader loader = new ModelLoader(store, ENGINE, SessionOptions.defaults(), FetchListener.silent(), -1);
        PlanarImage image = randomImage(50, 37);
        Collected whole = new Collected(100, 74);
        try (ImageModel model = loader.loadFile(file, 1024)) {
            model.enlarge(image, OutputGeometry.ofScale(50, 37, 2), TileProgress.none(), whole);
        }
        Collected streamed = new Collected(100, 74);
        try (ImageModel model = loader.loadFile(file, 16)) {
            RowSink in = model.streamingInput(50, 37, TileProgress.none(), streamed).orElseThrow();
            for (int y = 0; y < 37; y += 5) {
                in.rows(image.crop(0, y, 50, Math.min(5, 37 - y)), null);
            }
        }
        assertThat(streamed.rows).isEqualTo(74);
        assertEqualUpToRounding(streamed.image, whole.image);
    }

    /** Output bands written one under the other. */
    private static final class Collected implements RowSink {
        final PlanarImage image;
        int rows;

        Collected(int width, int height) {
            image = new PlanarImage(width, height, 3);
        }

        @Override
        public void rows(PlanarImage rgb, PlanarImage alpha) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(rgb.data(), rgb.planeOffset(c), image.data(), image.planeOffset(c) + rows * image.width(),
                        rgb.height() * rgb.width());
            }
            rows += rgb.height();
        }
    }

    /**
     * Networks whose tiles cannot be exact: Real-CUGAN reflect-pads and crops inside its graph and
     * its squeeze-excitation means see the whole tile; so do HAT's channel-attention means (its
     * windows follow the grid as SwinIR's do). On the tiny networks 32-pixel tiles agree with the
     * whole image to 127–173 dB (Real-CUGAN) and 65–74 dB (HAT); a misplaced crop, pad or window
     * would show at every seam and fall far below.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"realcugan-x2.pth, 2, 100", "realcugan-x3.pth, 3, 100", "realcugan-x4.pth, 4, 100",
        "hat-x4.pth, 4, 60", "hat-x3-w8.safetensors, 3, 55"})
    void tilesAgreeWithTheWholeImage(String reference, int scale, double minimumDb) throws IOException {
        Path file = Files.copy(REFERENCE.resolve(reference), dir.resolve(reference));
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        PlanarImage image = randomImage(120, 90);
        PlanarImage whole;
        PlanarImage tiled;
        try (Upscaler upscaler = builder(store, file, 1024).build()) {
            whole = upscaler.upscale(image, scale, TileProgress.none());
        }
        try (Upscaler upscaler = builder(store, file, 32).build()) {
            tiled = upscaler.upscale(image, scale, TileProgress.none());
        }
        double sum = 0;
        for (int i = 0; i < whole.data().length; i++) {
            double d = whole.data()[i] - tiled.data()[i];
            sum += d * d;
        }
        assertThat(10 * Math.log10(whole.data().length / sum)).isGreaterThanOrEqualTo(minimumDb);
    }

    @Test
    void safetensorsCopyGivesTheSamePictureAsTheCheckpoint() throws IOException {
        // make_references.py writes compact-x4's weights both ways; the whole path (detection,
        // conversion, cache, tiles) must not care which.
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        Path pth = Files.copy(REFERENCE.resolve("compact-x4.pth"), dir.resolve("compact-x4.pth"));
        Path safetensors = Files.copy(REFERENCE.resolve("compact-x4.safetensors"), dir.resolve("compact-x4.safetensors"));
        PlanarImage image = randomImage(33, 21);
        PlanarImage fromPth;
        PlanarImage fromSafetensors;
        try (Upscaler upscaler = builder(store, pth, 16).build()) {
            fromPth = upscaler.upscale(image, 4, TileProgress.none());
        }
        try (Upscaler upscaler = builder(store, safetensors, 16).build()) {
            assertThat(upscaler.nativeScale()).isEqualTo(4);
            fromSafetensors = upscaler.upscale(image, 4, TileProgress.none());
        }
        assertThat(fromSafetensors.width()).isEqualTo(132);
        assertThat(fromSafetensors).isEqualTo(fromPth);
    }

    @Test
    void unknownArchitectureFailsNamingTheFile() throws IOException {
        // A safetensors file of some other network (its header alone decides).
        byte[] header = "{\"encoder.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var bytes = java.nio.ByteBuffer.allocate(8 + header.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header).putFloat(1f);
        Path file = Files.write(dir.resolve("other.safetensors"), bytes.array());
        ModelStore store = ModelStore.builder().root(dir.resolve("store")).build();
        assertThatThrownBy(() -> builder(store, file, 1024).build()).isInstanceOf(ModelImportException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("architecture not recognised");
    }

    private static Upscaler.Builder builder(ModelStore store, Path file, int tileSize) {
        return Upscaler.builder().modelFile(file).tileSize(tileSize).store(store).engine(ENGINE)
                .fetchListener(FetchListener.silent());
    }

    private static PlanarImage randomImage(int width, int height) {
        Random r = new Random(5);
        PlanarImage image = new PlanarImage(width, height, 3);
        for (int i = 0; i < image.data().length; i++) {
            image.data()[i] = r.nextFloat();
        }
        return image;
    }
}
