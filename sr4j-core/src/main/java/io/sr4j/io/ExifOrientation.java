package io.sr4j.io;

import io.sr4j.image.PlanarImage;

/**
 * The eight EXIF/TIFF orientations (tag 274) and the pixel transform that makes a stored image
 * upright.
 *
 * <p>The tag says where the stored image's 0th row and 0th column belong when displayed:
 * 1 top/left, 2 top/right, 3 bottom/right, 4 bottom/left, 5 left/top, 6 right/top,
 * 7 right/bottom, 8 left/bottom. Values 5–8 swap width and height.
 */
public final class ExifOrientation {
    private ExifOrientation() {
    }

    /** True for orientations 5–8, which swap width and height. */
    public static boolean swapsAxes(int orientation) {
        check(orientation);
        return orientation >= 5;
    }

    /** The orientation that undoes {@code orientation} (6 and 8 undo each other; the rest undo themselves). */
    public static int inverse(int orientation) {
        check(orientation);
        return orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
    }

    /**
     * Returns the upright version of {@code stored}, an image saved with EXIF orientation
     * {@code orientation}: every plane is flipped/rotated/transposed into a new image. For 1 the
     * input itself is returned.
     *
     * @throws IllegalArgumentException if {@code orientation} is not 1–8
     */
    public static PlanarImage apply(PlanarImage stored, int orientation) {
        check(orientation);
        if (orientation == 1) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        // Displayed pixel (x, y) comes from stored index base + x * dx + y * dy.
        int base;
        int dx;
        int dy;
        switch (orientation) {
            case 2 -> { base = w - 1; dx = -1; dy = w; }                 // mirror left-right
            case 3 -> { base = (h - 1) * w + w - 1; dx = -1; dy = -w; }  // rotate 180°
            case 4 -> { base = (h - 1) * w; dx = 1; dy = -w; }           // mirror top-bottom
            case 5 -> { base = 0; dx = w; dy = 1; }                      // transpose
            case 6 -> { base = (h - 1) * w; dx = -w; dy = 1; }           // rotate 90° clockwise
            case 7 -> { base = (h - 1) * w + w - 1; dx = -w; dy = -1; }  // transverse
            default -> { base = w - 1; dx = w; dy = -1; }                // 8: rotate 90° anticlockwise
        }
        int outW = orientation >= 5 ? h : w;
        int outH = orientation >= 5 ? w : h;
        int plane = w * h;
        float[] src = stored.data();
        PlanarImage out = new PlanarImage(outW, outH, stored.channels());
        float[] dst = out.data();
        for (int c = 0; c < stored.channels(); c++) {
            int planeBase = c * plane;
            int o = planeBase;
            for (int y = 0; y < outH; y++) {
                int s = planeBase + base + y * dy;
                for (int x = 0; x < outW; x++) {
                    dst[o++] = src[s];
                    s += dx;
                }
            }
        }
        return out;
    }

    private static void check(int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8, got " + orientation);
        }
    }
}
