package io.sr4j.image;

/**
 * Receives an image band by band, top to bottom, so that a consumer (a streaming encoder, a
 * streaming resizer) never needs the whole image in memory.
 *
 * <p>Each call hands over the next {@code rgb.height()} rows. The bands are the caller's: a sink
 * may keep a reference only until it returns, unless the producer documents otherwise.
 */
@FunctionalInterface
public interface RowSink {
    /**
     * The next rows of the image.
     *
     * @param rgb   three colour planes, values nominally in [0, 1]
     * @param alpha one plane of the same size, or null for opaque images
     */
    void rows(PlanarImage rgb, PlanarImage alpha);
}
