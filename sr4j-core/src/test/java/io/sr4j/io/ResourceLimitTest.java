package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sr4j.image.Picture;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decompression bombs and oversized metadata: headers claiming 100 000 × 100 000 in every format
 * that can say so, tiny PNGs whose zlib streams inflate to hundreds of megabytes, and EXIF/ICC/XMP
 * blocks of absurd declared size. Each is refused (the limit named) or read without the block,
 * and the bytes the decoding thread allocates are measured, so "refused before allocation" is a
 * number, not a hope.
 */
class ResourceLimitTest {
    /** What a small image may cost to decode, all buffers included. */
    private static final long BUDGET = 64L << 20;
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void pngHeaderOf100000Squared() {
        byte[] png = PngBytes.build(List.of(PngBytes.ihdr(100_000, 100_000, 8, 6),
                new PngBytes.Chunk("IDAT", Deflate.zlib(new byte[64])), new PngBytes.Chunk("IEND", new byte[0])));
        assertRefusedCheaply(png, "bomb.png", 100_000, 100_000);
    }

    @Test
    void jpegHeaderAtTheFormatsMaximum() {
        // A JPEG frame header holds 16-bit sizes: 65535 x 65535 is the biggest claim possible.
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).build()
                .encode(TestPictures.random(16, 16, 8, false, false, 1L));
        int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        ByteBuffer.wrap(jpeg, sof + 5, 4).putShort((short) 0xFFFF).putShort((short) 0xFFFF);
        assertRefusedCheaply(jpeg, "bomb.jpg", 65_535, 65_535);
    }

    @Test
    void tiffHeaderOf100000Squared() {
        byte[] tiff = ExifOrientationTest.rgbTiff(1, 1, new byte[3], 1, ByteOrder.LITTLE_ENDIAN);
        // ImageWidth and ImageLength as LONG (type 4): entries 0 and 1 of the IFD at offset 8.
        ByteBuffer b = ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(10 + 2, (short) 4).putInt(10 + 8, 100_000);
        b.putShort(10 + 12 + 2, (short) 4).putInt(10 + 12 + 8, 100_000);
        assertRefusedCheaply(tiff, "bomb.tif", 100_000, 100_000);
    }

    /**
     * TIFF fields TwelveMonkeys' reader sizes arrays and buffers by: each refused before the reader
     * sees the file, the field and the limit named. The first is the input DecodeFuzzTest found
     * (an OutOfMemoryError before the check), kept in DecodeFuzzTestInputs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tiffFieldBombs")
    void tiffFieldSizingAnAllocation(String field, byte[] tiff, ImageDecodeException.Reason reason, String problem) {
        for (boolean stream : new boolean[] {false, true}) {
            long allocated = allocatedBy(() -> {
                ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> {
                    if (stream) { // length unknown up front: read to the end first
                        decoder.decode(new java.io.ByteArrayInputStream(tiff), "field-bomb.tif");
                    } else {
                        decoder.decode(tiff, "field-bomb.tif");
                    }
                });
                assertThat(e).as(field + " refused").isNotNull();
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.getMessage()).isEqualTo("field-bomb.tif: " + problem);
            });
            assertThat(allocated).as("bytes allocated while refusing").isLessThan(BUDGET);
        }
    }

    static Stream<Arguments> tiffFieldBombs() {
        ImageDecodeException.Reason tooLarge = ImageDecodeException.Reason.TOO_LARGE;
        return Stream.of(
                Arguments.of("SamplesPerPixel", fuzzInput("tiff-samples-per-pixel-1297612952"), tooLarge,
                        "TIFF SamplesPerPixel of 1297612952 exceeds the limit of 16"),
                Arguments.of("BitsPerSample count", tiffEntry(2, 258, 3, 100_000, 146), tooLarge,
                        "TIFF BitsPerSample count of 100000 exceeds the limit of 16"),
                Arguments.of("BitsPerSample value", tiffEntry(2, 258, 3, 1, 60_000), tooLarge,
                        "TIFF BitsPerSample of 60000 exceeds the limit of 64"),
                Arguments.of("ExtraSamples count", tiffEntry(6, 338, 3, 1_000_000_000, 146), tooLarge,
                        "TIFF ExtraSamples count of 1000000000 exceeds the limit of 16"),
                Arguments.of("ColorMap count", tiffEntry(6, 320, 3, 1 << 20, 146), tooLarge,
                        "TIFF ColorMap count of 1048576 exceeds the limit of 196608"),
                Arguments.of("TileWidth", tiffEntry(6, 322, 4, 1, Integer.MAX_VALUE), tooLarge,
                        "TIFF TileWidth of 2147483647 exceeds the limit of 1024"),
                Arguments.of("TileLength", tiffEntry(6, 323, 4, 1, 65_536), tooLarge,
                        "TIFF TileLength of 65536 exceeds the limit of 1024"),
                Arguments.of("StripOffsets", tiffEntry(5, 273, 4, 1, Integer.MAX_VALUE),
                        ImageDecodeException.Reason.TRUNCATED, "truncated TIFF data (StripOffsets points to byte "
                                + "2147483647, past the end of the data at 170 bytes)"));
    }

    /** A 3x2 RGB TIFF whose IFD entry {@code index} is replaced (classic TIFF, little-endian, IFD at 8). */
    private static byte[] tiffEntry(int index, int tag, int type, long count, long value) {
        byte[] tiff = ExifOrientationTest.rgbTiff(3, 2, new byte[18], 1, ByteOrder.LITTLE_ENDIAN);
        assertThat(tiff.length).isEqualTo(170);
        ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN).position(10 + 12 * index)
                .putShort((short) tag).putShort((short) type).putInt((int) count);
        ByteBuffer value4 = ByteBuffer.wrap(tiff, 10 + 12 * index + 8, 4).order(ByteOrder.LITTLE_ENDIAN);
        if (type == 3 && count == 1) {
            value4.putShort((short) value).putShort((short) 0);
        } else {
            value4.putInt((int) value);
        }
        return tiff;
    }

    private static byte[] fuzzInput(String name) {
        try (var in = ResourceLimitTest.class.getResourceAsStream("DecodeFuzzTestInputs/decode/" + name)) {
            return java.util.Objects.requireNonNull(in, name).readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A BMP palette is as long as the gap between the headers and the pixel data: an 8-bit BMP
     * whose pixel-data offset says 2 GB in a file of a few hundred bytes. The JDK's BMP reader
     * reads such a palette in 1 MB steps, so the file's end stops it cheaply.
     */
    @Test
    void bmpPaletteOfTwoGigabytes() {
        byte[] bmp = small(ImageFormat.BMP);
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(10, 0x7FFF_FFF0) // pixel data offset
                .putShort(14 + 14, (short) 8) // 8 bits per pixel: a palette image
                .putInt(14 + 32, Integer.MAX_VALUE); // colours used
        long allocated = allocatedBy(() -> {
            ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class,
                    () -> decoder.decode(bmp, "palette-bomb.bmp"));
            assertThat(e.reason()).isEqualTo(ImageDecodeException.Reason.TRUNCATED);
            assertThat(e.getMessage()).isEqualTo("palette-bomb.bmp: truncated BMP data");
        });
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(BUDGET);
    }

    /**
     * A GIF whose first frame is preceded by a 1 MB comment: the JDK's GIF reader joins sub-blocks
     * by copying all it has for each 255-byte block (about 2 GB allocated and seconds of CPU for
     * this file). sr4j drops the extensions it does not need and keeps the transparency.
     */
    @Test
    void gifWithAOneMegabyteComment() throws java.io.IOException {
        byte[] plain = transparentGif();
        int flags = plain[10] & 0xFF;
        int at = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0); // after the global colour table
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, at);
        out.writeBytes(new byte[] {0x21, (byte) 0xFE}); // comment extension
        byte[] subBlock = new byte[256];
        subBlock[0] = (byte) 255;
        java.util.Arrays.fill(subBlock, 1, 256, (byte) 'x');
        for (int i = 0; i < (1 << 20) / 255; i++) {
            out.writeBytes(subBlock);
        }
        out.write(0);
        out.write(plain, at, plain.length - at);
        byte[] commented = out.toByteArray();

        Picture expected = decoder.decode(plain, "plain.gif");
        long allocated = allocatedBy(() -> {
            Picture p = decoder.decode(commented, "comment.gif");
            assertThat(p.rgb()).isEqualTo(expected.rgb());
            assertThat(p.alpha()).isPresent().isEqualTo(expected.alpha());
        });
        assertThat(allocated).as("bytes allocated").isLessThan(BUDGET);
    }

    /** 4x4, palette of four colours, the last transparent (the JDK's writer puts it in a Graphic Control Extension). */
    private static byte[] transparentGif() throws java.io.IOException {
        byte[] grey = {0, 85, (byte) 170, (byte) 255};
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(2, 4, grey, grey, grey, 3);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4,
                java.awt.image.BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int i = 0; i < 16; i++) {
            image.getRaster().setSample(i % 4, i / 4, 0, i % 4);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(javax.imageio.ImageIO.write(image, "gif", out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void webpExtendedHeaderOf100000Squared() {
        // VP8X holds a 24-bit canvas size; the lossless bitstream after it is a valid 1x1 image.
        byte[] vp8x = new byte[10];
        vp8x[4] = (byte) ((100_000 - 1) & 0xFF);
        vp8x[5] = (byte) ((100_000 - 1) >> 8);
        vp8x[6] = (byte) ((100_000 - 1) >> 16);
        System.arraycopy(vp8x, 4, vp8x, 7, 3);
        byte[] lossless = ImageEncoder.builder().format(ImageFormat.WEBP).lossless(true).build()
                .encode(TestPictures.random(1, 1, 8, false, false, 2L));
        byte[] vp8l = java.util.Arrays.copyOfRange(lossless, 12, lossless.length);
        assertRefusedCheaply(riff(chunk("VP8X", vp8x), vp8l), "bomb.webp", 100_000, 100_000);
    }

    @Test
    void webpLosslessHeaderAtTheFormatsMaximum() {
        // VP8L holds 14-bit sizes: 16384 x 16384 = 268 Mpx, over the default limit of 200 Mpx.
        byte[] lossless = ImageEncoder.builder().format(ImageFormat.WEBP).lossless(true).build()
                .encode(TestPictures.random(1, 1, 8, false, false, 3L));
        int at = indexOf(lossless, (byte) 'V', (byte) 'P', (byte) '8', (byte) 'L') + 9; // after signature 0x2f
        ByteBuffer b = ByteBuffer.wrap(lossless).order(ByteOrder.LITTLE_ENDIAN);
        int bits = b.getInt(at);
        b.putInt(at, (bits & ~0x0FFF_FFFF) | 16383 | 16383 << 14);
        assertRefusedCheaply(lossless, "bomb.webp", 16_384, 16_384);
    }

    /** 64x64 RGB needs 12 KB of image data; this IDAT inflates to 256 MB from a 250 KB file. */
    @Test
    void pngWhoseImageDataInflatesTo256Megabytes() {
        byte[] png = PngBytes.build(List.of(PngBytes.ihdr(64, 64, 8, 2),
                new PngBytes.Chunk("IDAT", zlibZeros(256L << 20)), new PngBytes.Chunk("IEND", new byte[0])));
        assertThat(png.length).isLessThan(300_000);
        long allocated = allocatedBy(() -> {
            // The reader takes the rows it needs and stops: the rest is never inflated.
            Picture p = decoder.decode(png, "idat-bomb.png");
            assertThat(p.width()).isEqualTo(64);
        });
        assertThat(allocated).isLessThan(BUDGET);
    }

    /** ImageIO's PNG reader inflates these whole before the pixels: they are refused first, the limit named. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iCCP", "zTXt", "iTXt"})
    void pngWhoseCompressedMetadataInflatesTo256Megabytes(String type) {
        byte[] bomb = zlibZeros(256L << 20);
        byte[] data = switch (type) {
            case "iCCP" -> concat("bomb\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb);
            case "zTXt" -> concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb);
            default -> concat((MetadataScanner.XMP_KEYWORD + "\0\1\0\0\0").getBytes(StandardCharsets.ISO_8859_1), bomb);
        };
        byte[] png = PngBytes.insertBeforeIdat(small(ImageFormat.PNG), new PngBytes.Chunk(type, data));
        long allocated = allocatedBy(() -> {
            ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class,
                    () -> decoder.decode(png, "meta-bomb.png"));
            assertThat(e.reason()).isEqualTo(ImageDecodeException.Reason.TOO_LARGE);
            assertThat(e.getMessage()).isEqualTo("meta-bomb.png: PNG " + type + " chunk of " + data.length
                    + " bytes inflates to more than the limit of 16 MB for metadata (a decompression bomb)");
        });
        assertThat(allocated).isLessThan(BUDGET);
    }

    /** Chunks declaring 2 GB in a file of a few hundred bytes: nothing that size may be allocated. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eXIf", "iCCP", "iTXt", "zTXt", "tEXt", "sPLT", "PLTE", "tRNS", "hIST", "prVt"})
    void pngChunkDeclaringTwoGigabytes(String type) {
        byte[] png = small(ImageFormat.PNG);
        int idat = indexOf(png, (byte) 'I', (byte) 'D', (byte) 'A', (byte) 'T') - 4;
        byte[] cut = java.util.Arrays.copyOf(png, idat + 8 + 100);
        ByteBuffer.wrap(cut).putInt(idat, Integer.MAX_VALUE).put(idat + 4, type.getBytes(StandardCharsets.US_ASCII));
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class,
                () -> assertThat(allocatedBy(() -> decoder.decode(cut, "huge-chunk.png"))).isLessThan(BUDGET));
        assertThat(e.getMessage()).startsWith("huge-chunk.png: ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EXIF", "XMP ", "ICCP"})
    void webpChunkDeclaringFourGigabytes(String type) {
        byte[] webp = small(ImageFormat.WEBP);
        byte[] body = java.util.Arrays.copyOfRange(webp, 12, webp.length);
        byte[] huge = new byte[8 + 64];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).put(type.getBytes(StandardCharsets.US_ASCII))
                .putInt(0xFFFF_FFF0);
        byte[] file = riff(body, huge);
        long allocated = allocatedBy(() -> {
            try {
                decoder.decode(file, "huge-chunk.webp");
            } catch (ImageDecodeException refused) {
                assertThat(refused.getMessage()).startsWith("huge-chunk.webp: ");
            }
        });
        assertThat(allocated).isLessThan(BUDGET);
    }

    /** The biggest ICC profile JPEG can carry: 255 APP2 segments of 64 KB, 16 MB in all. */
    @Test
    void jpegWithASixteenMegabyteIccProfile() {
        byte[] jpeg = small(ImageFormat.JPEG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        byte[] filler = new byte[65_535 - 2 - 14];
        for (int seq = 1; seq <= 255; seq++) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) 0xFF, (byte) 0xFF});
            out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[] {(byte) seq, (byte) 255});
            out.writeBytes(filler);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        byte[] file = out.toByteArray();
        long allocated = allocatedBy(() -> {
            try {
                Picture p = decoder.decode(file, "big-icc.jpg");
                assertThat(p.source().iccProfile()).isEmpty(); // not a valid profile: dropped
            } catch (ImageDecodeException refused) {
                assertThat(refused.getMessage()).startsWith("big-icc.jpg: ");
            }
        });
        // The 16 MB are read (they are in the file); nothing beyond a few copies of them.
        assertThat(allocated).isLessThan(BUDGET + 4L * file.length);
    }

    private void assertRefusedCheaply(byte[] image, String name, int width, int height) {
        long allocated = allocatedBy(() -> {
            ImageTooLargeException e = catchThrowableOfType(ImageTooLargeException.class,
                    () -> decoder.decode(image, name));
            assertThat(e).as("refused as too large").isNotNull();
            assertThat(e.width()).isEqualTo(width);
            assertThat(e.height()).isEqualTo(height);
            assertThat(e.getMessage()).startsWith(name + ": " + width + "x" + height + " = ")
                    .endsWith("exceeds the limit of 200 Mpx");
        });
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(BUDGET);
    }

    /** Bytes the current thread allocates while {@code work} runs (HotSpot's per-thread counter). */
    static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    private static byte[] small(ImageFormat format) {
        return ImageEncoder.builder().format(format).lossless(format == ImageFormat.WEBP).build()
                .encode(TestPictures.random(8, 8, 8, false, false, 4L));
    }

    static byte[] zlibZeros(long count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(9), 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < count; n += zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, count - n));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] chunk(String fourcc, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    /** A RIFF WEBP container around already framed chunks. */
    private static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] data, byte... pattern) {
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
