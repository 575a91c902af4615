package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;

/**
 * A network run eight times, on every flip and quarter turn of the input, its outputs turned back
 * and averaged (the "×8 self-ensemble" of the SR literature): about +0.1–0.3 dB for eight times
 * the work. Each run is a whole ordinary run of the network (tiles, image-wide statistics), so the
 * average is exactly that of eight separate upscales; the sum is held as one float image of the
 * output's size, handed on band by band at the end.
 */
final class SelfEnsemble implements ImageModel {
    /** Output rows handed to the sink at a time. */
    private static final int BAND_ROWS = 64;

    private final ImageModel network;

    SelfEnsemble(ImageModel network) {
        if (network.nativeScale() < 1) {
            throw new IllegalArgumentException("the self-ensemble averages a network's runs; a classical filter "
                    + "gives the same pixels every time");
        }
        this.network = network;
    }

    @Override
    public int nativeScale() {
        return network.nativeScale();
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        int scale = network.nativeScale();
        PlanarImage sum = null;
        int perRun = Math.max(1, network.tiles(rgb.width(), rgb.height()));
        for (int k = 0; k < Dihedral.COUNT; k++) {
            PlanarImage input = Dihedral.apply(rgb, k);
            OutputGeometry own = new OutputGeometry(input.width() * scale, input.height() * scale, scale, scale);
            int done = k * perRun;
            PlanarImage out = Dihedral.invert(collect(input, own, (d, t) -> progress.advanced(done + d,
                    Dihedral.COUNT * perRun)), k);
            if (sum == null) {
                sum = out;
            } else {
                float[] s = sum.data();
                float[] o = out.data();
                for (int i = 0; i < s.length; i++) {
                    s[i] += o[i];
                }
            }
        }
        float[] s = sum.data();
        for (int i = 0; i < s.length; i++) {
            s[i] /= Dihedral.COUNT;
        }
        for (int y = 0; y < sum.height(); y += BAND_ROWS) {
            sink.rows(sum.crop(0, y, sum.width(), Math.min(BAND_ROWS, sum.height() - y)), null);
        }
    }

    /** One whole run of the network, its bands gathered into one image. */
    private PlanarImage collect(PlanarImage input, OutputGeometry own, TileProgress progress) {
        BandCollector out = new BandCollector(own.width(), own.height());
        network.enlarge(input, own, progress, out);
        return out.rgb();
    }

    @Override
    public long bandSamples(int inputWidth, int inputHeight, OutputGeometry target) {
        long output = (long) inputWidth * nativeScale() * inputHeight * nativeScale() * 3;
        // The sum and one run's output, whole, beside the network's own buffers.
        return 2 * output + network.bandSamples(inputWidth, inputHeight, target);
    }

    @Override
    public int tiles(int width, int height) {
        return Dihedral.COUNT * Math.max(1, network.tiles(width, height));
    }

    @Override
    public void close() {
        network.close();
    }
}
