package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.onnx.OnnxModelReader;
import io.sr4j.engine.quant.Int8Quantiser;
import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code precision(INT8)} on a real catalogue model: an int8 graph stored once, output close to fp32's. */
@Tag("slow")
class Int8PrecisionTest {
    @Test
    void realesrganX4fastInInt8IsStoredOnceAndStaysCloseToFp32OnAPhoto() throws Exception {
        PlanarImage photo = TestPhotos.crop("coffee.png", 250, 120, 64, 64);
        PlanarImage fp32 = upscale("realesrgan-x4fast", Precision.FP32, photo, 4);
        PlanarImage int8 = upscale("realesrgan-x4fast", Precision.INT8, photo, 4);
        ModelStore store = TestModels.store();
        ModelInfo info = store.catalog().get("realesrgan-x4fast");
        Path stored = store.convertedPath(info.id(), ModelLoader.CONVERTER_VERSION + "-plain-" + Int8Quantiser.VERSION);
        assertThat(stored).isRegularFile();
        assertThat(OnnxModelReader.read(Files.readAllBytes(stored)).graphNodes())
                .anyMatch(n -> n.opType().equals("QuantizeLinear"));

        // A second int8 load uses the stored graph: no new calibration, the file is not rewritten.
        FileTime written = Files.getLastModifiedTime(stored);
        assertThat(upscale("realesrgan-x4fast", Precision.INT8, photo, 4).data()).isEqualTo(int8.data());
        assertThat(Files.getLastModifiedTime(stored)).isEqualTo(written);

        // Bound: measured 28.6–32.8 dB between int8 and fp32 outputs on the six quality-set photos
        // (docs/PERFORMANCE.md, "int8"); 26 dB leaves room for a small crop's variation, while a
        // broken rewrite (wrong scale, zero point or weight layout) gives noise-like output, < 15 dB.
        assertThat(rgbPsnr(fp32, int8)).isGreaterThan(26).isLessThan(60);
    }

    @Test
    void realCuganInInt8KeepsTheBrightAreasOfAPhoto() {
        // The centre of astronaut.png: white suit, bright flag and dark background, brighter than any
        // calibration crop. Real-CUGAN's shallow features carry intensity into its skip connections, so
        // ranges that clip them (the percentile method) lose the highlights.
        PlanarImage photo = TestPhotos.crop("astronaut.png", 160, 160, 192, 192);
        PlanarImage fp32 = upscale("realcugan-up2x-no-denoise", Precision.FP32, photo, 2);
        PlanarImage int8 = upscale("realcugan-up2x-no-denoise", Precision.INT8, photo, 2);
        // Bound: min/max ranges give 40.9 dB here, percentile ranges 26.9 dB (measured on this crop with
        // the built-in calibration photos); 35 dB tells the two apart with room for other CPUs' rounding.
        assertThat(rgbPsnr(fp32, int8)).isGreaterThan(35).isLessThan(60);
    }

    /** {@code photo} enlarged by a freshly loaded catalogue model in {@code precision}, clamped to [0, 1]. */
    private static PlanarImage upscale(String id, Precision precision, PlanarImage photo, int scale) {
        try (Upscaler upscaler = TestModels.builder(id, 512).precision(precision).build()) {
            return upscaler.upscale(photo, scale, TileProgress.none()).clampInPlace(0, 1);
        }
    }

    private static double rgbPsnr(PlanarImage expected, PlanarImage actual) {
        return QualityMetrics.psnr(expected, actual, new MetricOptions(MetricOptions.Channel.RGB, 0, false));
    }
}
