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
        TiffIfd ifd = TiffIfd.first(in, base, MAX_ENTRIES);
        if (ifd == null) {
            return Fields.NONE;
        }
        long length = in.length(); // -1 when unknown
        int orientation = 0;
        byte[] icc = null;
        byte[] xmp = null;
        for (TiffIfd.Entry e : ifd.entries()) {
            int tag = e.tag();
            int type = e.type();
            long n = e.count();
            if (tag == TAG_ORIENTATION && n >= 1) {
                in.seek(e.valueField());
                int value = type == TiffIfd.TYPE_SHORT ? in.readUnsignedShort()
                        : type == TiffIfd.TYPE_LONG ? (int) Math.min(in.readUnsignedInt(), 0xFFFF) : 0;
                orientation = value >= 1 && value <= 8 ? value : 0;
            } else if ((tag == TAG_ICC_PROFILE || tag == TAG_XMP)
                    && (type == TiffIfd.TYPE_UNDEFINED || type == TiffIfd.TYPE_BYTE) && n > 0 && n <= MAX_ICC_BYTES) {
                long at = ifd.valuePosition(e);
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
