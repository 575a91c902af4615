package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PNG is lossless: encode then decode gives back every sample. The written bytes are also checked
 * on their own, by undoing the PNG filters in the test ({@link PngBytes#samples}), so that the
 * encoder and decoder cannot agree on a mistake.
 */
class PngRoundTripTest {
    private static final ImageEncoder PNG = ImageEncoder.builder().format(ImageFormat.PNG).build();
    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-bit grey={1} alpha={2}")
    @CsvSource({
        "8, false, false, 2",
        "16, false, false, 2",
        "8, true, false, 0",
        "16, true, false, 0",
        "8, false, true, 6",
        "16, false, true, 6",
        "8, true, true, 4",
        "16, true, true, 4",
    })
    void syntheticPicturesComeBackExactly(int bitDepth, boolean grey, boolean alpha, int colourType) {
        Picture original = TestPictures.random(37, 23, bitDepth, grey, alpha, 42L + bitDepth);
        byte[] png = PNG.encode(original);

        PngBytes.Header header = PngBytes.header(png);
        assertThat(header).isEqualTo(new PngBytes.Header(37, 23, bitDepth, colourType));
        assertThat(PngBytes.samples(png)).containsExactly(expectedSamples(original, bitDepth, grey, alpha));

        Picture decoded = decoder.decode(png, "synthetic.png");
        assertThat(decoded.rgb()).isEqualTo(original.rgb());
        assertThat(decoded.alpha()).isEqualTo(original.alpha());
        assertThat(decoded.source().bitDepth()).isEqualTo(bitDepth);
        assertThat(decoded.source().grey()).isEqualTo(grey);
        assertThat(decoded.source().format()).isEqualTo("png");
    }

    @Test
    void sixteenBitTestDataReallyNeedsSixteenBits() {
        // Guards the test above: 16-bit samples that are multiples of 257 would survive 8 bits.
        Picture p = TestPictures.random(37, 23, 16, false, false, 58L);
        long notEightBit = 0;
        for (float v : p.rgb().data()) {
            if (TestPictures.sample(v, 65535) % 257 != 0) {
                notEightBit++;
            }
        }
        assertThat(notEightBit).isGreaterThan(p.rgb().data().length * 9L / 10);
    }

    @Test
    void transparentPixelsKeepTheirColour() {
        // Straight alpha: colour under alpha 0 is data too (premultiplying would turn it black).
        Picture original = TestPictures.random(8, 8, 8, false, true, 7L);
        Picture decoded = decoder.decode(PNG.encode(original), "a.png");
        assertThat(original.alpha().orElseThrow().get(0, 0, 0)).isZero();
        for (int c = 0; c < 3; c++) {
            assertThat(decoded.rgb().get(c, 0, 0)).isEqualTo(original.rgb().get(c, 0, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "coffee.png", "camera.png", "logo.png", "horse.png",
        "palette_color.png", "chessboard_GRAY_U16.tif", "foo3x5x4indexed.png"})
    void realPhotosSurviveAPngRoundTripThroughAFile(String name) throws IOException {
        Picture original = decoder.decode(TestData.skimage(name));
        Path out = dir.resolve(name + ".png");

        ImageEncoder.defaults().write(original, out);
        Picture decoded = decoder.decode(out);

        assertThat(decoded.rgb()).isEqualTo(original.rgb());
        assertThat(decoded.alpha()).isEqualTo(original.alpha());
        PngBytes.Header header = PngBytes.header(Files.readAllBytes(out));
        assertThat(header.bitDepth()).isEqualTo(original.source().bitDepth());
        assertThat(header.colourType() == 0 || header.colourType() == 4).isEqualTo(original.source().grey());
        assertThat(header.colourType() == 4 || header.colourType() == 6).isEqualTo(original.hasAlpha());
    }

    @Test
    void sixteenBitGreyTiffBecomesSixteenBitGreyPng() throws IOException {
        Picture tiff = decoder.decode(TestData.skimage("chessboard_GRAY_U16.tif"));
        assertThat(tiff.source().bitDepth()).isEqualTo(16);
        assertThat(tiff.source().grey()).isTrue();

        Path out = dir.resolve("chessboard.png");
        ImageEncoder.defaults().write(tiff, out);

        byte[] png = Files.readAllBytes(out);
        assertThat(PngBytes.header(png)).isEqualTo(new PngBytes.Header(200, 200, 16, 0));
        int[] samples = PngBytes.samples(png);
        float[] r = tiff.rgb().data();
        for (int i = 0; i < samples.length; i++) {
            assertThat(samples[i]).isEqualTo(TestPictures.sample(r[i], 65535));
        }
    }

    @Test
    void paletteImageDecodesToThePaletteColours() throws IOException {
        // palette_color.png: 8-bit indices, every row with filter type 0 (checked below), so the
        // expected colours come straight from PLTE and the inflated IDAT.
        byte[] file = Files.readAllBytes(TestData.skimage("palette_color.png"));
        PngBytes.Header header = PngBytes.header(file);
        assertThat(header.colourType()).isEqualTo(3);
        assertThat(header.bitDepth()).isEqualTo(8);
        byte[] plte = PngBytes.chunkData(file, "PLTE");
        byte[] raw = PngBytes.inflatedImageData(file);

        Picture picture = decoder.decode(file, "palette_color.png");

        int w = header.width();
        assertThat(picture.width()).isEqualTo(w);
        assertThat(picture.height()).isEqualTo(header.height());
        assertThat(picture.hasAlpha()).isFalse();
        for (int y = 0; y < header.height(); y++) {
            assertThat(raw[y * (w + 1)]).as("filter of row %d", y).isZero();
            for (int x = 0; x < w; x++) {
                int index = raw[y * (w + 1) + 1 + x] & 0xFF;
                for (int c = 0; c < 3; c++) {
                    assertThat(TestPictures.sample(picture.rgb().get(c, x, y), 255))
                            .as("channel %d at (%d,%d), palette index %d", c, x, y, index)
                            .isEqualTo(plte[3 * index + c] & 0xFF);
                }
            }
        }
    }

    @Test
    void fourBitPaletteWithTransparencyIsExpandedPerIndex() {
        // A 4x2 image, 4 bits per index, palette of 3 entries with tRNS for the first two.
        byte[] plte = {(byte) 255, 0, 0, 0, (byte) 128, 0, 10, 20, 30};
        byte[] trns = {0, (byte) 100};
        int[][] indices = {{0, 1, 2, 1}, {2, 2, 0, 1}};
        byte[] raw = new byte[2 * (1 + 2)];
        for (int y = 0; y < 2; y++) {
            raw[y * 3 + 1] = (byte) (indices[y][0] << 4 | indices[y][1]);
            raw[y * 3 + 2] = (byte) (indices[y][2] << 4 | indices[y][3]);
        }
        byte[] png = PngBytes.build(List.of(PngBytes.ihdr(4, 2, 4, 3), new PngBytes.Chunk("PLTE", plte),
                new PngBytes.Chunk("tRNS", trns), new PngBytes.Chunk("IDAT", Deflate.zlib(raw)),
                new PngBytes.Chunk("IEND", new byte[0])));

        Picture p = decoder.decode(png, "indexed4.png");

        assertThat(p.hasAlpha()).isTrue();
        int[] alphaOf = {0, 100, 255}; // entries without a tRNS value are opaque
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                int i = indices[y][x];
                assertThat(TestPictures.sample(p.rgb().get(0, x, y), 255)).isEqualTo(plte[3 * i] & 0xFF);
                assertThat(TestPictures.sample(p.rgb().get(1, x, y), 255)).isEqualTo(plte[3 * i + 1] & 0xFF);
                assertThat(TestPictures.sample(p.rgb().get(2, x, y), 255)).isEqualTo(plte[3 * i + 2] & 0xFF);
                assertThat(TestPictures.sample(p.alpha().orElseThrow().get(0, x, y), 255)).isEqualTo(alphaOf[i]);
            }
        }
    }

    @Test
    void eightBitSourceCanBeWidenedToSixteenBits() {
        Picture original = TestPictures.random(9, 5, 8, false, false, 3L);
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).bitDepth(ImageEncoder.BitDepth.SIXTEEN).build()
                .encode(original);
        assertThat(PngBytes.header(png).bitDepth()).isEqualTo(16);
        int[] samples = PngBytes.samples(png);
        PlanarImage rgb = original.rgb();
        for (int i = 0; i < samples.length; i++) {
            int pixel = i / 3;
            int channel = i % 3;
            // v = k/255 widened: k/255 * 65535 = 257 k exactly.
            assertThat(samples[i]).isEqualTo(257 * TestPictures.sample(rgb.data()[channel * 45 + pixel], 255));
        }
        assertThat(decoder.decode(png, "wide.png").rgb()).isEqualTo(original.rgb());
    }

    @Test
    void sixteenBitSourceCanBeNarrowedToEightBits() {
        Picture original = TestPictures.random(9, 5, 16, true, false, 4L);
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).bitDepth(ImageEncoder.BitDepth.EIGHT).build()
                .encode(original);
        assertThat(PngBytes.header(png)).isEqualTo(new PngBytes.Header(9, 5, 8, 0));
        int[] samples = PngBytes.samples(png);
        for (int i = 0; i < samples.length; i++) {
            double v = original.rgb().data()[i];
            assertThat(samples[i]).isEqualTo((int) Math.floor(v * 255 + 0.5));
        }
    }

    /** Interleaved integer samples as the PNG should hold them. */
    private static int[] expectedSamples(Picture p, int bitDepth, boolean grey, boolean alpha) {
        int max = (1 << bitDepth) - 1;
        int n = p.width() * p.height();
        int channels = (grey ? 1 : 3) + (alpha ? 1 : 0);
        int[] out = new int[n * channels];
        float[] rgb = p.rgb().data();
        for (int i = 0; i < n; i++) {
            int o = i * channels;
            if (grey) {
                out[o++] = TestPictures.sample(rgb[i], max);
            } else {
                for (int c = 0; c < 3; c++) {
                    out[o++] = TestPictures.sample(rgb[c * n + i], max);
                }
            }
            if (alpha) {
                out[o] = TestPictures.sample(p.alpha().orElseThrow().data()[i], max);
            }
        }
        return out;
    }
}
