package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonProperty;
/**
 * What the tiler must do around a model's network.
 *
 * @param padding   input pixels added on every side of a tile before it enters the network, taken from
 *                  the image or, outside it, filled by {@code border}; the matching output margin is cropped
 * @param alignment the padded tile's width and height must be a multiple of this (1: any size); extra
 *                  pixels go to the right and bottom
 * @param border    how padding outside the image is filled
 */
public record TilingHints(
        @JsonProperty(required = true) int padding,
        @JsonProperty(required = true) int alignment,
        @JsonProperty(required = true) BorderMode border) {
    /** Upper bounds that catch typos in a catalogue, not limits of the tiler. */
    static final int MAX_PADDING = 256;
    static final int MAX_ALIGNMENT = 64;

    public TilingHints {
        if (padding < 0 || padding > MAX_PADDING) {
            throw new IllegalArgumentException("tile padding must be 0.." + MAX_PADDING + ", got " + padding);
        }
        if (alignment < 1 || alignment > MAX_ALIGNMENT) {
            throw new IllegalArgumentException("tile alignment must be 1.." + MAX_ALIGNMENT + ", got " + alignment);
        }
        if (border == null) {
            throw new IllegalArgumentException("tile border mode is missing");
        }
    }
}
