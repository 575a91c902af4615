package io.sr4j.io;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import java.util.Optional;
import java.util.Random;

/** Synthetic pictures whose samples are exact multiples of 1/255 or 1/65535. */
final class TestPictures {
    private TestPictures() {
    }

    /**
     * Random samples {@code k / (2^bitDepth - 1)}; grey pictures have three equal planes. With
     * alpha, the first pixel is fully transparent and the second fully opaque.
     */
    static Picture random(int w, int h, int bitDepth, boolean grey, boolean alpha, long seed) {
        Random random = new Random(seed);
        int max = (1 << bitDepth) - 1;
        PlanarImage rgb = new PlanarImage(w, h, 3);
        float[] d = rgb.data();
        int n = w * h;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                d[c * n + i] = grey && c > 0 ? d[i] : random.nextInt(max + 1) / (float) max;
            }
        }
        PlanarImage a = null;
        if (alpha) {
            a = new PlanarImage(w, h, 1);
            for (int i = 0; i < n; i++) {
                a.data()[i] = random.nextInt(max + 1) / (float) max;
            }
            a.data()[0] = 0f;
            a.data()[1] = 1f;
        }
        return new Picture(rgb, a, new SourceInfo("memory", bitDepth, grey, Optional.empty(), 1));
    }

    /** The integer sample {@code round(v * max)}. */
    static int sample(float v, int max) {
        return Math.round(v * max);
    }
}
