package io.sr4j.bench;

import io.sr4j.image.PlanarImage;
import java.util.SplittableRandom;

/**
 * A deterministic photo-like test image of any size: smooth colour gradients, a few sharp-edged
 * shapes and fine noise. Network speed does not depend on content; this only keeps every run's
 * input reproducible without shipping a photo.
 */
public final class SyntheticPhoto {
    private SyntheticPhoto() {
    }

    public static PlanarImage of(int width, int height, long seed) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be >= 1x1, got " + width + "x" + height);
        }
        PlanarImage image = new PlanarImage(width, height, 3);
        float[] d = image.data();
        int n = width * height;
        SplittableRandom noise = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height;
                boolean square = ((x / 37) + (y / 29)) % 5 == 0;
                double edge = square ? 0.25 : 0;
                int i = y * width + x;
                d[i] = clamp(0.2 + 0.6 * u + edge + noise.nextDouble(-0.02, 0.02));
                d[n + i] = clamp(0.3 + 0.4 * Math.sin(6 * u + 3 * v) * 0.5 + 0.2 * v + noise.nextDouble(-0.02, 0.02));
                d[2 * n + i] = clamp(0.7 - 0.5 * v + edge / 2 + noise.nextDouble(-0.02, 0.02));
            }
        }
        return image;
    }

    private static float clamp(double value) {
        return (float) Math.min(1, Math.max(0, value));
    }
}
