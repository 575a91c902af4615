package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.resample.StreamingResampler;

/** A classical filter (MATLAB imresize semantics) posing as a model: any scale, no tiles. */
final class ResamplerModel implements ImageModel {
    /** Input rows pushed per step: small enough to keep the window short, large enough to be cheap. */
    private static final int ROWS_PER_PUSH = 64;

    private final Resampler resampler;

    ResamplerModel(ResampleFilter filter, int threads) {
        this.resampler = Resampler.of(filter).withThreads(threads);
    }

    @Override
    public int nativeScale() {
        return 0;
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        StreamingResampler stream = resampler.streaming(rgb.width(), rgb.height(), target.width(), target.height(),
                target.scaleX(), target.scaleY(), rgb.channels(), band -> sink.rows(band, null));
        for (int y = 0; y < rgb.height(); y += ROWS_PER_PUSH) {
            stream.push(rgb.crop(0, y, rgb.width(), Math.min(ROWS_PER_PUSH, rgb.height() - y)));
        }
        progress.advanced(1, 1);
    }

    @Override
    public long bandSamples(int inputWidth, int inputHeight, OutputGeometry target) {
        return StreamingCosts.resizeSamples(target.width(), target.scaleY(), 3);
    }
}
