package io.sr4j.tile;

import io.sr4j.image.PlanarImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * Copies a tile's padded source rectangle out of an image, all planes, filling samples outside
 * the image by a {@link BorderMode}. Immutable and thread-safe; each call touches only its own
 * destination.
 *
 * <p>The in-image part of each row is one {@code System.arraycopy}; only the border columns go
 * through an index table, and out-of-image rows copy the row the border rule maps them to. Works
 * for any rectangle, including padding larger than the image (the rule is applied repeatedly) and
 * rectangles entirely outside it.
 */
public final class TileExtractor {
    private final BorderMode border;

    /** An extractor that fills outside samples by {@code border}. */
    public TileExtractor(BorderMode border) {
        this.border = Objects.requireNonNull(border, "border");
    }

    public BorderMode border() {
        return border;
    }

    /**
     * Reads {@code tile.source()} of every plane of {@code image} into a new image of the source's
     * size and {@code image}'s channel count.
     */
    public PlanarImage extract(PlanarImage image, Tile tile) {
        Rect r = tile.source();
        PlanarImage into = new PlanarImage(r.width(), r.height(), image.channels());
        extract(image, r, into);
        return into;
    }

    /**
     * Reads {@code tile.source()} of every plane of {@code image} into {@code into} (a reused
     * buffer of exactly the source's size and {@code image}'s channel count) and returns it.
     */
    public PlanarImage extract(PlanarImage image, Tile tile, PlanarImage into) {
        extract(image, tile.source(), into);
        return into;
    }

    /**
     * Reads rectangle {@code rect} (input coordinates, may reach outside the image) of every plane
     * of {@code image} into {@code into}, overwriting all of it.
     *
     * @throws IllegalArgumentException if {@code into} is not {@code rect}'s size or has a
     *                                  different channel count
     */
    public void extract(PlanarImage image, Rect rect, PlanarImage into) {
        extract(image, 0, image.height(), rect, into);
    }

    /**
     * As {@link #extract(PlanarImage, Rect, PlanarImage)} from a window of an image's rows: {@code
     * window} holds rows {@code windowY0 …} of an image {@code imageHeight} rows tall (and of the
     * window's width); the border rule is applied to the whole image's height, as if it were whole.
     * For a stage that receives its input band by band.
     *
     * @throws IllegalArgumentException if a row the rectangle reads is not in the window
     */
    public void extract(PlanarImage window, int windowY0, int imageHeight, Rect rect, PlanarImage into) {
        PlanarImage image = window;
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(rect, "rect");
        Objects.requireNonNull(into, "into");
        if (into.width() != rect.width() || into.height() != rect.height() || into.channels() != image.channels()) {
            throw new IllegalArgumentException("destination " + into + " does not match rectangle " + rect
                    + " with " + image.channels() + " channels");
        }
        int iw = image.width();
        int ih = imageHeight;
        int w = rect.width();
        int h = rect.height();
        int x0 = rect.x();

        // Columns [left, right) of the destination read the image directly at x0 + dx; the rest
        // are border columns, looked up through colMap (built once per call, not per row).
        int left = (int) Math.min(w, Math.max(0L, -(long) x0));
        int right = (int) Math.max(left, Math.min(w, (long) iw - x0));
        int[] colMap = new int[w];
        for (int dx = 0; dx < left; dx++) {
            colMap[dx] = border.sourceIndex(x0 + dx, iw);
        }
        for (int dx = right; dx < w; dx++) {
            colMap[dx] = border.sourceIndex(x0 + dx, iw);
        }
        int[] rowMap = new int[h];
        for (int dy = 0; dy < h; dy++) {
            int sy = border.sourceIndex(rect.y() + dy, ih);
            if (sy >= 0) {
                sy -= windowY0;
                if (sy < 0 || sy >= window.height()) {
                    throw new IllegalArgumentException("row " + (sy + windowY0) + " of " + rect
                            + " is not in the window of rows " + windowY0 + ".." + (windowY0 + window.height()));
                }
            }
            rowMap[dy] = sy;
        }

        float[] src = image.data();
        float[] dst = into.data();
        boolean zero = border == BorderMode.ZERO;
        for (int c = 0; c < image.channels(); c++) {
            int srcPlane = image.planeOffset(c);
            int dstPlane = into.planeOffset(c);
            for (int dy = 0; dy < h; dy++) {
                int d = dstPlane + dy * w;
                int sy = rowMap[dy];
                if (sy < 0) {
                    Arrays.fill(dst, d, d + w, 0f);
                    continue;
                }
                int s = srcPlane + sy * iw;
                if (right > left) {
                    System.arraycopy(src, s + x0 + left, dst, d + left, right - left);
                }
                if (zero) {
                    Arrays.fill(dst, d, d + left, 0f);
                    Arrays.fill(dst, d + right, d + w, 0f);
                } else {
                    for (int dx = 0; dx < left; dx++) {
                        dst[d + dx] = src[s + colMap[dx]];
                    }
                    for (int dx = right; dx < w; dx++) {
                        dst[d + dx] = src[s + colMap[dx]];
                    }
                }
            }
        }
    }
}
