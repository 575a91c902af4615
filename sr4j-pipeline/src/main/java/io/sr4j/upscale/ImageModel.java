package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;

/** Something that enlarges colour planes: a network run over tiles, or a classical resampler. */
interface ImageModel extends AutoCloseable {
    /** The factor one pass enlarges by; 0 if any factor works (resamplers). */
    int nativeScale();

    /**
     * Enlarges {@code rgb}, handing the output to {@code sink} band by band, top to bottom (alpha
     * null); values unclamped. The bands are new images the sink may keep. A network ignores
     * {@code target} and enlarges by its native scale; a resampler produces {@code target}.
     */
    void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink);

    /**
     * Float samples held at once while enlarging (bands, windows, tile buffers), for memory estimates.
     */
    long bandSamples(int inputWidth, int inputHeight, OutputGeometry target);

    @Override
    default void close() {
    }
}
