package io.sr4j.video;

import io.sr4j.image.PlanarImage;

/** Interleaved 8-bit RGB (FFmpeg's {@code rgb24}) and 16-bit RGB ({@code rgb48le}) to and from planar float RGB in [0, 1]. */
final class RgbFrames {
    private static final float[] TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            TO_FLOAT[i] = i / 255f;
        }
    }

    private RgbFrames() {
    }

    /** Reads {@code rgb24} rows ({@code stride} bytes apart) into a new planar image. */
    static PlanarImage toPlanar(byte[] rgb24, int width, int height, int stride) {
        PlanarImage image = new PlanarImage(width, height, 3);
        float[] data = image.data();
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            int src = y * stride;
            int dst = y * width;
            for (int x = 0; x < width; x++, src += 3, dst++) {
                data[dst] = TO_FLOAT[rgb24[src] & 0xff];
                data[plane + dst] = TO_FLOAT[rgb24[src + 1] & 0xff];
                data[2 * plane + dst] = TO_FLOAT[rgb24[src + 2] & 0xff];
            }
        }
        return image;
    }

    /** Reads little-endian 16-bit RGB ({@code rgb48le}) rows ({@code stride} bytes apart) into a new planar image. */
    static PlanarImage toPlanar48(byte[] rgb48, int width, int height, int stride) {
        PlanarImage image = new PlanarImage(width, height, 3);
        float[] data = image.data();
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            int src = y * stride;
            int dst = y * width;
            for (int x = 0; x < width; x++, dst++) {
                for (int c = 0; c < 3; c++, src += 2) {
                    data[c * plane + dst] = ((rgb48[src] & 0xff) | (rgb48[src + 1] & 0xff) << 8) / 65535f;
                }
            }
        }
        return image;
    }

    /** Writes {@code image} (3 planes) as rounded, clamped {@code rgb24} rows {@code stride} bytes apart. */
    static void toRgb24(PlanarImage image, byte[] rgb24, int stride) {
        int width = image.width();
        int height = image.height();
        float[] data = image.data();
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            int src = y * width;
            int dst = y * stride;
            for (int x = 0; x < width; x++, src++, dst += 3) {
                rgb24[dst] = toByte(data[src]);
                rgb24[dst + 1] = toByte(data[plane + src]);
                rgb24[dst + 2] = toByte(data[2 * plane + src]);
            }
        }
    }

    /**
     * Writes {@code image} (3 planes) as rounded, clamped little-endian 16-bit RGB ({@code rgb48le})
     * rows {@code stride} bytes apart: the input of 10-bit encoding, with no 8-bit step.
     */
    static void toRgb48(PlanarImage image, byte[] rgb48, int stride) {
        int width = image.width();
        int height = image.height();
        float[] data = image.data();
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            int src = y * width;
            int dst = y * stride;
            for (int x = 0; x < width; x++, src++) {
                for (int c = 0; c < 3; c++, dst += 2) {
                    int v = toShort(data[c * plane + src]);
                    rgb48[dst] = (byte) v;
                    rgb48[dst + 1] = (byte) (v >>> 8);
                }
            }
        }
    }

    private static int toShort(float v) {
        int i = (int) (v * 65535f + 0.5f);
        return i < 0 ? 0 : Math.min(i, 65535);
    }

    private static byte toByte(float v) {
        int i = (int) (v * 255f + 0.5f);
        return (byte) (i < 0 ? 0 : Math.min(i, 255));
    }
}
