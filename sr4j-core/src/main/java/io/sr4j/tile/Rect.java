package io.sr4j.tile;

/**
 * An axis-aligned rectangle of whole pixels: columns {@code x .. x + width - 1}, rows
 * {@code y .. y + height - 1}. The origin may be negative (a tile's padded source rectangle
 * reaches outside the image); the size is always at least 1×1.
 */
public record Rect(int x, int y, int width, int height) {

    /** @throws IllegalArgumentException if the size is not positive or the far edge overflows int */
    public Rect {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("rectangle size must be positive, got " + width + "x" + height);
        }
        if ((long) x + width > Integer.MAX_VALUE || (long) y + height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rectangle (" + x + "," + y + " " + width + "x" + height
                    + ") reaches past the int range");
        }
    }

    /** One past the last column: {@code x + width}. */
    public int right() {
        return x + width;
    }

    /** One past the last row: {@code y + height}. */
    public int bottom() {
        return y + height;
    }

    /** Number of pixels, as a long so that large output rectangles cannot overflow. */
    public long area() {
        return (long) width * height;
    }

    /** Whether {@code other} lies entirely inside this rectangle (edges may touch). */
    public boolean contains(Rect other) {
        return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }

    /** Whether the pixel (px, py) lies inside this rectangle. */
    public boolean contains(int px, int py) {
        return px >= x && py >= y && px < right() && py < bottom();
    }

    /** This rectangle with origin and size multiplied by {@code factor} (≥ 1). */
    public Rect scaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("scale factor must be >= 1, got " + factor);
        }
        long sx = (long) x * factor;
        long sy = (long) y * factor;
        long sw = (long) width * factor;
        long sh = (long) height * factor;
        if (sx != (int) sx || sy != (int) sy || sw != (int) sw || sh != (int) sh) {
            throw new IllegalArgumentException("rectangle " + this + " scaled by " + factor
                    + " does not fit the int range");
        }
        return new Rect((int) sx, (int) sy, (int) sw, (int) sh);
    }

    @Override
    public String toString() {
        return "(" + x + "," + y + " " + width + "x" + height + ")";
    }
}
