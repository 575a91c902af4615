package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestPhotos;
import java.util.Locale;

/**
 * How to enlarge beyond a network's native scale (×8 with a ×4 network), measured: real photos
 * reduced ×8 with MATLAB bicubic, enlarged back by (a) the network then bicubic ×2, (b) the network
 * then Lanczos-3 ×2, (c) the network twice (×16) then bicubic ×1/2; PSNR on Y with the border
 * shaved (SR-paper convention) against the original, and seconds. Not a test: run it with
 * tools/timing/beyond-native-scale.sh [MODEL].
 */
public final class BeyondNativeScale {
    private BeyondNativeScale() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "realesrgan-x4fast";
        Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC);
        Resampler lanczos = Resampler.of(ResampleFilter.LANCZOS3);
        System.out.println("| photo | net+bicubic dB | net+Lanczos dB | two passes dB | s (a) | s (c) |");
        System.out.println("|---|---|---|---|---|---|");
        try (Upscaler net = TestModels.upscaler(model, 512)) {
            for (String name : new String[] {"astronaut.png", "coffee.png", "chelsea.png"}) {
                PlanarImage photo = TestPhotos.rgb(name);
                PlanarImage hr = photo.crop(0, 0, photo.width() / 8 * 8, photo.height() / 8 * 8);
                PlanarImage lr = bicubic.scale(hr, 1.0 / 8).clampInPlace(0f, 1f);
                long t0 = System.nanoTime();
                PlanarImage x4 = net.upscale(lr, 4, TileProgress.none());
                double oneNet = (System.nanoTime() - t0) / 1e9;
                PlanarImage a = bicubic.resize(x4, hr.width(), hr.height()).clampInPlace(0f, 1f);
                PlanarImage b = lanczos.resize(x4, hr.width(), hr.height()).clampInPlace(0f, 1f);
                long t1 = System.nanoTime();
                PlanarImage x16 = net.upscale(x4, 4, TileProgress.none());
                PlanarImage c = bicubic.resize(x16, hr.width(), hr.height()).clampInPlace(0f, 1f);
                double twoNets = oneNet + (System.nanoTime() - t1) / 1e9;
                MetricOptions options = MetricOptions.forScale(8);
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", name,
                        QualityMetrics.psnr(hr, a, options), QualityMetrics.psnr(hr, b, options),
                        QualityMetrics.psnr(hr, c, options), oneNet, twoNets);
            }
        }
    }
}
