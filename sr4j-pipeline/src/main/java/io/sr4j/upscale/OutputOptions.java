package io.sr4j.upscale;

import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Upscaler#upscaleFile} sizes and writes its output. Immutable; made by {@link #builder()}.
 * The size is one of: a scale, a width and/or height to fit (aspect kept), or neither (the
 * network's own scale, 4 for classical filters).
 */
public final class OutputOptions {
    private final Double scale;
    private final int width;
    private final int height;
    private final OutputGeometry exact;
    private final ImageEncoder encoder;
    private final long maxPixels;
    private final BandTransform colourTransform;

    private OutputOptions(Builder b) {
        this.scale = b.scale;
        this.width = b.width;
        this.height = b.height;
        this.exact = b.exact;
        this.encoder = b.encoder;
        this.maxPixels = b.maxPixels;
        this.colourTransform = b.colourTransform;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default: native scale, {@link ImageEncoder#defaults()}, default pixel limit. */
    public static OutputOptions defaults() {
        return builder().build();
    }

    /** The scale asked for, if one was. */
    public Optional<Double> scale() {
        return Optional.ofNullable(scale);
    }

    /** Width to fit, 0 for none. */
    public int width() {
        return width;
    }

    /** Height to fit, 0 for none. */
    public int height() {
        return height;
    }

    /**
     * Writes the output: format (from the file name unless the encoder fixes one), quality, bit
     * depth, and which metadata of the picture's {@link io.sr4j.image.SourceInfo} is embedded.
     */
    public ImageEncoder encoder() {
        return encoder;
    }

    /** Inputs with more pixels than this are refused from their header, before decoding. */
    public long maxPixels() {
        return maxPixels;
    }

    /** Applied to every output colour band before encoding; identity by default. */
    public BandTransform colourTransform() {
        return colourTransform;
    }

    /** These options with another colour transform (e.g. per image, back into its source profile). */
    public OutputOptions withColourTransform(BandTransform transform) {
        Builder b = new Builder();
        b.scale = scale;
        b.width = width;
        b.height = height;
        b.exact = exact;
        b.encoder = encoder;
        b.maxPixels = maxPixels;
        return b.colourTransform(transform).build();
    }

    /**
     * The output geometry for an upright input of {@code inWidth × inHeight}, where the model's
     * native scale is {@code nativeScale} (0: any).
     */
    public OutputGeometry geometry(int inWidth, int inHeight, int nativeScale) {
        if (exact != null) {
            return exact;
        }
        if (width > 0 || height > 0) {
            return OutputGeometry.fit(inWidth, inHeight, width, height);
        }
        double s = scale != null ? scale : nativeScale == 0 ? 4 : nativeScale;
        return OutputGeometry.ofScale(inWidth, inHeight, s);
    }

    /** Builds {@link OutputOptions}; refuses contradictory settings. */
    public static final class Builder {
        private Double scale;
        private int width;
        private int height;
        private OutputGeometry exact;
        private ImageEncoder encoder = ImageEncoder.defaults();
        private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;
        private BandTransform colourTransform = BandTransform.identity();

        private Builder() {
        }

        /** Enlarge (or reduce) by this factor, any finite number &gt; 0. */
        public Builder scale(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("scale must be a number > 0, got " + factor);
            }
            this.scale = factor;
            return this;
        }

        /** Fit this width (with {@link #height} too: fit inside both); the aspect ratio is kept. */
        public Builder width(int pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + pixels);
            }
            this.width = pixels;
            return this;
        }

        /** Fit this height (with {@link #width} too: fit inside both); the aspect ratio is kept. */
        public Builder height(int pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException("height must be >= 1, got " + pixels);
            }
            this.height = pixels;
            return this;
        }

        /**
         * Exactly this output geometry, whatever the input (a caller that computed it, e.g. the
         * last stage of a pipeline): its size, and the factors a classical filter maps coordinates by.
         */
        public Builder geometry(OutputGeometry target) {
            this.exact = Objects.requireNonNull(target, "target");
            return this;
        }

        /** The encoder that writes the output; default {@link ImageEncoder#defaults()}. */
        public Builder encoder(ImageEncoder outputEncoder) {
            this.encoder = Objects.requireNonNull(outputEncoder, "outputEncoder");
            return this;
        }

        public Builder maxPixels(long pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException("pixel limit must be >= 1, got " + pixels);
            }
            this.maxPixels = pixels;
            return this;
        }

        public Builder colourTransform(BandTransform transform) {
            this.colourTransform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /** @throws IllegalArgumentException if a scale is combined with a width or height */
        public OutputOptions build() {
            if (scale != null && (width > 0 || height > 0)) {
                throw new IllegalArgumentException("give a scale or a width/height to fit, not both");
            }
            return new OutputOptions(this);
        }
    }
}
