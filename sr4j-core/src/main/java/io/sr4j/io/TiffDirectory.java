package io.sr4j.io;

import java.io.IOException;
import java.nio.ByteOrder;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the two fields sr4j needs (Orientation, ICC profile) from the first image file directory
 * (IFD0) of a TIFF structure: a TIFF file, or the EXIF block inside a JPEG APP1 segment, a PNG
 * eXIf chunk or a WebP EXIF chunk. Classic TIFF and BigTIFF, either byte order.
 *
 * <p>Metadata is advisory: a damaged directory yields "nothing found" instead of an error, and the
 * image itself is left to the decoder to judge.
 */
final class TiffDirectory {
    static final int TAG_ORIENTATION = 274;
    static final int TAG_ICC_PROFILE = 34675;
    static final int TAG_XMP = 700;

    /** Largest ICC profile accepted; real ones are a few kB to a few MB. */
    static final int MAX_ICC_BYTES = 16 << 20;
    /** More entries than any real IFD0 holds; guards against garbage counts. */
    private static final long MAX_ENTRIES = 4096;

    private static final int TYPE_BYTE = 1;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int TYPE_UNDEFINED = 7;

    /**
     * What was found.
     *
     * @param orientation the EXIF/TIFF orientation 1–8, or 0 when absent or out of range
     * @param iccProfile  the ICC profile bytes, or null
     * @param xmp         the XMP packet bytes (UTF-8 XML), or null
     */
    record Fields(int orientation, byte[] iccProfile, byte[] xmp) {
        static final Fields NONE = new Fields(0, null, null);
    }

    private TiffDirectory() {
    }

    /** Reads IFD0 of the TIFF structure held in {@code tiff}. */
    static Fields read(byte[] tiff) {
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(tiff)) {
            return read(in, 0);
        } catch (IOException e) {
            return Fields.NONE; // cannot happen for a byte array; close() does nothing
        }
    }

    /**
     * Reads IFD0 of the TIFF structure whose header starts at {@code base} in {@code in}. The
     * stream's byte order is restored afterwards; its position is left wherever reading ended.
     */
    static Fields read(ImageInputStream in, long base) {
        ByteOrder saved = in.getByteOrder();
        try {
            return readOrThrow(in, base);
        } catch (IOException | RuntimeException e) {
            return Fields.NONE;
        } finally {
            in.setByteOrder(saved);
        }
    }

    private static Fields readOrThrow(ImageInputStream in, long base) throws IOException {
        in.seek(base);
        int b0 = in.read();
        int b1 = in.read();
        if (b0 == 'I' && b1 == 'I') {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (b0 == 'M' && b1 == 'M') {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            return Fields.NONE;
        }
        int magic = in.readUnsignedShort();
        boolean big;
        long ifd;
        if (magic == 42) {
            big = false;
            ifd = in.readUnsignedInt();
        } else if (magic == 43) {
            big = true;
            if (in.readUnsignedShort() != 8) {
                return Fields.NONE;
            }
            in.readUnsignedShort();
            ifd = in.readLong();
        } else {
            return Fields.NONE;
        }
        long length = in.length(); // -1 when unknown
        if (ifd < 8 || (length >= 0 && base + ifd >= length)) {
            return Fields.NONE;
        }
        in.seek(base + ifd);
        long count = big ? in.readLong() : in.readUnsignedShort();
        if (count <= 0 || count > MAX_ENTRIES) {
            return Fields.NONE;
        }
        int entrySize = big ? 20 : 12;
        int inlineSize = big ? 8 : 4;
        long first = base + ifd + (big ? 8 : 2);
        int orientation = 0;
        byte[] icc = null;
        byte[] xmp = null;
        for (long i = 0; i < count; i++) {
            long entry = first + i * entrySize;
            in.seek(entry);
            int tag = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            long n = big ? in.readLong() : in.readUnsignedInt();
            long valueField = entry + 4 + (big ? 8 : 4);
            if (tag == TAG_ORIENTATION && n >= 1) {
                in.seek(valueField);
                int value = type == TYPE_SHORT ? in.readUnsignedShort()
                        : type == TYPE_LONG ? (int) Math.min(in.readUnsignedInt(), 0xFFFF) : 0;
                orientation = value >= 1 && value <= 8 ? value : 0;
            } else if ((tag == TAG_ICC_PROFILE || tag == TAG_XMP) && (type == TYPE_UNDEFINED || type == TYPE_BYTE)
                    && n > 0 && n <= MAX_ICC_BYTES) {
                long at = valueField;
                if (n > inlineSize) {
                    in.seek(valueField);
                    at = base + (big ? in.readLong() : in.readUnsignedInt());
                }
                if (length < 0 || at + n <= length) {
                    byte[] bytes = new byte[(int) n];
                    in.seek(at);
                    in.readFully(bytes);
                    if (tag == TAG_XMP) {
                        xmp = bytes;
                    } else {
                        icc = bytes;
                    }
                }
            }
        }
        return new Fields(orientation, icc, xmp);
    }
}
