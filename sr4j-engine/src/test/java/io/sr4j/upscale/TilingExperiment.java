package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("experiment")
class TilingExperiment {
    @Test
    void measure() {
        PlanarImage img = TestModels.crop("astronaut.png", Integer.getInteger("x", 180), 40, Integer.getInteger("w", 150), Integer.getInteger("h", 140));
        String[] ids = System.getProperty("ids", "realesrgan-x4fast").split(",");
        for (String id : ids) {
          for (String pad : System.getProperty("pads", "-1").split(",")) {
            long t0 = System.nanoTime();
            PlanarImage whole;
            try (Upscaler u = TestModels.upscalerPadded(id, 1024, Integer.parseInt(pad))) {
                whole = u.upscale(img, u.nativeScale(), TileProgress.none());
            }
            long t1 = System.nanoTime();
            long t1b = System.nanoTime();
            PlanarImage tiled;
            if (System.getProperty("forceWhole") != null) System.setProperty("sr4j.forceShared", "true");
            try (Upscaler u = TestModels.upscalerPadded(id, Integer.getInteger("tile", 56), Integer.parseInt(pad))) {
                tiled = u.upscale(img, u.nativeScale(), TileProgress.none());
            }
            long t2 = System.nanoTime();
            double max = 0, se = 0;
            for (int i = 0; i < whole.data().length; i++) {
                double d = Math.abs(whole.data()[i] - tiled.data()[i]);
                max = Math.max(max, d);
                se += d * d;
            }
            if (System.getProperty("dump") != null) {
                java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(whole.width(), whole.height(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                int n = whole.width() * whole.height();
                for (int y = 0; y < whole.height(); y++) for (int x = 0; x < whole.width(); x++) {
                    int i = y * whole.width() + x;
                    double d = 0; for (int c = 0; c < 3; c++) d = Math.max(d, Math.abs(whole.data()[c*n+i] - tiled.data()[c*n+i]));
                    bi.getRaster().setSample(x, y, 0, (int) Math.min(255, d * 255 * 8));
                }
                try { javax.imageio.ImageIO.write(bi, "png", new java.io.File(System.getProperty("dump") + "/" + id + "-" + pad + ".png")); } catch (java.io.IOException e) { throw new RuntimeException(e); }
            }
            double psnr = 10 * Math.log10(1 / (se / whole.data().length));
            System.out.printf("%s P=%s whole %.2fs tiled %.2fs maxdiff %.5f (x255 %.2f) psnr %.2f%n", id, pad, (t1 - t0) / 1e9,
                    (t2 - t1b) / 1e9, max, max * 255, psnr);
          }
        }
    }
}
