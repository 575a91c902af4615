package io.sr4j.engine.reference;

import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestData;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * 8-bit RGB PNG in and out for the reference programs, and crops of the test photos. Kept apart
 * from sr4j's own codecs on purpose: the reference side of a parity test should not run through
 * the code under test.
 */
public final class ReferenceImages {
    private ReferenceImages() {
    }

    /**
     * Reads an 8-bit PNG (grey, grey+alpha, RGB or RGBA) as three planes of level/255. Alpha is
     * dropped; grey is copied into R, G and B, as the programs do.
     *
     * @throws IllegalArgumentException if the file is not a readable 8-bit image
     */
    public static PlanarImage readRgb(Path png) {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png, e);
        }
        if (image == null) {
            throw new IllegalArgumentException(png + " is not an image ImageIO can read");
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        for (int b = 0; b < bands; b++) {
            if (raster.getSampleModel().getSampleSize(b) != 8) {
                throw new IllegalArgumentException(png + " is not 8 bits per sample");
            }
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        // One bulk read of interleaved samples in colour-model order (R, G, B[, A]) or (Y[, A]).
        int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
        PlanarImage out = new PlanarImage(w, h, 3);
        float[] data = out.data();
        int n = w * h;
        boolean grey = bands <= 2;
        for (int i = 0; i < n; i++) {
            int base = i * bands;
            if (grey) {
                float v = samples[base] / 255f;
                data[i] = v;
                data[n + i] = v;
                data[2 * n + i] = v;
            } else {
                data[i] = samples[base] / 255f;
                data[n + i] = samples[base + 1] / 255f;
                data[2 * n + i] = samples[base + 2] / 255f;
            }
        }
        return out;
    }

    /**
     * Writes a three-plane image as an 8-bit RGB PNG, each sample quantised as the reference programs
     * do ({@link #level(float)}).
     *
     * @throws IllegalArgumentException if the image does not have three planes
     */
    public static void writeRgb(PlanarImage rgb, Path png) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("need 3 planes to write RGB, got " + rgb.channels());
        }
        int w = rgb.width();
        int h = rgb.height();
        int n = w * h;
        float[] data = rgb.data();
        int[] samples = new int[3 * n];
        for (int i = 0; i < n; i++) {
            samples[3 * i] = level(data[i]);
            samples[3 * i + 1] = level(data[n + i]);
            samples[3 * i + 2] = level(data[2 * n + i]);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        image.getRaster().setPixels(0, 0, w, h, samples);
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /**
     * A {@code w × h} crop at ({@code x}, {@code y}) of a scikit-image sample photo (see
     * {@link TestData#skimage(String)}), written to {@code png} as 8-bit RGB.
     *
     * @return {@code png}
     */
    public static Path cropPhoto(String photo, int x, int y, int w, int h, Path png) {
        writeRgb(readRgb(TestData.skimage(photo)).crop(x, y, w, h), png);
        return png;
    }

    /**
     * The 8-bit level the reference programs write for a network output {@code v} (nominal range
     * 0..1): {@code clamp(floor(v·255 + 0.5), 0, 255)}.
     */
    public static int level(float v) {
        float scaled = v * 255f + 0.5f;
        if (!(scaled >= 0f)) { // also maps NaN to 0
            return 0;
        }
        return scaled >= 255f ? 255 : (int) scaled;
    }
}
