package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.testing.TestData;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebP output (libwebp through webp-imageio), read back with the TwelveMonkeys decoder sr4j uses
 * for input: lossless is bit-exact, lossy keeps a real photo above 35 dB, alpha and metadata
 * survive.
 */
class WebpEncodeTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void libwebpLoadsOnThisMachine() {
        assertThat(WebpWriting.unavailableReason()).isEmpty();
    }

    @Test
    void losslessRgbIsBitExact() {
        Picture noise = Picture.of(randomCodes(97, 61, 3, 1));
        byte[] webp = encoder().lossless(true).build().encode(noise);

        assertThat(chunkTypes(webp)).containsKey("VP8L");
        assertThat(decoder.decode(webp, "noise.webp").rgb().data()).containsExactly(noise.rgb().data());
    }

    @Test
    void losslessRgbaIsBitExactIncludingColourUnderTransparentPixels() {
        PlanarImage rgb = randomCodes(64, 40, 3, 2);
        PlanarImage alpha = randomCodes(64, 40, 1, 3);
        float[] a = alpha.data();
        for (int i = 0; i < a.length; i += 3) {
            a[i] = 0f; // fully transparent pixels whose colour libwebp would otherwise rewrite
        }
        Picture picture = new Picture(rgb, alpha, SourceInfo.synthetic());
        Picture back = decoder.decode(encoder().lossless(true).build().encode(picture), "rgba.webp");

        assertThat(back.alpha()).isPresent();
        assertThat(back.alpha().orElseThrow().data()).containsExactly(alpha.data());
        assertThat(back.rgb().data()).containsExactly(rgb.data());
    }

    @Test
    void lossyQuality90KeepsARealPhotoAbove35dBAndLowerQualityIsSmaller() {
        PlanarImage photo = TestPhotos.crop("astronaut.png", 96, 32, 256, 256);
        byte[] q90 = encoder().quality(90).build().encode(Picture.of(photo));
        byte[] q50 = encoder().quality(50).build().encode(Picture.of(photo));

        assertThat(chunkTypes(q90)).containsKey("VP8 ");
        double psnr = QualityMetrics.psnr(photo, decoder.decode(q90, "q90.webp").rgb(),
                MetricOptions.defaults().withChannel(MetricOptions.Channel.RGB));
        assertThat(psnr).isGreaterThan(35.0);
        assertThat(q50.length).isLessThan(q90.length);
    }

    @Test
    void lossyKeepsAlpha() {
        PlanarImage photo = TestPhotos.crop("astronaut.png", 96, 32, 128, 96);
        PlanarImage alpha = new PlanarImage(128, 96, 1);
        float[] a = alpha.data();
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 128; x++) {
                a[y * 128 + x] = x < 64 ? 0f : 1f; // half transparent, half opaque
            }
        }
        byte[] webp = encoder().quality(80).build().encode(new Picture(photo, alpha, SourceInfo.synthetic()));

        assertThat(chunkTypes(webp)).containsKeys("VP8X", "ALPH", "VP8 ");
        float[] back = decoder.decode(webp, "alpha.webp").alpha().orElseThrow().data();
        assertThat(back[40 * 128 + 10]).isZero();
        assertThat(back[40 * 128 + 100]).isEqualTo(1f);
    }

    @Test
    void greyIsWrittenAsEqualRgbPlanes() {
        PlanarImage grey = randomCodes(30, 20, 1, 4);
        float[] planes = new float[3 * 600];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(grey.data(), 0, planes, c * 600, 600);
        }
        Picture picture = new Picture(new PlanarImage(30, 20, 3, planes), null, SourceInfo.synthetic().withGrey(true));
        Picture back = decoder.decode(encoder().lossless(true).build().encode(picture), "grey.webp");
        assertThat(back.rgb().data()).containsExactly(planes);
    }

    /**
     * ICC, EXIF and XMP go into ICCP / EXIF / "XMP " chunks announced by VP8X; TwelveMonkeys reads
     * the profile (it converts Adobe RGB to sRGB, so a mid colour comes back changed) and the
     * metadata scanner finds EXIF and XMP again. Lossy, lossy+alpha and lossless files all get the
     * extended layout.
     */
    @Test
    void iccExifAndXmpAreCarriedInTheExtendedLayout() throws IOException {
        byte[] adobe = Files.readAllBytes(TestData.iccProfile("AdobeRGB1998.icc"));
        ImageMetadata hubble = decoder.decode(TestData.skimage("hubble_deep_field.jpg")).source().metadata();
        // A mid colour inside both gamuts: the Adobe RGB to sRGB conversion changes it visibly.
        PlanarImage colour = new PlanarImage(16, 16, 3);
        Arrays.fill(colour.data(), 0, 256, 0.2f);
        Arrays.fill(colour.data(), 256, 512, 0.6f);
        Arrays.fill(colour.data(), 512, 768, 0.3f);
        SourceInfo tagged = new SourceInfo("png", 8, false, Optional.of(adobe), 1,
                new ImageMetadata(hubble.exif(), hubble.xmp(), adobe));

        for (boolean lossless : new boolean[] {false, true}) {
            byte[] webp = encoder().lossless(lossless).build().encode(new Picture(colour, null, tagged));
            Map<String, byte[]> chunks = chunkTypes(webp);
            assertThat(chunks.keySet()).startsWith("VP8X", "ICCP").contains("EXIF", "XMP ");
            assertThat(chunks.get("VP8X")[0] & 0x3C).isEqualTo(0x20 | 0x08 | 0x04); // ICC, EXIF, XMP; no alpha
            assertThat(chunks.get("ICCP")).isEqualTo(adobe);

            Picture back = decoder.decode(webp, "tagged.webp");
            assertThat(back.width()).isEqualTo(16);
            assertThat(new String(back.source().metadata().exif(), StandardCharsets.ISO_8859_1))
                    .contains("Adobe Photoshop CS5 Macintosh");
            assertThat(back.source().metadata().xmp()).isEqualTo(hubble.xmp());
            assertThat(maxDifference(back.rgb(), colour)).as("converted from Adobe RGB by the reader").isGreaterThan(0.03f);
        }

        byte[] untagged = encoder().build().encode(Picture.of(colour));
        assertThat(chunkTypes(untagged).keySet()).containsExactly("VP8 ");
        assertThat(maxDifference(decoder.decode(untagged, "plain.webp").rgb(), colour)).isLessThan(0.03f);
    }

    @Test
    void theExtensionChoosesWebpAndTheFileIsWrittenAtomically(@TempDir Path dir) {
        Path target = dir.resolve("out.WEBP");
        ImageEncoder.defaults().write(Picture.of(randomCodes(8, 8, 3, 5)), target);
        assertThat(ImageFormat.sniff(readHead(target), 16)).contains(ImageFormat.WEBP);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sixteenBitWebpIsRefused() {
        assertThatThrownBy(() -> ImageEncoder.builder().format(ImageFormat.WEBP)
                .bitDepth(ImageEncoder.BitDepth.SIXTEEN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16-bit output needs PNG");
    }

    private static ImageEncoder.Builder encoder() {
        return ImageEncoder.builder().format(ImageFormat.WEBP);
    }

    /** Random 8-bit codes as floats (code / 255), so that a bit-exact round trip compares equal. */
    private static PlanarImage randomCodes(int w, int h, int channels, long seed) {
        Random random = new Random(seed);
        PlanarImage image = new PlanarImage(w, h, channels);
        float[] d = image.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextInt(256) / 255f;
        }
        return image;
    }

    /** The top-level chunks of a RIFF WebP file, in order, with their payloads. */
    private static Map<String, byte[]> chunkTypes(byte[] webp) {
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(le32(webp, 4)).isEqualTo(webp.length - 8);
        Map<String, byte[]> chunks = new LinkedHashMap<>();
        int at = 12;
        while (at + 8 <= webp.length) {
            int size = le32(webp, at + 4);
            chunks.put(new String(webp, at, 4, StandardCharsets.US_ASCII),
                    Arrays.copyOfRange(webp, at + 8, at + 8 + size));
            at += 8 + size + (size & 1);
        }
        assertThat(at).as("chunks fill the file exactly").isEqualTo(webp.length);
        return chunks;
    }

    private static float maxDifference(PlanarImage a, PlanarImage b) {
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    private static int le32(byte[] d, int at) {
        return (d[at] & 0xFF) | (d[at + 1] & 0xFF) << 8 | (d[at + 2] & 0xFF) << 16 | (d[at + 3] & 0xFF) << 24;
    }

    private static byte[] readHead(Path file) {
        try {
            return Arrays.copyOf(Files.readAllBytes(file), 16);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
