package io.sr4j.train;

import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import java.util.SplittableRandom;

/**
 * The real-world variant's extra degradations of a low-resolution crop: Gaussian blur, Gaussian
 * noise and JPEG compression, each applied to a random share of the crops with a random strength.
 */
final class Degrader {
    private final TrainConfig.Degrade config;

    Degrader(TrainConfig.Degrade config) {
        this.config = config;
    }

    boolean active() {
        return config.any();
    }

    /** Degrades {@code lr} (values in 0..1) in place. */
    void apply(PlanarImage lr, SplittableRandom random) {
        if (config.blurSigma() > 0 && random.nextDouble() < config.probability()) {
            blur(lr, 0.2 + random.nextDouble() * (config.blurSigma() - 0.2));
        }
        if (config.noiseSigma() > 0 && random.nextDouble() < config.probability()) {
            double sigma = random.nextDouble() * config.noiseSigma() / 255.0;
            float[] d = lr.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) Math.min(1, Math.max(0, d[i] + sigma * gaussian(random)));
            }
        }
        if (config.jpegQuality() > 0 && random.nextDouble() < config.probability()) {
            int q = config.jpegQuality() + random.nextInt(Math.max(1, 96 - config.jpegQuality()));
            jpeg(lr, q);
        }
    }

    static double gaussian(SplittableRandom r) {
        // Box–Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void jpeg(PlanarImage lr, int quality) {
        PlanarImage back = Degradations.jpeg(lr, quality);
        System.arraycopy(back.data(), 0, lr.data(), 0, lr.data().length);
    }

    /** Separable Gaussian blur, edges replicated. */
    private static void blur(PlanarImage img, double sigma) {
        int r = (int) Math.ceil(2 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        int w = img.width();
        int h = img.height();
        float[] tmp = new float[w * h];
        for (int c = 0; c < img.channels(); c++) {
            float[] d = img.data();
            int o = img.planeOffset(c);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int i = -r; i <= r; i++) {
                        s += k[i + r] * d[o + y * w + Math.min(w - 1, Math.max(0, x + i))];
                    }
                    tmp[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int i = -r; i <= r; i++) {
                        s += k[i + r] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x];
                    }
                    d[o + y * w + x] = s;
                }
            }
        }
    }
}
