package io.sr4j.io;

import java.time.Instant;
import java.util.Objects;

/**
 * How an output image was made, recorded in its XMP packet by {@link XmpPackets#withProvenance}.
 *
 * @param software    the program and version, e.g. "sr4j 0.1.0"
 * @param model       the model id (or model file name)
 * @param modelSha256 the SHA-256 of the model's weights file, or null when unknown (classical filters)
 * @param scale       the scale factor as written ("4", "2.5")
 * @param tileSize    the tile edge in input pixels, or 0 when the model is not tiled
 * @param date        when the image was made
 * @param pipeline    every stage that ran, in order, with its model and parameters (e.g.
 *                    {@code denoise=1 waifu2x-cunet-noise1, sr=4 sr4j-fast-x4}), or null when not recorded
 */
public record Provenance(String software, String model, String modelSha256, String scale, int tileSize, Instant date,
                         String pipeline) {
    public Provenance {
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(date, "date");
    }

    /** A note without the stage list (one model ran). */
    public Provenance(String software, String model, String modelSha256, String scale, int tileSize, Instant date) {
        this(software, model, modelSha256, scale, tileSize, date, null);
    }
}
