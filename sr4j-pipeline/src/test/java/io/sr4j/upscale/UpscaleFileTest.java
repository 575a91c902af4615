package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.Sr4jException;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.io.ImageEncoder;
import io.sr4j.testing.TestData;
import io.sr4j.testing.TestPhotos;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file-to-file path: streamed PNG output equals the in-memory upscale; 16-bit stays 16-bit,
 * grey stays grey, alpha keeps its transparency without dark halos; sizes by scale or fit.
 */
class UpscaleFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(doubles = {4, 3, 2.5, 0.5})
    void streamedPngEqualsTheInMemoryUpscale(double scale) throws IOException {
        PlanarImage crop = TestPhotos.crop("astronaut.png", 150, 70, 90, 70);
        Path in = write(Picture.of(crop), "crop.png");
        Path out = dir.resolve("out.png");
        try (Upscaler upscaler = TestModels.upscaler("realesr-animevideov3-x4", 48)) {
            UpscaleResult result = upscaler.upscaleFile(in, out, OutputOptions.builder().scale(scale).build());
            PlanarImage expected = upscaler.upscale(crop, scale, TileProgress.none());
            assertThat(result.outputWidth()).isEqualTo(expected.width());
            assertThat(result.outputHeight()).isEqualTo(expected.height());
            assertThat(result.tiles()).isGreaterThan(1);
            PlanarImage written = new ImageDecoder().decode(out).rgb();
            assertThat(maxDifference(written, expected)).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bicubic", "realesr-animevideov3-x2"})
    void sixteenBitGradientKeepsMoreThan256Levels(String model) throws IOException {
        // A smooth 16-bit ramp: 96x64 pixels over 1/8 of the range, far finer than 8-bit steps.
        PlanarImage rgb = new PlanarImage(96, 64, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 96; x++) {
                    rgb.set(c, x, y, Math.round((0.4 + 0.125 * (x + 96 * y) / (96 * 64.0)) * 65535) / 65535f);
                }
            }
        }
        Path in = write(new Picture(rgb, null, new SourceInfo("png", 16, false, Optional.empty(), 1)), "ramp16.png");
        Path out = dir.resolve("ramp16_x2.png");
        try (Upscaler upscaler = TestModels.upscaler(model, 64)) {
            upscaler.upscaleFile(in, out, OutputOptions.builder().scale(2).build());
        }
        Raster raster = ImageIO.read(out.toFile()).getRaster();
        assertThat(raster.getSampleModel().getSampleSize(0)).isEqualTo(16);
        Set<Integer> levels = new HashSet<>();
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                levels.add(raster.getSample(x, y, 1));
            }
        }
        // The ramp spans 1/8 of the range: 32 levels in 8 bits, thousands in 16.
        assertThat(levels.size()).isGreaterThan(256);
    }

    @Test
    void greyInGreyOut() throws IOException {
        Path in = write(new ImageDecoder().decode(TestData.skimage("camera.png")), "camera.png");
        Path out = dir.resolve("camera_x2.png");
        try (Upscaler upscaler = TestModels.upscaler("realesr-animevideov3-x2", 256)) {
            upscaler.upscaleFile(in, out, OutputOptions.defaults());
        }
        BufferedImage written = ImageIO.read(out.toFile());
        assertThat(written.getRaster().getNumBands()).isEqualTo(1);
        assertThat(written.getWidth()).isEqualTo(1024);
        Picture decoded = new ImageDecoder().decode(out);
        assertThat(decoded.source().grey()).isTrue();
    }

    /**
     * White antialiased shapes and text on a transparent background, whose invisible pixels are
     * black (as Java2D and most editors store them). Enlarged by a network, the visible edge must
     * stay white: were the black under alpha 0 fed to the network, it would bleed into the edge.
     */
    @Test
    void transparentLogoKeepsItsAlphaAndGetsNoDarkHalo() throws IOException {
        BufferedImage logo = new BufferedImage(120, 60, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = logo.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(6, 8, 40, 40));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
        g.drawString("sr4j", 52, 42);
        g.dispose();
        Path in = dir.resolve("logo.png");
        ImageIO.write(logo, "png", in.toFile());

        Path out = dir.resolve("logo_x4.png");
        try (Upscaler upscaler = TestModels.upscaler("realesrgan-x4fast", 64)) {
            upscaler.upscaleFile(in, out, OutputOptions.defaults());
        }
        Picture result = new ImageDecoder().decode(out);
        assertThat(result.hasAlpha()).isTrue();
        PlanarImage alpha = result.alpha().orElseThrow();
        PlanarImage rgb = result.rgb();
        float darkest = 1;
        int visible = 0;
        int transparent = 0;
        for (int y = 0; y < result.height(); y++) {
            for (int x = 0; x < result.width(); x++) {
                float a = alpha.get(0, x, y);
                if (a > 0.5f) {
                    visible++;
                    for (int c = 0; c < 3; c++) {
                        darkest = Math.min(darkest, rgb.get(c, x, y));
                    }
                } else if (a == 0) {
                    transparent++;
                }
            }
        }
        assertThat(visible).isGreaterThan(4000);
        assertThat(transparent).as("transparency kept").isGreaterThan(result.width() * result.height() / 2);
        assertThat(darkest).as("darkest colour of a pixel with alpha > 0.5 (source: white)")
                .isGreaterThanOrEqualTo(1f - 12f / 255);
    }

    @Test
    void widthAndHeightFitKeepingTheAspect() throws IOException {
        Path in = write(Picture.of(TestPhotos.crop("astronaut.png", 100, 100, 120, 80)), "c.png");
        try (Upscaler upscaler = TestModels.upscaler("bicubic", 64)) {
            UpscaleResult wide = upscaler.upscaleFile(in, dir.resolve("w.png"), OutputOptions.builder().width(300).build());
            assertThat(new int[] {wide.outputWidth(), wide.outputHeight()}).containsExactly(300, 200);
            UpscaleResult box = upscaler.upscaleFile(in, dir.resolve("b.png"),
                    OutputOptions.builder().width(1000).height(100).build());
            assertThat(new int[] {box.outputWidth(), box.outputHeight()}).containsExactly(150, 100);
            BufferedImage written = ImageIO.read(dir.resolve("b.png").toFile());
            assertThat(written.getWidth()).isEqualTo(150);
        }
    }

    @Test
    void jpegOutputsTooLargeForJpegAreRefusedWithAdviceAndNothingIsWritten() throws IOException {
        Path in = write(Picture.of(TestPhotos.crop("astronaut.png", 0, 0, 40, 30)), "small.png");
        Path out = dir.resolve("huge.jpg");
        try (Upscaler upscaler = TestModels.upscaler("nearest", 64)) {
            assertThatThrownBy(() -> upscaler.upscaleFile(in, out, OutputOptions.builder().scale(2000).build()))
                    .isInstanceOf(ImageEncodeException.class).hasMessageContaining("too large for JPEG")
                    .hasMessageContaining("PNG");
        }
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void workThatCannotFitTheHeapIsRefusedBeforeItStarts() throws IOException {
        Path in = write(Picture.of(TestPhotos.crop("astronaut.png", 0, 0, 40, 30)), "small.png");
        Path out = dir.resolve("huge.bmp");
        try (Upscaler upscaler = TestModels.upscaler("nearest", 64)) {
            // 40x30 x 1500 = 60000 x 45000: 2.7 Gpx in memory for BMP, beyond any test heap.
            assertThatThrownBy(() -> upscaler.upscaleFile(in, out, OutputOptions.builder().scale(1500).build()))
                    .isInstanceOf(Sr4jException.class).hasMessageContaining(in.toString())
                    .hasMessageContaining("-Xmx");
        }
        assertThat(Files.exists(out)).isFalse();
    }

    private Path write(Picture picture, String name) {
        Path file = dir.resolve(name);
        ImageEncoder.defaults().write(picture, file);
        return file;
    }

    private static float maxDifference(PlanarImage a, PlanarImage b) {
        assertThat(a.sameShape(b)).as("%s vs %s", a, b).isTrue();
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
