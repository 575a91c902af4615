package io.sr4j.upscale;

import io.sr4j.testing.TestPhotos;
import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.tile.TilePlanner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Contract 1 of DESIGN.md: sr4j's output must not depend visibly on the tile size. A real photo
 * crop bigger than two tiles each way is upscaled once as a single tile and once in small tiles,
 * both with the catalogue's padding; where the padding covers the receptive field the two agree
 * within 1/255, otherwise (Real-CUGAN's global SE statistics, shared across tiles; RRDBNet's deep
 * field) within 50 dB PSNR.
 */
class TiledEqualsWholeTest {
    private static final double ONE_LEVEL = 1.0 / 255;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // model id,                 tile, max abs diff (levels) or -1, min PSNR or -1
        "realesrgan-x4fast,            64,  1, -1",
        "realesr-animevideov3-x2,      64,  1, -1",
        "waifu2x-cunet-noise1,         64,  1, -1",
        "waifu2x-cunet-noise1-x2,      64,  1, -1",
        "realcugan-up2x-no-denoise,    64, -1, 50",
        "realcugan-up3x-denoise3x,     64, -1, 50",
        "realcugan-up4x-no-denoise,    64, -1, 50",
    })
    void tiledOutputMatchesWholeImageOutput(String id, int tileSize, double maxLevels, double minPsnr) {
        PlanarImage image = TestPhotos.crop("astronaut.png", 140, 60, 150, 140);
        PlanarImage whole = upscale(id, 1024, image);
        PlanarImage tiled = upscale(id, tileSize, image);
        assertThat(TilePlanner.builder(150, 140).tileSize(tileSize).build().tileCount())
                .as("more than two tiles each way").isGreaterThanOrEqualTo(9);

        assertThat(tiled.width()).isEqualTo(whole.width());
        assertThat(tiled.height()).isEqualTo(whole.height());
        double maxDiff = 0;
        double squared = 0;
        float[] a = whole.data();
        float[] b = tiled.data();
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            maxDiff = Math.max(maxDiff, d);
            squared += d * d;
        }
        double psnr = 10 * Math.log10(a.length / squared);
        if (maxLevels >= 0) {
            assertThat(maxDiff).as("%s max |tiled - whole|, PSNR %.1f dB", id, psnr)
                    .isLessThanOrEqualTo(maxLevels * ONE_LEVEL);
        }
        if (minPsnr >= 0) {
            assertThat(psnr).as("%s PSNR tiled vs whole (max diff %.2f levels)", id, maxDiff * 255)
                    .isGreaterThanOrEqualTo(minPsnr);
        }
    }

    /**
     * Automatic tiling runs a small image as one tile: the same output as an explicit tile larger than
     * the image, sample for sample (Real-CUGAN then needs no statistics passes). The network's measured
     * width is cached beside its converted graph.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"realesrgan-x4fast", "realcugan-up2x-no-denoise"})
    void automaticTilingOfASmallImageIsOneTile(String id) {
        PlanarImage image = TestPhotos.crop("astronaut.png", 140, 60, 150, 140);
        PlanarImage whole = upscale(id, 1024, image);
        PlanarImage automatic = upscale(id, Upscaler.AUTO_TILE_SIZE, image);
        assertThat(automatic).isEqualTo(whole);
        try (var graphs = java.nio.file.Files.list(TestModels.store().root().resolve("onnx"))) {
            assertThat(graphs.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith(id + "-") && name.endsWith(".onnx.widest"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** RRDBNet's receptive field is far wider than any practical padding: PSNR, on a small crop. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"realesrgan-x4plus, 96, 50"})
    @Tag("slow")
    void deepNetworkTilesStayAboveFiftyDecibels(String id, int tileSize, double minPsnr) {
        PlanarImage image = TestPhotos.crop("astronaut.png", 120, 60, 270, 250);
        PlanarImage whole = upscale(id, 1024, image);
        PlanarImage tiled = upscale(id, tileSize, image);
        double squared = 0;
        for (int i = 0; i < whole.data().length; i++) {
            double d = whole.data()[i] - tiled.data()[i];
            squared += d * d;
        }
        double psnr = 10 * Math.log10(whole.data().length / squared);
        assertThat(psnr).as("%s PSNR tiled vs whole", id).isGreaterThanOrEqualTo(minPsnr);
    }

    private static PlanarImage upscale(String id, int tileSize, PlanarImage image) {
        try (Upscaler upscaler = TestModels.upscaler(id, tileSize)) {
            return upscaler.upscale(image, upscaler.nativeScale(), TileProgress.none());
        }
    }
}
