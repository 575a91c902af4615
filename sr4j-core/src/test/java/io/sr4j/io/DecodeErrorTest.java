package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sr4j.Sr4jException;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecodeException.Reason;
import io.sr4j.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets an {@link ImageDecodeException} that names the file and says what is wrong. */
class DecodeErrorTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    @Test
    void truncatedJpegFromTheTestPhotos() {
        Path file = TestData.skimage("truncated.jpg");
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(file));
        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.getMessage()).startsWith(file + ": truncated JPEG data");
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e).isInstanceOf(Sr4jException.class);
    }

    @Test
    void jpegCutInTheMiddleOfTheScan() throws IOException {
        // libjpeg only warns about a short scan and fills the rest with grey; sr4j refuses it.
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).build()
                .encode(decoder.decode(TestData.skimage("astronaut.png")));
        Path file = write("photo.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));

        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(file));

        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.getMessage()).startsWith(file + ": truncated JPEG data");
    }

    @Test
    void pngCutAnywhereIsReportedAsTruncated() throws IOException {
        byte[] png = Files.readAllBytes(TestData.skimage("astronaut.png"));
        // In the header, in the iCCP chunk, in the image data, and just before IEND.
        for (int length : new int[] {20, 60, 5000, png.length / 2, png.length - 12}) {
            Path file = write("cut" + length + ".png", Arrays.copyOf(png, length));
            ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(file));
            assertThat(e.reason()).as("cut at %d", length).isEqualTo(Reason.TRUNCATED);
            assertThat(e.getMessage()).isEqualTo(file + ": truncated PNG data");
            assertThat(e.getCause()).isNotNull();
        }
    }

    @Test
    void truncatedPngFromAStreamOfUnknownLength() throws IOException {
        byte[] png = Files.readAllBytes(TestData.skimage("coffee.png"));
        byte[] cut = Arrays.copyOf(png, png.length * 2 / 3);
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class,
                () -> decoder.decode(new ByteArrayInputStream(cut), "upload.png"));
        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.getMessage()).isEqualTo("upload.png: truncated PNG data");
    }

    @Test
    void zeroByteFile() throws IOException {
        Path file = write("empty.png", new byte[0]);
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(ImageDecodeException.class)
                .hasMessage(file + ": empty file (0 bytes), not an image")
                .extracting(t -> ((ImageDecodeException) t).reason()).isEqualTo(Reason.EMPTY);
    }

    @Test
    void textFileNamedPng() throws IOException {
        Path file = write("notes.png", "Shopping list: milk, eggs\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> decoder.decode(file)).isInstanceOf(ImageDecodeException.class)
                .hasMessage(file + ": not an image (unrecognised header)")
                .extracting(t -> ((ImageDecodeException) t).reason()).isEqualTo(Reason.NOT_AN_IMAGE);
    }

    @Test
    void formatComesFromTheBytesNotTheExtension() throws IOException {
        Path file = write("really-a-png.jpg", Files.readAllBytes(TestData.skimage("camera.png")));
        Picture p = decoder.decode(file);
        assertThat(p.source().format()).isEqualTo("png");
        assertThat(p.width()).isEqualTo(512);
    }

    @Test
    void pngHeaderClaimingTenGigapixelsIsRefusedBeforeAllocating() throws IOException {
        // A valid IHDR (correct CRC) for 100000 x 100000 RGB followed by a tiny IDAT. Decoding it
        // would need 120 GB of floats; the header check must refuse it first.
        byte[] png = PngBytes.build(List.of(PngBytes.ihdr(100_000, 100_000, 8, 2),
                new PngBytes.Chunk("IDAT", Deflate.zlib(new byte[100])), new PngBytes.Chunk("IEND", new byte[0])));
        Path file = write("big.png", png);

        ImageTooLargeException e = catchThrowableOfType(ImageTooLargeException.class, () -> decoder.decode(file));

        assertThat(e.getMessage()).isEqualTo(file + ": 100000x100000 = 10000 Mpx exceeds the limit of 200 Mpx");
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(e.width()).isEqualTo(100_000);
        assertThat(e.height()).isEqualTo(100_000);
        assertThat(e.limit()).isEqualTo(ImageDecoder.DEFAULT_MAX_PIXELS);
    }

    @Test
    void beyondWhatOneArrayHoldsIsRefusedEvenWithoutALimit() {
        byte[] png = PngBytes.build(List.of(PngBytes.ihdr(100_000, 100_000, 8, 2),
                new PngBytes.Chunk("IDAT", Deflate.zlib(new byte[100])), new PngBytes.Chunk("IEND", new byte[0])));
        assertThatThrownBy(() -> new ImageDecoder(Long.MAX_VALUE).decode(png, "big.png"))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageStartingWith("big.png: 100000x100000 = 10000 Mpx is more than one image can hold");
    }

    @Test
    void jpegHeaderAboveTheLimitIsRefused() {
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).build()
                .encode(TestPictures.random(16, 16, 8, false, false, 1L));
        // Rewrite the SOF0 frame size to 60000 x 50000.
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        jpeg[sof + 5] = (byte) (50000 >> 8);
        jpeg[sof + 6] = (byte) (50000 & 0xFF);
        jpeg[sof + 7] = (byte) (60000 >> 8);
        jpeg[sof + 8] = (byte) (60000 & 0xFF);
        assertThatThrownBy(() -> decoder.decode(jpeg, "huge.jpg")).isInstanceOf(ImageTooLargeException.class)
                .hasMessage("huge.jpg: 60000x50000 = 3000 Mpx exceeds the limit of 200 Mpx");
    }

    @ParameterizedTest
    @CsvSource({"10000000000, 10000", "200000000, 200", "716000000, 716", "12500000, 12.5", "5000, 0.005",
        "4999, 0.005", "1234567, 1.23", "100, 0.0001"})
    void megapixelsInMessages(long pixels, String expected) {
        assertThat(ImageDecoder.megapixels(pixels)).isEqualTo(expected);
    }

    @Test
    void tiffAndBmpSizesAreCheckedToo() {
        byte[] tiff = ExifOrientationTest.rgbTiff(60_000, 50_000, new byte[3], 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> decoder.decode(tiff, "huge.tif")).isInstanceOf(ImageTooLargeException.class)
                .hasMessage("huge.tif: 60000x50000 = 3000 Mpx exceeds the limit of 200 Mpx");

        // Java's BMP reader checks a header against the file length itself, so the limit is
        // exercised with a real (small) BMP and a small limit.
        byte[] bmp = ImageEncoder.builder().format(ImageFormat.BMP).build()
                .encode(TestPictures.random(100, 50, 8, false, false, 2L));
        assertThatThrownBy(() -> new ImageDecoder(4_999).decode(bmp, "small.bmp"))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessage("small.bmp: 100x50 = 5000 px exceeds the limit of 4999 px");
    }

    @Test
    void limitIsConfigurable() {
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build()
                .encode(TestPictures.random(100, 50, 8, false, false, 2L));
        ImageDecoder small = new ImageDecoder(4_999);
        assertThatThrownBy(() -> small.decode(png, "a.png")).isInstanceOf(ImageTooLargeException.class)
                .hasMessage("a.png: 100x50 = 5000 px exceeds the limit of 4999 px");
        assertThat(new ImageDecoder(5_000).decode(png, "a.png").width()).isEqualTo(100);
        assertThatThrownBy(() -> new ImageDecoder(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "38425053000100000000000000030000, Photoshop PSD",
        "0000001c667479706865696300000000, HEIF/HEIC",
        "00000020667479706176696600000000, AVIF",
        "716f6966000001000000010004000000, QOI",
        "ff0a0000000000000000000000000000, JPEG XL",
        "255044462d312e340a25000000000000, PDF",
    })
    void recognisedButUnsupportedFormatsAreNamed(String hexHeader, String formatName) throws IOException {
        byte[] bytes = Arrays.copyOf(HexFormat.of().parseHex(hexHeader), 64);
        Path file = write("picture.png", bytes);
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(file));
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(e.getMessage()).isEqualTo(file + ": " + formatName
                + " images are not supported (sr4j reads PNG, JPEG, BMP, GIF, TIFF and WebP)");
    }

    @Test
    void garbageAfterAValidSignatureIsCorrupt() throws IOException {
        byte[] png = Arrays.copyOf(Files.readAllBytes(TestData.skimage("camera.png")), 400);
        for (int i = 33; i < png.length; i++) {
            png[i] = (byte) (i * 7);
        }
        Path file = write("scrambled.png", png);
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(file));
        assertThat(e.getMessage()).startsWith(file + ": ");
        assertThat(e.reason()).isIn(Reason.CORRUPT, Reason.TRUNCATED);
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.png");
        assertThatThrownBy(() -> decoder.decode(missing)).isInstanceOf(ImageDecodeException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> decoder.decode(dir)).isInstanceOf(ImageDecodeException.class)
                .hasMessage(dir + ": is a directory, not an image file")
                .extracting(t -> ((ImageDecodeException) t).reason()).isEqualTo(Reason.UNREADABLE);
    }

    @Test
    void pathBytesAndStreamDecodeTheSame() throws IOException {
        Path file = TestData.skimage("logo.png");
        byte[] bytes = Files.readAllBytes(file);
        Picture fromPath = decoder.decode(file);
        Picture fromBytes = decoder.decode(bytes, "logo.png");
        Picture fromStream = decoder.decode(new ByteArrayInputStream(bytes), "logo.png");
        assertThat(fromBytes.rgb()).isEqualTo(fromPath.rgb());
        assertThat(fromStream.rgb()).isEqualTo(fromPath.rgb());
        assertThat(fromStream.alpha()).isEqualTo(fromPath.alpha());
    }

    @Test
    void decodingNeverChangesTheInputAndWorksOnReadOnlyFiles() throws IOException {
        Path file = write("ro.png", Files.readAllBytes(TestData.skimage("coffee.png")));
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertThat(file.toFile().setReadOnly()).isTrue();

        decoder.decode(file);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(Files.list(dir)).containsExactly(file);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
