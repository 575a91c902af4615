package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;

/** A classical filter (MATLAB imresize semantics) posing as a model: any scale, no tiles. */
final class ResamplerModel implements ImageModel {
    private final Resampler resampler;

    ResamplerModel(ResampleFilter filter, int threads) {
        this.resampler = Resampler.of(filter).withThreads(threads);
    }

    @Override
    public int nativeScale() {
        return 0;
    }

    @Override
    public PlanarImage enlarge(PlanarImage rgb, double scale, TileProgress progress) {
        PlanarImage out = resampler.scale(rgb, scale);
        progress.advanced(1, 1);
        return out;
    }
}
