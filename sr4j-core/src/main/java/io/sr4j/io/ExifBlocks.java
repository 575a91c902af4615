package io.sr4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Adjusts an EXIF block (a TIFF structure) to the image it is copied to: sr4j writes pixels
 * already turned upright, so Orientation becomes 1 (else viewers would rotate them again), and the
 * Exif sub-IFD's PixelXDimension / PixelYDimension become the output's size. Values are patched
 * in place; every other byte, including maker notes and their offsets, stays as it was.
 */
final class ExifBlocks {
    private static final int TAG_EXIF_IFD = 34665;
    private static final int TAG_PIXEL_X = 40962;
    private static final int TAG_PIXEL_Y = 40963;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;

    private ExifBlocks() {
    }

    /**
     * A copy of {@code exif} fitted to a {@code width × height} upright image; the block unchanged
     * if it is not a classic TIFF structure sr4j can walk.
     */
    static byte[] fitted(byte[] exif, int width, int height) {
        byte[] out = exif.clone();
        try {
            ByteBuffer buf = ByteBuffer.wrap(out);
            if (out.length < 8) {
                return out;
            }
            if (out[0] == 'I' && out[1] == 'I') {
                buf.order(ByteOrder.LITTLE_ENDIAN);
            } else if (out[0] != 'M' || out[1] != 'M') {
                return out;
            }
            if ((buf.getShort(2) & 0xFFFF) != 42) {
                return out;
            }
            int ifd0 = buf.getInt(4);
            long exifIfd = patch(buf, ifd0, TiffDirectory.TAG_ORIENTATION, 1, -1, -1);
            if (exifIfd > 0) {
                patch(buf, (int) exifIfd, TAG_PIXEL_X, width, TAG_PIXEL_Y, height);
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return exif.clone(); // damaged block: copy it as it came
        }
        return out;
    }

    /**
     * Sets tag {@code tagA} to {@code valueA} and {@code tagB} to {@code valueB} in the IFD at
     * {@code ifd}; returns the Exif sub-IFD offset found there, or -1.
     */
    private static long patch(ByteBuffer buf, int ifd, int tagA, int valueA, int tagB, int valueB) {
        int count = buf.getShort(ifd) & 0xFFFF;
        long exifIfd = -1;
        for (int i = 0; i < count; i++) {
            int entry = ifd + 2 + 12 * i;
            int tag = buf.getShort(entry) & 0xFFFF;
            int type = buf.getShort(entry + 2) & 0xFFFF;
            if (tag == TAG_EXIF_IFD) {
                exifIfd = buf.getInt(entry + 8) & 0xFFFFFFFFL;
            } else if (tag == tagA || tag == tagB) {
                int value = tag == tagA ? valueA : valueB;
                if (type == TYPE_SHORT && value <= 0xFFFF) {
                    buf.putShort(entry + 8, (short) value);
                } else if (type == TYPE_LONG) {
                    buf.putInt(entry + 8, value);
                } else if (type == TYPE_SHORT) {
                    // A SHORT cannot hold the new size; 0 says "unknown" rather than a wrong number.
                    buf.putShort(entry + 8, (short) 0);
                }
            }
        }
        return exifIfd;
    }
}
