package io.sr4j.pipeline;

import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.model.QualityTier;
import java.time.Clock;
import java.util.Objects;

/**
 * How an {@link ImageRestorer} reads and writes: the encoder, the input pixel limit, colour and
 * metadata. Immutable; made by {@link #builder()}.
 */
public final class RestoreOptions {
    /** What of the input's metadata the output carries. */
    public enum Metadata {
        /** EXIF and XMP copied, with sr4j's provenance note in the XMP. */
        COPY_WITH_PROVENANCE,
        /** No EXIF, no XMP, no note (an upload service, or {@code --strip-metadata}). */
        STRIP
    }

    private final ImageEncoder encoder;
    private final long maxPixels;
    private final boolean keepProfile;
    private final Metadata metadata;
    private final String software;
    private final int noteTileSize;
    private final Clock clock;
    private final QualityTier quality;
    private final boolean tileReuse;

    private RestoreOptions(Builder b) {
        this.encoder = b.encoder;
        this.maxPixels = b.maxPixels;
        this.keepProfile = b.keepProfile;
        this.metadata = b.metadata;
        this.software = b.software;
        this.noteTileSize = b.noteTileSize;
        this.clock = b.clock;
        this.quality = b.quality;
        this.tileReuse = b.tileReuse;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageEncoder encoder() {
        return encoder;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public boolean keepProfile() {
        return keepProfile;
    }

    public Metadata metadata() {
        return metadata;
    }

    public String software() {
        return software;
    }

    public int noteTileSize() {
        return noteTileSize;
    }

    public Clock clock() {
        return clock;
    }

    /** What an {@code sr} stage without a model runs: the tier's measured choice for the scale. */
    public QualityTier quality() {
        return quality;
    }

    /** Whether video frames ({@link ImageRestorer#frames}) reuse the previous frame's output for unchanged tiles. */
    public boolean tileReuse() {
        return tileReuse;
    }

    /** Builds {@link RestoreOptions}. */
    public static final class Builder {
        private ImageEncoder encoder = ImageEncoder.defaults();
        private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;
        private boolean keepProfile;
        private Metadata metadata = Metadata.COPY_WITH_PROVENANCE;
        private String software = "sr4j";
        private int noteTileSize;
        private Clock clock = Clock.systemUTC();
        private QualityTier quality = QualityTier.DEFAULT;
        private boolean tileReuse = true;

        private Builder() {
        }

        /** Writes the output: format (else from the file name), quality, bit depth. */
        public Builder encoder(ImageEncoder value) {
            this.encoder = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Inputs with more pixels are refused from their header, before decoding. */
        public Builder maxPixels(long pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException("pixel limit must be >= 1, got " + pixels);
            }
            this.maxPixels = pixels;
            return this;
        }

        /**
         * Convert the output back into the input's ICC profile and embed it (default: pixels are
         * worked on and written as sRGB).
         */
        public Builder keepProfile(boolean keep) {
            this.keepProfile = keep;
            return this;
        }

        public Builder metadata(Metadata value) {
            this.metadata = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The program named in the provenance note, e.g. {@code sr4j 0.1.0}. */
        public Builder software(String value) {
            this.software = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The tile edge the note records; 0 (automatic tiling) records none. */
        public Builder noteTileSize(int edge) {
            this.noteTileSize = Math.max(0, edge);
            return this;
        }

        /** The clock of the note's date (tests fix it). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The quality tier (default {@link QualityTier#DEFAULT}): {@code --quality}. */
        public Builder quality(QualityTier value) {
            this.quality = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * For video frames (default on): a network tile whose padded input is bit-identical to the same
         * tile's in the previous frame takes that frame's output instead of running the network, so the
         * pixels are the same either way. Costs a comparison of each tile's input and memory for one
         * frame's tile inputs and outputs; images ignore it.
         */
        public Builder tileReuse(boolean on) {
            this.tileReuse = on;
            return this;
        }

        public RestoreOptions build() {
            return new RestoreOptions(this);
        }
    }
}
