package io.sr4j.tile;

import io.sr4j.image.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * Test-side references for the tiling tests, written independently of the production code: a
 * naive border index (reflection by repeated mirroring, not the production period formula), fake
 * "networks", and their whole-image counterparts.
 */
final class TileFixtures {
    private TileFixtures() {
    }

    /** Which in-image index position {@code i} reads on an edge of {@code n}, or −1 for zero. */
    static int naiveIndex(BorderMode mode, int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (mode) {
            case ZERO:
                return -1;
            case REPLICATE:
                return i < 0 ? 0 : n - 1;
            case REFLECT:
                if (n == 1) {
                    return 0;
                }
                // Mirror about the first/last sample until the position lands inside.
                while (i < 0 || i >= n) {
                    if (i < 0) {
                        i = -i;
                    }
                    if (i >= n) {
                        i = 2 * (n - 1) - i;
                    }
                }
                return i;
            default:
                throw new AssertionError(mode);
        }
    }

    /** Sample (c, x, y) of {@code image} for any x, y, through the border rule. */
    static float sampleOutside(PlanarImage image, BorderMode mode, int c, int x, int y) {
        int sx = naiveIndex(mode, x, image.width());
        int sy = naiveIndex(mode, y, image.height());
        return sx < 0 || sy < 0 ? 0f : image.get(c, sx, sy);
    }

    /** An image of uniform random samples in [0, 1). */
    static PlanarImage randomImage(int width, int height, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage image = new PlanarImage(width, height, channels);
        float[] data = image.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return image;
    }

    /** Fake network: nearest-neighbour enlargement by {@code s}. */
    static PlanarImage nearest(PlanarImage in, int s) {
        PlanarImage out = new PlanarImage(in.width() * s, in.height() * s, in.channels());
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    out.set(c, x, y, in.get(c, x / s, y / s));
                }
            }
        }
        return out;
    }

    /**
     * Fake network: (2r+1)² box blur of {@code in}, same size, reading neighbours clamped to the
     * input's own edge (the tile edge; only the padding ring sees that).
     */
    static PlanarImage boxBlurSame(PlanarImage in, int r) {
        PlanarImage out = new PlanarImage(in.width(), in.height(), in.channels());
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < in.height(); y++) {
                for (int x = 0; x < in.width(); x++) {
                    float sum = 0f;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int sx = Math.max(0, Math.min(in.width() - 1, x + dx));
                            int sy = Math.max(0, Math.min(in.height() - 1, y + dy));
                            sum += in.get(c, sx, sy);
                        }
                    }
                    out.set(c, x, y, sum / ((2 * r + 1) * (2 * r + 1)));
                }
            }
        }
        return out;
    }

    /**
     * Fake network that crops its own padding, like a stack of unpadded convolutions: a "valid"
     * box blur, output smaller by r on every side.
     */
    static PlanarImage boxBlurValid(PlanarImage in, int r) {
        PlanarImage out = new PlanarImage(in.width() - 2 * r, in.height() - 2 * r, in.channels());
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    float sum = 0f;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            sum += in.get(c, x + r + dx, y + r + dy);
                        }
                    }
                    out.set(c, x, y, sum / ((2 * r + 1) * (2 * r + 1)));
                }
            }
        }
        return out;
    }

    /** The whole image blurred, neighbours outside it read through the border rule (same sum order). */
    static PlanarImage boxBlurWhole(PlanarImage in, int r, BorderMode mode) {
        PlanarImage out = new PlanarImage(in.width(), in.height(), in.channels());
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < in.height(); y++) {
                for (int x = 0; x < in.width(); x++) {
                    float sum = 0f;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            sum += sampleOutside(in, mode, c, x + dx, y + dy);
                        }
                    }
                    out.set(c, x, y, sum / ((2 * r + 1) * (2 * r + 1)));
                }
            }
        }
        return out;
    }

    /** An 8-bit photo as planes in [0, 1], one plane per raster band (bulk raster read). */
    static PlanarImage readPhoto(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("no ImageIO reader for " + file);
        }
        Raster raster = img.getRaster();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int[] interleaved = raster.getPixels(0, 0, w, h, (int[]) null);
        PlanarImage out = new PlanarImage(w, h, bands);
        float[] data = out.data();
        for (int i = 0; i < w * h; i++) {
            for (int b = 0; b < bands; b++) {
                data[b * w * h + i] = interleaved[i * bands + b] / 255f;
            }
        }
        return out;
    }

    /**
     * The tiled pipeline under test: extract every tile (reusing one buffer while tile shapes
     * repeat), run {@code network}, stitch. {@code trim} is what the network crops per side.
     */
    static PlanarImage runTiled(PlanarImage image, TilePlanner plan, BorderMode mode, int trim,
            UnaryOperator<PlanarImage> network) {
        PlanarImage output = new PlanarImage(plan.outputWidth(), plan.outputHeight(), image.channels());
        Arrays.fill(output.data(), Float.NaN);
        TileStitcher stitcher = new TileStitcher(plan, output, trim, (from, to, img) -> { });
        TileExtractor extractor = new TileExtractor(mode);
        PlanarImage buffer = null;
        for (Tile tile : plan.tiles()) {
            Rect src = tile.source();
            if (buffer == null || buffer.width() != src.width() || buffer.height() != src.height()) {
                buffer = new PlanarImage(src.width(), src.height(), image.channels());
            }
            stitcher.write(tile, network.apply(extractor.extract(image, tile, buffer)));
        }
        if (!stitcher.isComplete()) {
            throw new AssertionError("stitcher not complete after all tiles of " + plan);
        }
        return output;
    }

    /** Index of the first sample where a and b differ (same shape required), or -1. */
    static int firstDifference(PlanarImage a, PlanarImage b) {
        if (!a.sameShape(b)) {
            throw new AssertionError("shapes differ: " + a + " vs " + b);
        }
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            if (Float.compare(x[i], y[i]) != 0) {
                return i;
            }
        }
        return -1;
    }
}
