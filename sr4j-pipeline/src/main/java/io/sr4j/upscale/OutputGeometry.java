package io.sr4j.upscale;

import io.sr4j.resample.Resampler;

/**
 * The size of an upscaled image and the factors that map input to it.
 *
 * @param width  output width
 * @param height output height
 * @param scaleX horizontal factor used to map coordinates (MATLAB imresize semantics)
 * @param scaleY vertical factor
 */
public record OutputGeometry(int width, int height, double scaleX, double scaleY) {
    public OutputGeometry {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + width + "x" + height);
        }
    }

    /**
     * Scaling {@code inWidth × inHeight} by {@code scale}: {@code ceil(scale × size)} per edge,
     * coordinates mapped with the factor itself (MATLAB {@code imresize(A, scale)}).
     */
    public static OutputGeometry ofScale(int inWidth, int inHeight, double scale) {
        return new OutputGeometry(Resampler.outputLength(inWidth, scale), Resampler.outputLength(inHeight, scale),
                scale, scale);
    }

    /**
     * The largest image with the input's aspect that fits {@code maxWidth × maxHeight} (either may be
     * 0 for "any"), at least 1 pixel per edge; coordinates mapped with {@code out / in} per edge.
     */
    public static OutputGeometry fit(int inWidth, int inHeight, int maxWidth, int maxHeight) {
        if (maxWidth <= 0 && maxHeight <= 0) {
            throw new IllegalArgumentException("give a width, a height or both");
        }
        double s = Double.POSITIVE_INFINITY;
        if (maxWidth > 0) {
            s = Math.min(s, (double) maxWidth / inWidth);
        }
        if (maxHeight > 0) {
            s = Math.min(s, (double) maxHeight / inHeight);
        }
        // The edge that decides the scale gets exactly its target; the other is rounded.
        int w = maxWidth > 0 && (double) maxWidth / inWidth == s ? maxWidth : (int) Math.max(1, Math.round(inWidth * s));
        int h = maxHeight > 0 && (double) maxHeight / inHeight == s ? maxHeight
                : (int) Math.max(1, Math.round(inHeight * s));
        return new OutputGeometry(w, h, (double) w / inWidth, (double) h / inHeight);
    }

    /** Output pixels. */
    public long pixels() {
        return (long) width * height;
    }

    /** The larger of the two factors, the one that decides how much enlarging is needed. */
    public double scale() {
        return Math.max(scaleX, scaleY);
    }
}
