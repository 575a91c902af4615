package io.sr4j.image;

import java.util.Arrays;

/**
 * A planar float32 image: {@code channels} planes of {@code height × width} samples, stored
 * channel-major (CHW) in one array, so that it maps directly onto an NCHW tensor with N = 1.
 *
 * <p>Sample (c, x, y) lives at {@code data[c * width * height + y * width + x]}. Colour images
 * hold R, G, B in [0, 1]; other uses (alpha, Y, masks) hold one plane. The array is exposed on
 * purpose: hot loops index it directly instead of calling accessors per pixel.
 */
public final class PlanarImage {
    private final int width;
    private final int height;
    private final int channels;
    private final float[] data;

    /** A new zero-filled image. */
    public PlanarImage(int width, int height, int channels) {
        this(width, height, channels, new float[checkedLength(width, height, channels)]);
    }

    /** Wraps {@code data} (not copied) as a CHW image of the given shape. */
    public PlanarImage(int width, int height, int channels, float[] data) {
        long length = checkedLength(width, height, channels);
        if (data.length != length) {
            throw new IllegalArgumentException(
                    "data has " + data.length + " samples, shape " + channels + "x" + height + "x" + width
                            + " needs " + length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
    }

    private static int checkedLength(int width, int height, int channels) {
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        long length = (long) width * height * channels;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "image of " + width + "x" + height + "x" + channels + " is too large for one array;"
                            + " process it in tiles");
        }
        return (int) length;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** Samples in one plane: {@code width * height}. */
    public int planeSize() {
        return width * height;
    }

    /** The backing array (CHW), shared, not a copy. */
    public float[] data() {
        return data;
    }

    /** Index of the first sample of plane {@code c} in {@link #data()}. */
    public int planeOffset(int c) {
        return c * width * height;
    }

    public float get(int c, int x, int y) {
        return data[c * width * height + y * width + x];
    }

    public void set(int c, int x, int y, float value) {
        data[c * width * height + y * width + x] = value;
    }

    /** A deep copy. */
    public PlanarImage copy() {
        return new PlanarImage(width, height, channels, data.clone());
    }

    /** A new one-channel image holding a copy of plane {@code c}. */
    public PlanarImage plane(int c) {
        if (c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("channel " + c + " of " + channels);
        }
        int n = planeSize();
        float[] out = new float[n];
        System.arraycopy(data, c * n, out, 0, n);
        return new PlanarImage(width, height, 1, out);
    }

    /**
     * Copies the rectangle (x, y, w, h) of every plane into a new image. The rectangle must lie
     * inside this image.
     */
    public PlanarImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop (" + x + "," + y + " " + w + "x" + h
                    + ") outside image " + width + "x" + height);
        }
        PlanarImage out = new PlanarImage(w, h, channels);
        for (int c = 0; c < channels; c++) {
            int src = planeOffset(c) + y * width + x;
            int dst = out.planeOffset(c);
            for (int row = 0; row < h; row++) {
                System.arraycopy(data, src + row * width, out.data, dst + row * w, w);
            }
        }
        return out;
    }

    /** Clamps every sample into [lo, hi] in place and returns this image. */
    public PlanarImage clampInPlace(float lo, float hi) {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            data[i] = v < lo ? lo : (v > hi ? hi : v);
        }
        return this;
    }

    public boolean sameShape(PlanarImage other) {
        return width == other.width && height == other.height && channels == other.channels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlanarImage p && sameShape(p) && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PlanarImage[" + channels + "x" + height + "x" + width + "]";
    }
}
