package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;
import java.util.Objects;

/**
 * Blurs an image with a {@link BlurKernel} in the spatial domain: {@code out(x, y) = Σ k(cx + i,
 * cy + j) · in(x − i, y − j)} per plane (a true convolution, so a kernel's shape appears unturned
 * around a bright point). Outside the image the samples are mirrored with the edge sample
 * repeated, so edges are neither darkened nor brightened.
 */
public final class Convolution {
    private Convolution() {
    }

    /** A new image: every plane of {@code image} convolved with {@code kernel}; samples are not clamped. */
    public static PlanarImage convolve(PlanarImage image, BlurKernel kernel) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(kernel, "kernel");
        int w = image.width();
        int h = image.height();
        // Only the non-zero taps: a motion streak fills a few percent of its square.
        int[] dx = new int[kernel.width() * kernel.height()];
        int[] dy = new int[dx.length];
        float[] tap = new float[dx.length];
        int taps = 0;
        for (int y = 0; y < kernel.height(); y++) {
            for (int x = 0; x < kernel.width(); x++) {
                double weight = kernel.weight(x, y);
                if (weight != 0) {
                    dx[taps] = x - kernel.centreX();
                    dy[taps] = y - kernel.centreY();
                    tap[taps++] = (float) weight;
                }
            }
        }
        int rx = kernel.centreX();
        int ry = kernel.centreY();
        // Source column and row of every (pixel − offset), mirrored once here instead of per tap.
        int[] col = new int[w + 2 * rx];
        for (int i = 0; i < col.length; i++) {
            col[i] = Borders.reflect(i - rx, w);
        }
        int[] row = new int[h + 2 * ry];
        for (int i = 0; i < row.length; i++) {
            row[i] = Borders.reflect(i - ry, h) * w;
        }
        PlanarImage out = new PlanarImage(w, h, image.channels());
        float[] src = image.data();
        float[] dst = out.data();
        for (int c = 0; c < image.channels(); c++) {
            int plane = image.planeOffset(c);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int t = 0; t < taps; t++) {
                        acc += tap[t] * src[plane + row[y - dy[t] + ry] + col[x - dx[t] + rx]];
                    }
                    dst[plane + y * w + x] = (float) acc;
                }
            }
        }
        return out;
    }
}
