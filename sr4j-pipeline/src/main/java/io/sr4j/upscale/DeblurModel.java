package io.sr4j.upscale;

import io.sr4j.deblur.BlindDeblur;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;

/**
 * sr4j's blind deblurring ({@link BlindDeblur}) posing as a 1× model: the blur is estimated from
 * the whole picture's spectrum, so it needs the whole input first (no streaming) and hands the
 * restored picture on as one band.
 */
final class DeblurModel implements ImageModel {
    /** Doubles a deconvolution window holds (canvas planes, spectra, CG vectors), in floats. */
    private static final long WINDOW_SAMPLES = 24L * 512 * 512;

    private final BlindDeblur deblur;
    private final int threads;

    DeblurModel(int threads) {
        this.threads = Math.max(1, threads);
        this.deblur = new BlindDeblur(this.threads);
    }

    @Override
    public int nativeScale() {
        return 1;
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        PlanarImage restored = deblur.restore(rgb).image();
        progress.advanced(1, 1);
        sink.rows(restored == rgb ? rgb.copy() : restored, null);
    }

    @Override
    public long bandSamples(int inputWidth, int inputHeight, OutputGeometry target) {
        // The blended sums (doubles) and weights, the output, and one window per thread.
        long pixels = (long) inputWidth * inputHeight;
        return pixels * 11 + threads * WINDOW_SAMPLES;
    }
}
