package io.sr4j.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.reference.ReferenceComparison;
import io.sr4j.engine.reference.ReferenceComparison.Result;
import io.sr4j.engine.reference.ReferenceImages;
import io.sr4j.engine.reference.TfjsReference;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.FileRole;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity of sr4j's TF.js import with the UpscalerJS models' own runtime: the same real photo crops go
 * through sr4j (model.json → ONNX, ONNX Runtime) and through TensorFlow.js in Node with the model
 * package's own JavaScript definition ({@link TfjsReference}), and the two 8-bit images must agree to
 * <b>PSNR ≥ 40 dB</b> on every crop.
 *
 * <p>Fair comparison: both read the same 8-bit crop; TF.js gets it as 0..255 values and scales them
 * to the model's range as UpscalerJS does, sr4j as 0..1 (its graph scales inside for the RDN models);
 * both outputs are quantised by {@link ReferenceImages#level(float)}. Each crop is one tile with no
 * tile padding on sr4j's side, so both networks see exactly the crop with their convolutions'
 * zero padding at its edges. Crops are small (32–48 px) because TF.js' pure-JS CPU backend is slow
 * (esrgan-thick ×8 on 32 px takes ~16 s there). One model of each family (slim, medium, thick) runs,
 * ×8 once, and the default model through its own package definition. Numbers go to
 * {@code target/tfjs-parity-report.txt}. Needs {@code scripts/install-reference-programs.sh}.
 */
@Tag("reference")
class TfjsParityTest {
    private static final double MIN_PSNR_DB = 40.0;
    private static final Engine ENGINE = new OrtEngine();
    private static final List<String> REPORT = new ArrayList<>();

    @TempDir
    static Path dir;

    private static TfjsReference tfjs;
    private static ModelStore store;

    @BeforeAll
    static void setUp() {
        tfjs = TfjsReference.locate();
        store = ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    @AfterAll
    static void tearDown() throws IOException {
        ENGINE.close();
        List<String> lines = new ArrayList<>();
        lines.add("model | crop | PSNR dB | max |diff| levels | TF.js s | sr4j s");
        lines.addAll(REPORT);
        lines.forEach(line -> System.out.println("TfjsParityTest: " + line));
        Files.write(Path.of("target", "tfjs-parity-report.txt"), lines);
    }

    @Test
    void esrganSlimX3() {
        assertParity("esrgan-slim-x3", "esrgan-slim", new Crop("astronaut.png", 180, 70, 48),
                new Crop("coffee.png", 250, 120, 48));
    }

    @Test
    void esrganMediumX4() {
        assertParity("esrgan-medium-x4", "esrgan-medium", new Crop("chelsea.png", 140, 80, 40));
    }

    @Test
    void esrganThickX8() {
        assertParity("esrgan-thick-x8", "esrgan-thick", new Crop("astronaut.png", 180, 70, 32));
    }

    @Test
    void upscalerjsDefaultX2() {
        assertParity("upscalerjs-default-x2", "default-model", new Crop("coffee.png", 250, 120, 48));
    }

    private record Crop(String photo, int x, int y, int size) {
        String name() {
            return photo.replace(".png", "") + "@" + x + "," + y + "+" + size;
        }
    }

    private static void assertParity(String model, String packageName, Crop... crops) {
        int scale = store.catalog().get(model).scale();
        Path modelJson = store.ensurePresent(model, FetchListener.silent()).file(FileRole.TFJS_MODEL);
        Path definition = tfjs.definition(packageName, scale);
        int maxCrop = 0;
        for (Crop c : crops) {
            maxCrop = Math.max(maxCrop, c.size());
        }
        try (Upscaler sr4j = Upscaler.builder().model(model).tileSize(maxCrop).tilePadding(0).store(store)
                .engine(ENGINE).fetchListener(FetchListener.silent()).build()) {
            for (Crop crop : crops) {
                PlanarImage rgb = ReferenceImages.readRgb(TestData.skimage(crop.photo()))
                        .crop(crop.x(), crop.y(), crop.size(), crop.size());
                TfjsReference.Run reference = tfjs.upscale(modelJson, definition, rgb, dir);
                long start = System.nanoTime();
                PlanarImage ours = sr4j.upscale(rgb, scale, TileProgress.none());
                double sr4jSeconds = (System.nanoTime() - start) / 1e9;
                Result r = ReferenceComparison.compare(reference.rgb(), ours);
                REPORT.add(String.format(Locale.ROOT, "%s | %s | %.1f | %d | %.2f | %.2f", model, crop.name(), r.psnr(),
                        r.maxAbsDiff(), reference.seconds(), sr4jSeconds));
                assertThat(r.masked()).as("%s on %s: samples masked as wrapped negatives", model, crop.name()).isZero();
                assertThat(r.psnr()).as("%s on %s: PSNR against TF.js (dB)", model, crop.name())
                        .isGreaterThanOrEqualTo(MIN_PSNR_DB);
            }
        }
    }
}
