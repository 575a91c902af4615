package io.sr4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.quality.Degradations;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.util.List;

/**
 * PSNR on held-out photos as {@code sr4j eval} measures it: 8-bit output, Y channel, border of
 * {@code scale} pixels shaved, averaged over the photos.
 */
final class Validation {
    private final List<PhotoSet.Pair> photos;
    private final MetricOptions metric;

    Validation(PhotoSet photos, int scale) {
        this.photos = photos.pairs();
        this.metric = MetricOptions.forScale(scale);
    }

    List<PhotoSet.Pair> photos() {
        return photos;
    }

    boolean isEmpty() {
        return photos.isEmpty();
    }

    double bicubicPsnr() {
        Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC);
        return mean(p -> bicubic.resize(p.lr(), p.hr().width(), p.hr().height()));
    }

    double networkPsnr(SrNetwork net, NDManager manager) {
        return mean(p -> run(net, manager, p.lr()));
    }

    /**
     * The network's output for one image, in DJL (no gradients are recorded outside a collector).
     * The input is first mirrored outwards by the model's tile padding, as sr4j's tiler does, so
     * borders are measured as users will see them.
     */
    static PlanarImage run(SrNetwork net, NDManager manager, PlanarImage lr) {
        int pad = ExportedModel.padding(net);
        int s = net.scale();
        return forward(net, manager, reflect(lr, pad)).crop(pad * s, pad * s, lr.width() * s, lr.height() * s);
    }

    /** The network's raw output for one image (zero padding at its borders, as in the ONNX graph). */
    static PlanarImage forward(SrNetwork net, NDManager manager, PlanarImage lr) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = scope.create(lr.data(), new Shape(1, 3, lr.height(), lr.width()));
            NDArray out = net.forward(new ParameterStore(scope, false), new NDList(in), false).singletonOrThrow();
            int s = net.scale();
            return new PlanarImage(lr.width() * s, lr.height() * s, 3, out.toFloatArray());
        }
    }

    /** {@code img} grown by {@code pad} pixels on each side, mirrored about the edge pixels. */
    static PlanarImage reflect(PlanarImage img, int pad) {
        int w = img.width();
        int h = img.height();
        PlanarImage out = new PlanarImage(w + 2 * pad, h + 2 * pad, img.channels());
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                int sy = mirror(y - pad, h);
                for (int x = 0; x < out.width(); x++) {
                    out.set(c, x, y, img.get(c, mirror(x - pad, w), sy));
                }
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, Math.max(1, period));
        return m < n ? m : period - m;
    }

    /** Mean PSNR of {@code upscale}'s output (quantised to 8 bits) against each photo. */
    double mean(java.util.function.Function<PhotoSet.Pair, PlanarImage> upscale) {
        if (photos.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (PhotoSet.Pair p : photos) {
            sum += QualityMetrics.psnr(p.hr(), Degradations.quantize(upscale.apply(p)), metric);
        }
        return sum / photos.size();
    }
}
