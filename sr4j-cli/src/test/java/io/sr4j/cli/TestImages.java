package io.sr4j.cli;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small helpers for the command tests: crops of real photos written with plain ImageIO, and PSNR. */
final class TestImages {
    private TestImages() {
    }

    /** Writes the {@code w × h} crop at ({@code x}, {@code y}) of {@code photo} as an 8-bit RGB PNG. */
    static Path writeCrop(Path photo, int x, int y, int w, int h, Path target) throws IOException {
        BufferedImage source = ImageIO.read(photo.toFile());
        BufferedImage crop = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        crop.createGraphics().drawImage(source.getSubimage(x, y, w, h), 0, 0, null);
        if (!ImageIO.write(crop, "png", target.toFile())) {
            throw new IOException("no PNG writer");
        }
        return target;
    }

    static PlanarImage read(Path file) {
        return new ImageDecoder().decode(file).rgb();
    }

    /** PSNR in dB over all samples of two same-shaped images with values in [0, 1]: 10·log10(1 / MSE). */
    static double psnr(PlanarImage a, PlanarImage b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(a + " and " + b + " differ in shape");
        }
        float[] x = a.data();
        float[] y = b.data();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        return 10 * Math.log10(1.0 / (sum / x.length));
    }
}
