package io.sr4j.testing;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;

/** Real photos from {@link TestData} as sr4j's working image: RGB planes in [0, 1] (grey expanded). */
public final class TestPhotos {
    private TestPhotos() {
    }

    /** The whole scikit-image photo {@code name} (e.g. "astronaut.png"), decoded by sr4j's own decoder. */
    public static PlanarImage rgb(String name) {
        return new ImageDecoder().decode(TestData.skimage(name)).rgb();
    }

    /** The rectangle (x, y, w, h) of the scikit-image photo {@code name}. */
    public static PlanarImage crop(String name, int x, int y, int w, int h) {
        return rgb(name).crop(x, y, w, h);
    }
}
