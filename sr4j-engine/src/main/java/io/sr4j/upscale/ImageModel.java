package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;

/** Something that enlarges colour planes: a network run over tiles, or a classical resampler. */
interface ImageModel extends AutoCloseable {
    /** The factor one pass enlarges by; 0 if any factor works (resamplers). */
    int nativeScale();

    /**
     * Enlarges {@code rgb} by {@code scale} (= {@link #nativeScale()} for networks); returns a new image,
     * values unclamped.
     */
    PlanarImage enlarge(PlanarImage rgb, double scale, TileProgress progress);

    @Override
    default void close() {
    }
}
