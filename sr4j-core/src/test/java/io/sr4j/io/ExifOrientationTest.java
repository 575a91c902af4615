package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EXIF orientation: the expected placement of every stored pixel is derived here from the table
 * of the EXIF specification (where the 0th row and 0th column go), not from the implementation's
 * index arithmetic.
 */
class ExifOrientationTest {
    private final ImageDecoder decoder = new ImageDecoder();

    /** EXIF 2.3, tag 274: the displayed edge of the stored 0th row and of the stored 0th column. */
    private enum Edge { TOP, BOTTOM, LEFT, RIGHT }

    private static final Edge[][] TABLE = {
        null,
        {Edge.TOP, Edge.LEFT},      // 1
        {Edge.TOP, Edge.RIGHT},     // 2
        {Edge.BOTTOM, Edge.RIGHT},  // 3
        {Edge.BOTTOM, Edge.LEFT},   // 4
        {Edge.LEFT, Edge.TOP},      // 5
        {Edge.RIGHT, Edge.TOP},     // 6
        {Edge.RIGHT, Edge.BOTTOM},  // 7
        {Edge.LEFT, Edge.BOTTOM},   // 8
    };

    /** Where stored pixel (sx, sy) of a w x h image is displayed: {x, y}. */
    private static int[] displayed(int orientation, int w, int h, int sx, int sy) {
        Edge row0 = TABLE[orientation][0];
        Edge col0 = TABLE[orientation][1];
        if (row0 == Edge.TOP || row0 == Edge.BOTTOM) {
            int y = row0 == Edge.TOP ? sy : h - 1 - sy;
            int x = col0 == Edge.LEFT ? sx : w - 1 - sx;
            return new int[] {x, y};
        }
        int x = row0 == Edge.LEFT ? sy : h - 1 - sy;
        int y = col0 == Edge.TOP ? sx : w - 1 - sx;
        return new int[] {x, y};
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyPixelGoesWhereTheExifTableSays(int orientation) {
        int w = 7;
        int h = 4;
        PlanarImage stored = randomImage(w, h, 2, orientation);

        PlanarImage upright = ExifOrientation.apply(stored, orientation);

        boolean swap = orientation >= 5;
        assertThat(upright.width()).isEqualTo(swap ? h : w);
        assertThat(upright.height()).isEqualTo(swap ? w : h);
        assertThat(ExifOrientation.swapsAxes(orientation)).isEqualTo(swap);
        for (int c = 0; c < 2; c++) {
            for (int sy = 0; sy < h; sy++) {
                for (int sx = 0; sx < w; sx++) {
                    int[] d = displayed(orientation, w, h, sx, sy);
                    assertThat(upright.get(c, d[0], d[1])).isEqualTo(stored.get(c, sx, sy));
                }
            }
        }
    }

    @Property(tries = 60)
    void inverseUndoesEveryOrientation(@ForAll @IntRange(min = 1, max = 8) int orientation,
                                       @ForAll @IntRange(min = 1, max = 9) int w,
                                       @ForAll @IntRange(min = 1, max = 9) int h) {
        PlanarImage img = randomImage(w, h, 3, w * 31 + h);
        PlanarImage back = ExifOrientation.apply(ExifOrientation.apply(img, orientation),
                ExifOrientation.inverse(orientation));
        assertThat(back).isEqualTo(img);
    }

    @Test
    void rejectsValuesOutsideOneToEight() {
        PlanarImage img = new PlanarImage(2, 2, 1);
        assertThatThrownBy(() -> ExifOrientation.apply(img, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..8");
        assertThatThrownBy(() -> ExifOrientation.apply(img, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void rotatedJpegComesOutUpright(int orientation) {
        // 64x32 stored image in four 32x16 blocks: red, green / blue, white.
        int w = 64;
        int h = 32;
        float[][] colours = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
        PlanarImage rgb = new PlanarImage(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float[] col = colours[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)];
                for (int c = 0; c < 3; c++) {
                    rgb.set(c, x, y, col[c]);
                }
            }
        }
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).jpegQuality(95).build().encode(Picture.of(rgb));
        // Alternate byte orders so both TIFF layouts are exercised.
        ByteOrder order = orientation % 2 == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] tagged = withExifApp1(jpeg, exifTiff(orientation, order));

        Picture p = decoder.decode(tagged, "rotated" + orientation + ".jpg");

        assertThat(p.source().orientation()).isEqualTo(orientation);
        boolean swap = orientation >= 5;
        assertThat(p.width()).isEqualTo(swap ? h : w);
        assertThat(p.height()).isEqualTo(swap ? w : h);
        // Each block's centre must carry the block's colour where the table puts it.
        int[][] centres = {{16, 8}, {48, 8}, {16, 24}, {48, 24}};
        for (int block = 0; block < 4; block++) {
            int[] d = displayed(orientation, w, h, centres[block][0], centres[block][1]);
            for (int c = 0; c < 3; c++) {
                assertThat(p.rgb().get(c, d[0], d[1])).as("block %d channel %d", block, c)
                        .isCloseTo(colours[block][c], org.assertj.core.data.Offset.offset(0.08f));
            }
        }
    }

    @Test
    void pngExifChunkRotatesColourAndAlphaTogether() {
        Picture original = TestPictures.random(5, 3, 8, false, true, 11L);
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(original);
        byte[] tagged = PngBytes.insertBeforeIdat(png,
                new PngBytes.Chunk("eXIf", exifTiff(6, ByteOrder.BIG_ENDIAN)));

        Picture p = decoder.decode(tagged, "rotated.png");

        assertThat(p.source().orientation()).isEqualTo(6);
        assertThat(p.width()).isEqualTo(3);
        assertThat(p.height()).isEqualTo(5);
        for (int sy = 0; sy < 3; sy++) {
            for (int sx = 0; sx < 5; sx++) {
                int[] d = displayed(6, 5, 3, sx, sy);
                for (int c = 0; c < 3; c++) {
                    assertThat(p.rgb().get(c, d[0], d[1])).isEqualTo(original.rgb().get(c, sx, sy));
                }
                assertThat(p.alpha().orElseThrow().get(0, d[0], d[1]))
                        .isEqualTo(original.alpha().orElseThrow().get(0, sx, sy));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 8})
    void tiffOrientationTagIsApplied(int orientation) {
        int w = 6;
        int h = 4;
        byte[] samples = new byte[w * h * 3];
        new Random(orientation).nextBytes(samples);
        ByteOrder order = orientation == 3 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

        Picture p = decoder.decode(rgbTiff(w, h, samples, orientation, order), "rotated.tif");

        assertThat(p.source().format()).isEqualTo("tiff");
        assertThat(p.source().orientation()).isEqualTo(orientation);
        for (int sy = 0; sy < h; sy++) {
            for (int sx = 0; sx < w; sx++) {
                int[] d = displayed(orientation, w, h, sx, sy);
                for (int c = 0; c < 3; c++) {
                    assertThat(TestPictures.sample(p.rgb().get(c, d[0], d[1]), 255))
                            .isEqualTo(samples[(sy * w + sx) * 3 + c] & 0xFF);
                }
            }
        }
    }

    @Test
    void imagesWithoutOrValidOrientationAreLeftAlone() {
        Picture original = TestPictures.random(5, 3, 8, false, false, 12L);
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(original);

        Picture plain = decoder.decode(png, "plain.png");
        Picture bogus = decoder.decode(PngBytes.insertBeforeIdat(png,
                new PngBytes.Chunk("eXIf", exifTiff(9, ByteOrder.LITTLE_ENDIAN))), "bogus.png");
        Picture garbage = decoder.decode(PngBytes.insertBeforeIdat(png,
                new PngBytes.Chunk("eXIf", new byte[] {'M', 'M', 0, 42, 0x7F, 0, 0, 0})), "garbage.png");

        for (Picture p : new Picture[] {plain, bogus, garbage}) {
            assertThat(p.source().orientation()).isEqualTo(1);
            assertThat(p.rgb()).isEqualTo(original.rgb());
        }
    }

    /**
     * A TIFF structure with IFD0 holding a Make tag (so the orientation is not the first entry)
     * and Orientation, as found in an EXIF block.
     */
    static byte[] exifTiff(int orientation, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4 + 8).order(order);
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42).putInt(8);
        b.putShort((short) 2);
        // 0x010F Make, ASCII, 6 bytes at offset 38: "sr4j\0\0"
        b.putShort((short) 0x010F).putShort((short) 2).putInt(6).putInt(8 + 2 + 24 + 4);
        // 0x0112 Orientation, SHORT, 1 value, left-justified in the 4-byte field
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0); // no next IFD
        b.put(new byte[] {'s', 'r', '4', 'j', 0, 0});
        return b.array();
    }

    /** Inserts an APP1 "Exif" segment after the JFIF APP0 segment (or after SOI). */
    static byte[] withExifApp1(byte[] jpeg, byte[] tiff) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** A baseline uncompressed 8-bit RGB TIFF (one strip) with an Orientation tag. */
    static byte[] rgbTiff(int w, int h, byte[] samples, int orientation, ByteOrder order) {
        int entries = 11;
        int ifd = 8;
        int bitsAt = ifd + 2 + entries * 12 + 4;
        int dataAt = bitsAt + 6;
        ByteBuffer b = ByteBuffer.allocate(dataAt + samples.length).order(order);
        byte mark = order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M';
        b.put(mark).put(mark).putShort((short) 42).putInt(ifd);
        b.putShort((short) entries);
        shortEntry(b, 256, w);                                                    // ImageWidth
        shortEntry(b, 257, h);                                                    // ImageLength
        b.putShort((short) 258).putShort((short) 3).putInt(3).putInt(bitsAt);     // BitsPerSample 8,8,8
        shortEntry(b, 259, 1);                                                    // Compression: none
        shortEntry(b, 262, 2);                                                    // Photometric: RGB
        b.putShort((short) 273).putShort((short) 4).putInt(1).putInt(dataAt);     // StripOffsets
        shortEntry(b, 274, orientation);                                          // Orientation
        shortEntry(b, 277, 3);                                                    // SamplesPerPixel
        shortEntry(b, 278, h);                                                    // RowsPerStrip
        b.putShort((short) 279).putShort((short) 4).putInt(1).putInt(samples.length); // StripByteCounts
        shortEntry(b, 284, 1);                                                    // PlanarConfiguration: chunky
        b.putInt(0);
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        b.put(samples);
        return b.array();
    }

    private static void shortEntry(ByteBuffer b, int tag, int value) {
        b.putShort((short) tag).putShort((short) 3).putInt(1).putShort((short) value).putShort((short) 0);
    }

    private static PlanarImage randomImage(int w, int h, int channels, long seed) {
        Random r = new Random(seed);
        PlanarImage img = new PlanarImage(w, h, channels);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = r.nextFloat();
        }
        return img;
    }

    @Test
    void decodedPictureRecordsSourceInfoOfTheRotation() {
        Picture original = new Picture(randomImage(4, 2, 3, 1), null,
                new SourceInfo("memory", 8, false, Optional.empty(), 1));
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(original);
        Picture p = decoder.decode(PngBytes.insertBeforeIdat(png,
                new PngBytes.Chunk("eXIf", exifTiff(5, ByteOrder.LITTLE_ENDIAN))), "t.png");
        assertThat(p.source().orientation()).isEqualTo(5);
        assertThat(p.width()).isEqualTo(2);
        assertThat(p.height()).isEqualTo(4);
    }
}
