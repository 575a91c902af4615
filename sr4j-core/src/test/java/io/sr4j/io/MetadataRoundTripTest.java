package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EXIF and XMP read from real files and written to PNG, JPEG and WebP (scikit-image's photos from Debian). */
class MetadataRoundTripTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void realJpegExifAndXmpAreRead() {
        ImageMetadata meta = decoder.decode(TestData.skimage("hubble_deep_field.jpg")).source().metadata();
        assertThat(latin1(meta.exif())).contains("Adobe Photoshop CS5 Macintosh").contains("2012-09-17T15:53:45");
        assertThat(meta.xmp()).contains("xmp:CreatorTool=\"Adobe Photoshop CS5 Macintosh\"");
        assertThat(XmpPackets.isWellFormed(meta.xmp())).isTrue();
        assertThat(decoder.decode(TestData.skimage("chelsea.png")).source().metadata().xmp()).contains("x:xmpmeta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "webp"})
    void exifAndXmpWithTheProvenanceNoteSurviveAWrite(String format) {
        Picture photo = decoder.decode(TestData.skimage("hubble_deep_field.jpg"));
        ImageMetadata source = photo.source().metadata();
        Provenance note = new Provenance("sr4j test", "realesrgan-x4fast", "ab".repeat(32), "4", 512,
                Instant.parse("2026-11-02T10:00:00Z"));
        Picture described = photo.withSource(photo.source().withMetadata(
                source.withXmp(XmpPackets.withProvenance(source.xmp(), note))));
        ImageFormat target = ImageFormat.fromName(format).orElseThrow();
        byte[] written = ImageEncoder.builder().format(target).build().encode(described);

        ImageMetadata back = decoder.decode(written, "out." + format).source().metadata();
        assertThat(latin1(back.exif())).contains("Adobe Photoshop CS5 Macintosh").contains("2012-09-17T15:53:45");
        assertThat(back.xmp()).contains("Adobe Photoshop CS5 Macintosh").contains("Spatial.ReferenceValue");
        Map<String, String> read = XmpPackets.readProvenance(back.xmp());
        assertThat(read).containsEntry("Model", "realesrgan-x4fast").containsEntry("ModelSHA256", "ab".repeat(32))
                .containsEntry("Scale", "4").containsEntry("TileSize", "512")
                .containsEntry("Date", "2026-11-02T10:00:00Z");

        byte[] bare = ImageEncoder.builder().format(target).writeMetadata(false).build().encode(described);
        ImageMetadata none = decoder.decode(bare, "bare." + format).source().metadata();
        assertThat(none.exif()).isNull();
        assertThat(none.xmp()).isNull();
    }

    @Test
    void aSecondNoteReplacesTheFirstAndAPacketIsMadeWhenThereIsNone() {
        Provenance first = new Provenance("sr4j 1", "bicubic", null, "2", 0, Instant.EPOCH);
        Provenance second = new Provenance("sr4j 2", "lanczos", null, "3", 0, Instant.EPOCH);
        String twice = XmpPackets.withProvenance(XmpPackets.withProvenance(null, first), second);
        assertThat(XmpPackets.isWellFormed(twice)).isTrue();
        assertThat(twice).startsWith("<?xpacket begin=").doesNotContain("bicubic");
        assertThat(XmpPackets.readProvenance(twice)).containsEntry("Model", "lanczos").doesNotContainKey("ModelSHA256");
        assertThat(XmpPackets.readProvenance(XmpPackets.withProvenance("<not xml", first)))
                .containsEntry("Model", "bicubic");
    }

    /** A hand-made EXIF block: IFD0 with Orientation 6 and an Exif IFD with PixelX (LONG) and PixelY (SHORT). */
    @Test
    void exifIsFittedToTheUprightOutput() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 2); // IFD0 at 8
        b.putShort((short) 274).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        b.putShort((short) 34665).putShort((short) 4).putInt(1).putInt(38);
        b.putInt(0);
        b.putShort((short) 2); // Exif IFD at 38
        b.putShort((short) 40962).putShort((short) 4).putInt(1).putInt(640);
        b.putShort((short) 40963).putShort((short) 3).putInt(1).putShort((short) 480).putShort((short) 0);
        byte[] exif = b.array();

        byte[] fitted = ExifBlocks.fitted(exif, 1920, 2560);
        assertThat(TiffDirectory.read(exif).orientation()).isEqualTo(6);
        assertThat(TiffDirectory.read(fitted).orientation()).isEqualTo(1);
        ByteBuffer f = ByteBuffer.wrap(fitted).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(f.getInt(38 + 2 + 8)).isEqualTo(1920);
        assertThat(f.getShort(38 + 2 + 12 + 8) & 0xFFFF).isEqualTo(2560);
    }

    private static String latin1(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }
}
