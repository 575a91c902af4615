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
 */
public record Provenance(String software, String model, String modelSha256, String scale, int tileSize, Instant date) {
    public Provenance {
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(date, "date");
    }
}
