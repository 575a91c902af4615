package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;

/**
 * The eight flips and quarter turns of a square (the dihedral group D4) on planar images, for the
 * self-ensemble: transform {@code k} transposes when bit 2 is set, then mirrors left-right for bit
 * 0 and top-bottom for bit 1, so {@link #invert} undoes {@link #apply} exactly (pixels are moved,
 * never interpolated).
 */
final class Dihedral {
    /** How many transforms there are. */
    static final int COUNT = 8;

    private Dihedral() {
    }

    /** Whether transform {@code k} swaps width and height. */
    static boolean transposes(int k) {
        return (k & 4) != 0;
    }

    /** Transform {@code k} of {@code image}, a new image. */
    static PlanarImage apply(PlanarImage image, int k) {
        PlanarImage t = transposes(k) ? transpose(image) : image;
        return flip(t, (k & 1) != 0, (k & 2) != 0, t == image);
    }

    /** The image {@link #apply}{@code (original, k)} was made from. */
    static PlanarImage invert(PlanarImage image, int k) {
        PlanarImage unflipped = flip(image, (k & 1) != 0, (k & 2) != 0, true);
        return transposes(k) ? transpose(unflipped) : unflipped;
    }

    private static PlanarImage transpose(PlanarImage in) {
        int w = in.width();
        int h = in.height();
        PlanarImage out = new PlanarImage(h, w, in.channels());
        float[] src = in.data();
        float[] dst = out.data();
        for (int c = 0; c < in.channels(); c++) {
            int so = in.planeOffset(c);
            int d0 = out.planeOffset(c);
            for (int y = 0; y < h; y++) {
                int row = so + y * w;
                for (int x = 0; x < w; x++) {
                    dst[d0 + x * h + y] = src[row + x];
                }
            }
        }
        return out;
    }

    /** Mirrors; copies first when {@code copy} (so the caller's image is never changed). */
    private static PlanarImage flip(PlanarImage in, boolean leftRight, boolean topBottom, boolean copy) {
        if (!leftRight && !topBottom) {
            return copy ? in.copy() : in;
        }
        int w = in.width();
        int h = in.height();
        PlanarImage out = new PlanarImage(w, h, in.channels());
        float[] src = in.data();
        float[] dst = out.data();
        for (int c = 0; c < in.channels(); c++) {
            int o = in.planeOffset(c);
            for (int y = 0; y < h; y++) {
                int from = o + (topBottom ? h - 1 - y : y) * w;
                int to = o + y * w;
                if (leftRight) {
                    for (int x = 0; x < w; x++) {
                        dst[to + x] = src[from + w - 1 - x];
                    }
                } else {
                    System.arraycopy(src, from, dst, to, w);
                }
            }
        }
        return out;
    }
}
