package io.sr4j.metrics;

import io.sr4j.image.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Test-only PNG loading (the real decoder lives elsewhere): 8-bit samples to k / 255 planes. */
final class Fixtures {
    private Fixtures() {
    }

    static PlanarImage read(Path file) {
        try {
            return toPlanar(ImageIO.read(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static PlanarImage resource(String name) {
        String path = "/fixtures/metrics/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return toPlanar(ImageIO.read(in), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static PlanarImage toPlanar(BufferedImage image, String what) {
        if (image == null) {
            throw new IllegalStateException("no ImageIO reader for " + what);
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        if ((bands != 1 && bands != 3) || raster.getSampleModel().getSampleSize(0) != 8) {
            throw new IllegalStateException(what + ": expected 8-bit grey or RGB, got " + bands + " bands of "
                    + raster.getSampleModel().getSampleSize(0) + " bits");
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] interleaved = raster.getPixels(0, 0, w, h, (int[]) null);
        PlanarImage out = new PlanarImage(w, h, bands);
        float[] data = out.data();
        int n = w * h;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < bands; c++) {
                data[c * n + i] = interleaved[i * bands + c] / 255f;
            }
        }
        return out;
    }
}
