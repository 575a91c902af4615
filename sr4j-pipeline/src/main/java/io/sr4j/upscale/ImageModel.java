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

    /** Tiles one run over {@code width × height} reports progress in (0 for a resampler). */
    default int tiles(int width, int height) {
        return 0;
    }

    /**
     * A sink that takes this model's input band by band, top to bottom, for an image of {@code
     * width × height}, and hands the output (native scale, unclamped) to {@code sink} as soon as
     * the input rows it needs have come: so a chain of models runs without any whole intermediate
     * image. Empty where the model needs the whole input first (image-wide statistics of several
     * tiles, or a resampler).
     */
    default java.util.Optional<RowSink> streamingInput(int width, int height, TileProgress progress, RowSink sink) {
        return java.util.Optional.empty();
    }

    /**
     * A view of this model that takes the previous frame's output for tiles whose input is unchanged
     * ({@link TileReuse}); it shares this model's sessions and does not close them. Empty where the
     * model does not run tiles through a network.
     */
    default java.util.Optional<ImageModel> reusingTiles(TileReuse memory) {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }
}
