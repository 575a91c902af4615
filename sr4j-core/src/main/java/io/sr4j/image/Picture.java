package io.sr4j.image;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded image as sr4j works on it: three colour planes (R, G, B in [0, 1]), an optional alpha
 * plane of the same size (kept apart so it can be resampled separately from colour), and what
 * the encoder needs to know about the source.
 */
public final class Picture {
    private final PlanarImage rgb;
    private final PlanarImage alpha;
    private final SourceInfo source;

    public Picture(PlanarImage rgb, PlanarImage alpha, SourceInfo source) {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(source, "source");
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("colour must have 3 planes, got " + rgb.channels());
        }
        if (alpha != null && (alpha.channels() != 1 || alpha.width() != rgb.width()
                || alpha.height() != rgb.height())) {
            throw new IllegalArgumentException("alpha must be one plane of " + rgb.width() + "x"
                    + rgb.height() + ", got " + alpha);
        }
        this.rgb = rgb;
        this.alpha = alpha;
        this.source = source;
    }

    /** An opaque picture made in memory. */
    public static Picture of(PlanarImage rgb) {
        return new Picture(rgb, null, SourceInfo.synthetic());
    }

    public PlanarImage rgb() {
        return rgb;
    }

    public Optional<PlanarImage> alpha() {
        return Optional.ofNullable(alpha);
    }

    public boolean hasAlpha() {
        return alpha != null;
    }

    public SourceInfo source() {
        return source;
    }

    public int width() {
        return rgb.width();
    }

    public int height() {
        return rgb.height();
    }

    /** The same source info with new pixels (e.g. after upscaling). */
    public Picture withPixels(PlanarImage newRgb, PlanarImage newAlpha) {
        return new Picture(newRgb, newAlpha, source);
    }

    /** The same pixels with other source info (e.g. after a colour conversion, or new metadata). */
    public Picture withSource(SourceInfo newSource) {
        return new Picture(rgb, alpha, newSource);
    }

    @Override
    public String toString() {
        return "Picture[" + width() + "x" + height() + (alpha != null ? "+alpha" : "") + ", " + source.format()
                + " " + source.bitDepth() + "-bit]";
    }
}
