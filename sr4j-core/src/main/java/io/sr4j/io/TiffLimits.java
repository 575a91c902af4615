package io.sr4j.io;

import io.sr4j.io.ImageDecodeException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Locale;
import javax.imageio.stream.ImageInputStream;

/**
 * Refuses TIFF files whose first directory (IFD0) declares a field that TwelveMonkeys' TIFF reader
 * would size an allocation by, before the reader sees the file. The reader trusts these fields:
 * a 167-byte file declaring SamplesPerPixel = 1 297 612 952 made it allocate per-sample arrays
 * until the JVM ran out of memory (found by {@code DecodeFuzzTest}).
 *
 * <p>What is checked, every entry of each tag (a directory may repeat a tag):
 * <ul>
 *   <li>SamplesPerPixel, and the value counts of BitsPerSample and ExtraSamples: at most
 *       {@value #MAX_SAMPLES_PER_PIXEL} (the reader makes arrays, sample models and row buffers
 *       of that many samples);</li>
 *   <li>BitsPerSample values: at most {@value #MAX_BITS_PER_SAMPLE} (a double);</li>
 *   <li>ColorMap: at most 3 × 2<sup>16</sup> values (a 16-bit palette);</li>
 *   <li>TileWidth and TileLength: at most the image's side rounded up to a multiple of 16, or
 *       {@value #MAX_TILE_SIDE_BEYOND_IMAGE} for small images (the reader allocates a row of a tile
 *       before the first pixel, and JPEG tiles whole);</li>
 *   <li>StripOffsets, TileOffsets and the old-style JPEG offsets: inside the data (the reader
 *       allocates the distance between the JPEG header and the first strip).</li>
 * </ul>
 * Value tables themselves are read by the reader only when the data holds them, so their counts
 * are bounded by the file's length already. The image's width and height are checked against the
 * pixel limit by {@link ImageDecoder} as for every format.
 */
final class TiffLimits {
    static final int MAX_SAMPLES_PER_PIXEL = 16;
    static final int MAX_BITS_PER_SAMPLE = 64;
    static final int MAX_COLOR_MAP_VALUES = 3 << 16;
    static final int MAX_TILE_SIDE_BEYOND_IMAGE = 1024;

    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int COLOR_MAP = 320;
    private static final int TILE_WIDTH = 322;
    private static final int TILE_LENGTH = 323;
    private static final int TILE_OFFSETS = 324;
    private static final int EXTRA_SAMPLES = 338;
    private static final int JPEG_INTERCHANGE_FORMAT = 513;
    private static final int JPEG_Q_TABLES = 519;
    private static final int JPEG_DC_TABLES = 520;
    private static final int JPEG_AC_TABLES = 521;
    /** No real IFD0 comes near this; a classic TIFF directory can declare at most 65 535. */
    private static final long MAX_ENTRIES = 1 << 16;

    private TiffLimits() {
    }

    /**
     * Checks IFD0 of the TIFF file in {@code in} (positioned anywhere; left wherever reading ended,
     * byte order restored).
     *
     * @throws ImageDecodeException naming {@code name}, the field and the limit it exceeds
     */
    static void check(ImageInputStream in, String name) throws IOException {
        ByteOrder saved = in.getByteOrder();
        try {
            long length = lengthOf(in);
            TiffIfd ifd;
            try {
                ifd = TiffIfd.first(in, 0, MAX_ENTRIES);
            } catch (EOFException e) {
                throw new ImageDecodeException(name, Reason.TRUNCATED, "truncated TIFF data (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new ImageDecodeException(name, Reason.CORRUPT, "corrupt TIFF data (" + e.getMessage() + ")", e);
            }
            if (ifd != null) {
                checkEntries(ifd, length, name);
            }
        } finally {
            in.setByteOrder(saved);
        }
    }

    private static void checkEntries(TiffIfd ifd, long length, String name) throws IOException {
        double width = 0;
        double height = 0;
        for (TiffIfd.Entry e : ifd.entries()) {
            if (e.tag() == IMAGE_WIDTH) {
                width = Math.max(width, first(ifd, e));
            } else if (e.tag() == IMAGE_LENGTH) {
                height = Math.max(height, first(ifd, e));
            }
        }
        for (TiffIfd.Entry e : ifd.entries()) {
            try {
                checkEntry(ifd, e, width, height, length, name);
            } catch (EOFException cut) {
                // The reader does not read a value past the end either: the field is damaged, not a bomb.
            }
        }
    }

    private static void checkEntry(TiffIfd ifd, TiffIfd.Entry e, double width, double height, long length,
                                   String name) throws IOException {
        switch (e.tag()) {
            case SAMPLES_PER_PIXEL -> atMost(name, "SamplesPerPixel", ifd.largest(e), MAX_SAMPLES_PER_PIXEL);
            case BITS_PER_SAMPLE -> {
                atMost(name, "BitsPerSample count", e.count(), MAX_SAMPLES_PER_PIXEL);
                atMost(name, "BitsPerSample", ifd.largest(e), MAX_BITS_PER_SAMPLE);
            }
            case EXTRA_SAMPLES -> atMost(name, "ExtraSamples count", e.count(), MAX_SAMPLES_PER_PIXEL);
            case COLOR_MAP -> atMost(name, "ColorMap count", e.count(), MAX_COLOR_MAP_VALUES);
            case TILE_WIDTH -> atMost(name, "TileWidth", ifd.largest(e), tileSideLimit(width));
            case TILE_LENGTH -> atMost(name, "TileLength", ifd.largest(e), tileSideLimit(height));
            case STRIP_OFFSETS, TILE_OFFSETS, JPEG_INTERCHANGE_FORMAT, JPEG_Q_TABLES, JPEG_DC_TABLES,
                    JPEG_AC_TABLES -> insideData(name, fieldName(e.tag()), ifd.largest(e), length);
            default -> {
                // not a field the reader sizes anything by
            }
        }
    }

    /** A tile may overhang the image up to the next multiple of 16 (TIFF 6.0), and small images may have big tiles. */
    static long tileSideLimit(double imageSide) {
        long side = (long) Math.min(imageSide, Integer.MAX_VALUE);
        return Math.max((side + 15) / 16 * 16, MAX_TILE_SIDE_BEYOND_IMAGE);
    }

    private static double first(TiffIfd ifd, TiffIfd.Entry e) throws IOException {
        try {
            double[] values = ifd.numbers(e, 1);
            return values.length == 1 && values[0] > 0 ? values[0] : 0;
        } catch (EOFException cut) {
            return 0;
        }
    }

    private static void atMost(String name, String field, double value, long limit) {
        if (value > limit) { // NaN (no numeric value) passes: the reader then fails on the field's type
            throw new ImageDecodeException(name, Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "TIFF %s of %s exceeds the limit of %d", field, plain(value), limit));
        }
    }

    private static void insideData(String name, String field, double offset, long length) {
        if (length >= 0 && offset > length) {
            throw new ImageDecodeException(name, Reason.TRUNCATED, String.format(Locale.ROOT,
                    "truncated TIFF data (%s points to byte %s, past the end of the data at %d bytes)",
                    field, plain(offset), length));
        }
    }

    private static String fieldName(int tag) {
        return switch (tag) {
            case STRIP_OFFSETS -> "StripOffsets";
            case TILE_OFFSETS -> "TileOffsets";
            case JPEG_INTERCHANGE_FORMAT -> "JPEGInterchangeFormat";
            case JPEG_Q_TABLES -> "JPEGQTables";
            case JPEG_DC_TABLES -> "JPEGDCTables";
            default -> "JPEGACTables";
        };
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e18 ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * The data's length. A stream of unknown length is read to its end first: it is cached in
     * memory, and the reader needs all of it anyway (TIFF is read by seeking).
     */
    private static long lengthOf(ImageInputStream in) throws IOException {
        long length = in.length();
        if (length >= 0) {
            return length;
        }
        byte[] sink = new byte[1 << 16];
        while (in.read(sink) >= 0) {
            // the cache keeps what is read
        }
        return in.getStreamPosition();
    }
}
