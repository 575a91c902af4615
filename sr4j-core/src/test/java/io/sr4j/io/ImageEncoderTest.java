package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageEncoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    @Test
    void jpegQualityChangesFileSizeMonotonically() {
        Picture photo = decoder.decode(TestData.skimage("astronaut.png"));
        int[] qualities = {5, 20, 40, 60, 80, 90, 95, 100};
        long[] sizes = new long[qualities.length];
        double[] psnr = new double[qualities.length];
        for (int i = 0; i < qualities.length; i++) {
            byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).jpegQuality(qualities[i]).build().encode(photo);
            sizes[i] = jpeg.length;
            psnr[i] = psnr(photo.rgb(), decoder.decode(jpeg, "q" + qualities[i] + ".jpg").rgb());
        }
        for (int i = 1; i < qualities.length; i++) {
            assertThat(sizes[i]).as("size at quality %d vs %d", qualities[i], qualities[i - 1])
                    .isGreaterThan(sizes[i - 1]);
            assertThat(psnr[i]).as("PSNR at quality %d vs %d", qualities[i], qualities[i - 1])
                    .isGreaterThan(psnr[i - 1]);
        }
        assertThat(psnr[0]).isGreaterThan(20);
        assertThat(psnr[qualities.length - 1]).isGreaterThan(38); // measured 40.3 dB at quality 100
    }

    @ParameterizedTest
    @CsvSource({"out.png, PNG", "OUT.PNG, PNG", "out.jpg, JPEG", "out.jpeg, JPEG", "out.JPG, JPEG", "out.bmp, BMP"})
    void formatComesFromTheExtension(String fileName, ImageFormat expected) throws IOException {
        Path out = dir.resolve(fileName);
        ImageEncoder.defaults().write(TestPictures.random(10, 6, 8, false, false, 1L), out);
        assertThat(magic(Files.readAllBytes(out))).isEqualTo(expected);
    }

    @Test
    void explicitFormatWinsOverTheExtension() throws IOException {
        Path out = dir.resolve("actually-png.jpg");
        ImageEncoder.builder().format(ImageFormat.PNG).build().write(TestPictures.random(4, 4, 8, false, false, 1L), out);
        assertThat(magic(Files.readAllBytes(out))).isEqualTo(ImageFormat.PNG);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "out.xyz | unknown output format '.xyz' (use .png, .jpg, .webp or .bmp, or choose the format explicitly)",
        "out | no file extension to choose the output format from (use .png, .jpg, .webp or .bmp, or choose the format explicitly)",
        "out.gif | sr4j cannot write GIF files (it writes PNG, JPEG, WebP and BMP)",
        "out.tiff | sr4j cannot write TIFF files (it writes PNG, JPEG, WebP and BMP)",
    })
    void unwritableExtensionsAreRefusedWithoutCreatingAFile(String fileName, String problem) throws IOException {
        Path out = dir.resolve(fileName);
        assertThatThrownBy(() -> ImageEncoder.defaults().write(TestPictures.random(4, 4, 8, false, false, 1L), out))
                .isInstanceOf(ImageEncodeException.class)
                .hasMessage(out + ": " + problem);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void contradictorySettingsAreRefused() {
        assertThatThrownBy(() -> ImageEncoder.builder().format(ImageFormat.JPEG)
                .bitDepth(ImageEncoder.BitDepth.SIXTEEN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16-bit output needs PNG");
        assertThatThrownBy(() -> ImageEncoder.builder().jpegQuality(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JPEG quality must be 1..100, got 0");
        assertThatThrownBy(() -> ImageEncoder.builder().jpegQuality(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageEncoder.builder().format(ImageFormat.TIFF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot write TIFF");
        assertThatThrownBy(() -> ImageEncoder.builder().background(0x1000000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageEncoder.defaults().encode(TestPictures.random(2, 2, 8, false, false, 1L)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("explicit format");

        Path jpg = dir.resolve("deep.jpg");
        ImageEncoder sixteen = ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SIXTEEN).build();
        assertThatThrownBy(() -> sixteen.write(TestPictures.random(2, 2, 16, false, false, 1L), jpg))
                .isInstanceOf(ImageEncodeException.class)
                .hasMessage(jpg + ": JPEG holds 8-bit samples only; 16-bit output needs PNG");
    }

    @Test
    void quantisationRoundsHalfUpAndClamps() {
        float[] values = {-1f, -0.001f, 0f, 0.49f / 255, 0.51f / 255, 1.5f / 255, 127.499f / 255, 127.5001f / 255,
            254.49f / 255, 254.51f / 255, 1f, 1.0001f, 7f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        PlanarImage rgb = new PlanarImage(values.length, 1, 3);
        for (int c = 0; c < 3; c++) {
            System.arraycopy(values, 0, rgb.data(), c * values.length, values.length);
        }
        for (int depth : new int[] {8, 16}) {
            double max = depth == 8 ? 255 : 65535;
            Picture p = new Picture(rgb, null, new SourceInfo("memory", depth, false, Optional.empty(), 1));
            int[] samples = PngBytes.samples(ImageEncoder.builder().format(ImageFormat.PNG).build().encode(p));
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                // clamp(floor(v * max + 0.5)), NaN as 0
                int expected = Double.isNaN(v) ? 0 : (int) Math.max(0, Math.min(max, Math.floor(v * max + 0.5)));
                assertThat(samples[3 * i]).as("%s at %d bits", values[i], depth).isEqualTo(expected);
            }
        }
    }

    @Test
    void jpegCompositesAlphaOverTheBackground() {
        // Red everywhere; alpha 0 in the left third, 0.5 in the middle, 1 in the right third.
        int w = 48;
        int h = 16;
        PlanarImage rgb = new PlanarImage(w, h, 3);
        PlanarImage alpha = new PlanarImage(w, h, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb.set(0, x, y, 1f);
                alpha.set(0, x, y, x < 16 ? 0f : x < 32 ? 0.5f : 1f);
            }
        }
        Picture p = new Picture(rgb, alpha, SourceInfo.synthetic());

        Picture white = decoder.decode(ImageEncoder.builder().format(ImageFormat.JPEG).jpegQuality(95).build()
                .encode(p), "white.jpg");
        Picture black = decoder.decode(ImageEncoder.builder().format(ImageFormat.JPEG).jpegQuality(95)
                .background(0x000000).build().encode(p), "black.jpg");

        assertThat(white.hasAlpha()).isFalse();
        assertRgb(white, 8, 8, 1f, 1f, 1f);       // transparent: the background
        assertRgb(white, 24, 8, 1f, 0.5f, 0.5f);  // half: an even mix
        assertRgb(white, 40, 8, 1f, 0f, 0f);      // opaque: the colour
        assertRgb(black, 8, 8, 0f, 0f, 0f);
        assertRgb(black, 24, 8, 0.5f, 0f, 0f);
        assertRgb(black, 40, 8, 1f, 0f, 0f);
    }

    @Test
    void bmpIsLosslessForEightBitRgbAndGrey() {
        ImageEncoder bmp = ImageEncoder.builder().format(ImageFormat.BMP).build();
        for (boolean grey : new boolean[] {false, true}) {
            Picture original = TestPictures.random(13, 7, 8, grey, false, 5L);
            byte[] bytes = bmp.encode(original);
            assertThat(magic(bytes)).isEqualTo(ImageFormat.BMP);
            Picture decoded = decoder.decode(bytes, "x.bmp");
            assertThat(decoded.rgb()).isEqualTo(original.rgb());
            assertThat(decoded.source().grey()).isEqualTo(grey);
        }
    }

    @Test
    void greyStaysGreyInPngAndJpeg() {
        Picture camera = decoder.decode(TestData.skimage("camera.png"));
        assertThat(camera.source().grey()).isTrue();

        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(camera);
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).build().encode(camera);

        assertThat(PngBytes.header(png).colourType()).isZero();
        assertThat(jpegComponents(jpeg)).isEqualTo(1);
        assertThat(decoder.decode(jpeg, "camera.jpg").source().grey()).isTrue();
    }

    @Test
    void colourPictureMarkedGreyIsWrittenAsItsLuma() {
        PlanarImage rgb = new PlanarImage(1, 1, 3, new float[] {1f, 0f, 0f});
        Picture p = new Picture(rgb, null, new SourceInfo("memory", 8, true, Optional.empty(), 1));
        int[] samples = PngBytes.samples(ImageEncoder.builder().format(ImageFormat.PNG).build().encode(p));
        assertThat(samples).containsExactly(76); // BT.601: 0.299 * 255 = 76.2
    }

    @Test
    void sixteenBitSourceGivesSixteenBitPngAndEightBitJpeg() throws IOException {
        // A smooth 16-bit gradient (random noise would not survive JPEG's chroma subsampling).
        int w = 64;
        int h = 32;
        PlanarImage rgb = new PlanarImage(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb.set(0, x, y, (x * 1000 + 7) / 65535f);
                rgb.set(1, x, y, (y * 2000 + 13) / 65535f);
                rgb.set(2, x, y, ((x + y) * 600 + 1) / 65535f);
            }
        }
        Picture deep = new Picture(rgb, null, new SourceInfo("memory", 16, false, Optional.empty(), 1));
        Path png = dir.resolve("deep.png");
        Path jpg = dir.resolve("deep.jpg");
        ImageEncoder.defaults().write(deep, png);
        ImageEncoder.builder().jpegQuality(100).build().write(deep, jpg);

        assertThat(PngBytes.header(Files.readAllBytes(png)).bitDepth()).isEqualTo(16);
        assertThat(decoder.decode(png).rgb()).isEqualTo(deep.rgb());
        Picture fromJpeg = decoder.decode(jpg);
        assertThat(fromJpeg.source().bitDepth()).isEqualTo(8);
        assertThat(psnr(deep.rgb(), fromJpeg.rgb())).isGreaterThan(40);
    }

    @Test
    void iccProfileIsCarriedThroughPngAndJpeg() throws IOException {
        byte[] file = Files.readAllBytes(TestData.skimage("astronaut.png"));
        byte[] profile = iccpProfile(file);
        Picture photo = decoder.decode(file, "astronaut.png");
        assertThat(photo.source().iccProfile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(profile));

        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(photo);
        assertThat(iccpProfile(png)).isEqualTo(profile);
        assertThat(PngBytes.chunkTypes(png)).doesNotContain("sRGB"); // iCCP and sRGB must not both appear

        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).jpegQuality(98).build().encode(photo);
        Picture fromJpeg = decoder.decode(jpeg, "astronaut.jpg");
        assertThat(fromJpeg.source().iccProfile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(profile));
        // The samples are stored as they were, not converted into or out of the profile.
        assertThat(psnr(photo.rgb(), fromJpeg.rgb())).isGreaterThan(38);

        byte[] untagged = ImageEncoder.builder().format(ImageFormat.PNG).keepIccProfile(false).build().encode(photo);
        assertThat(PngBytes.chunkTypes(untagged)).doesNotContain("iCCP");
    }

    @Test
    void profileOfAnotherColourTypeIsNotWritten() throws IOException {
        byte[] rgbProfile = iccpProfile(Files.readAllBytes(TestData.skimage("astronaut.png")));
        Picture grey = new Picture(TestPictures.random(4, 4, 8, true, false, 1L).rgb(), null,
                new SourceInfo("png", 8, true, Optional.of(rgbProfile), 1));
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(grey);
        assertThat(PngBytes.chunkTypes(png)).doesNotContain("iCCP");
        assertThat(PngBytes.header(png).colourType()).isZero();
    }

    @Test
    void encodingLeavesThePictureUnchanged() {
        Picture p = TestPictures.random(16, 16, 8, false, true, 2L);
        float[] rgb = p.rgb().data().clone();
        float[] alpha = p.alpha().orElseThrow().data().clone();
        ImageEncoder.builder().format(ImageFormat.JPEG).build().encode(p);
        ImageEncoder.builder().format(ImageFormat.PNG).build().encode(p);
        assertThat(p.rgb().data()).containsExactly(rgb);
        assertThat(p.alpha().orElseThrow().data()).containsExactly(alpha);
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNothingElse() throws IOException {
        Path out = dir.resolve("photo.png");
        Files.write(out, "old content".getBytes());
        Picture p = TestPictures.random(8, 8, 8, false, false, 3L);

        ImageEncoder.defaults().write(p, out);

        assertThat(decoder.decode(out).rgb()).isEqualTo(p.rgb());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void writeIntoAMissingDirectoryFailsAndCreatesNothing() {
        Path out = dir.resolve("no-such-dir").resolve("photo.png");
        assertThatThrownBy(() -> ImageEncoder.defaults().write(TestPictures.random(4, 4, 8, false, false, 1L), out))
                .isInstanceOf(ImageEncodeException.class)
                .hasMessage(out + ": output directory does not exist");
        assertThat(out.getParent()).doesNotExist();
    }

    @Test
    void writeOverADirectoryFailsAndLeavesItAlone() throws IOException {
        Path out = Files.createDirectory(dir.resolve("taken.png"));
        assertThatThrownBy(() -> ImageEncoder.defaults().write(TestPictures.random(4, 4, 8, false, false, 1L), out))
                .isInstanceOf(ImageEncodeException.class)
                .hasMessageStartingWith(out + ": ");
        assertThat(out).isDirectory();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void writeIntoAReadOnlyDirectoryFailsAndLeavesNoFile() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assertThat(ro.toFile().setWritable(false, false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro),
                    "running as a user that can write anywhere (root); covered by AtomicFilesTest instead");
            Path out = ro.resolve("photo.png");
            assertThatThrownBy(() -> ImageEncoder.defaults().write(TestPictures.random(4, 4, 8, false, false, 1L), out))
                    .isInstanceOf(ImageEncodeException.class)
                    .hasMessage(out + ": cannot write there (permission denied)");
            try (var files = Files.list(ro)) {
                assertThat(files).isEmpty();
            }
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp"})
    void encodeToStreamMatchesTheFileWrite(String id) throws IOException {
        ImageFormat format = ImageFormat.fromName(id).orElseThrow();
        Picture p = TestPictures.random(12, 9, 8, false, false, 4L);
        Path out = dir.resolve("x." + format.extensions().get(0));
        ImageEncoder encoder = ImageEncoder.builder().format(format).build();
        encoder.write(p, out);
        assertThat(Files.readAllBytes(out)).isEqualTo(encoder.encode(p));
    }

    private static void assertRgb(Picture p, int x, int y, float r, float g, float b) {
        float tolerance = 6f / 255;
        assertThat(p.rgb().get(0, x, y)).as("red at (%d,%d)", x, y).isCloseTo(r, within(tolerance));
        assertThat(p.rgb().get(1, x, y)).as("green at (%d,%d)", x, y).isCloseTo(g, within(tolerance));
        assertThat(p.rgb().get(2, x, y)).as("blue at (%d,%d)", x, y).isCloseTo(b, within(tolerance));
    }

    /** PSNR in dB over all samples, peak 1. */
    static double psnr(PlanarImage a, PlanarImage b) {
        assertThat(b.sameShape(a)).isTrue();
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            sum += d * d;
        }
        return 10 * Math.log10(1 / (sum / a.data().length));
    }

    /** The format by signature bytes, checked here independently of {@link ImageFormat#sniff}. */
    private static ImageFormat magic(byte[] b) {
        if (Arrays.equals(Arrays.copyOf(b, 8), PngBytes.SIGNATURE)) {
            return ImageFormat.PNG;
        }
        if ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (b[0] == 'B' && b[1] == 'M') {
            return ImageFormat.BMP;
        }
        throw new AssertionError("unknown signature");
    }

    /** Number of components in the JPEG's SOF0/SOF2 frame header. */
    private static int jpegComponents(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length) {
            int marker = jpeg[i + 1] & 0xFF;
            int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
            if (marker == 0xC0 || marker == 0xC2) {
                return jpeg[i + 9] & 0xFF;
            }
            i += 2 + length;
        }
        throw new AssertionError("no SOF");
    }

    /** The ICC profile in a PNG's iCCP chunk: name, NUL, method 0, zlib data. */
    private static byte[] iccpProfile(byte[] png) {
        byte[] chunk = PngBytes.chunkData(png, "iCCP");
        int nul = 0;
        while (chunk[nul] != 0) {
            nul++;
        }
        return PngBytes.inflate(Arrays.copyOfRange(chunk, nul + 2, chunk.length));
    }
}
