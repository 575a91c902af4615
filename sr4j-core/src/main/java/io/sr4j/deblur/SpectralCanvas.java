package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;

/**
 * The periodic grid a frequency-domain deconvolution works on. The FFT treats the image as if it
 * tiled the plane; the jump from the right edge back to the left one would ring across the whole
 * result. So the image sits in a larger power-of-two canvas whose border zone is the image
 * mirrored out from each edge, cross-faded (raised cosine) from the mirror of one edge to the
 * mirror of the opposite one: the canvas is smooth everywhere, also where it wraps, and next to
 * the image it is the plain mirror the blur itself assumed. The result is cropped back.
 *
 * <p>Two planes travel in one complex grid (one as the real part, one as the imaginary part):
 * every filter used here is the transform of a real kernel, so it acts on both parts apart.
 */
final class SpectralCanvas {
    /** Extra border beyond twice the kernel size, so even a tiny kernel has room to fade. */
    private static final int MIN_BORDER = 16;

    private final int imageWidth;
    private final int imageHeight;
    private final Fft fft;
    private final int offsetX;
    private final int offsetY;
    private final Axis axisX;
    private final Axis axisY;

    /** How one canvas coordinate reads the image: a blend of two mirrored indices. */
    private record Axis(int[] first, int[] second, double[] towardsSecond) {
    }

    /**
     * The longest image side whose canvas for {@code kernel} is at most {@code canvasSide} (a power
     * of two) on either axis: the constructor's sizing, inverted.
     */
    static int largestImageSide(int canvasSide, BlurKernel kernel) {
        return canvasSide - 2 * Math.max(kernel.width(), kernel.height()) - MIN_BORDER;
    }

    SpectralCanvas(int imageWidth, int imageHeight, BlurKernel kernel) {
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.fft = new Fft(Fft.atLeast(imageWidth + 2 * kernel.width() + MIN_BORDER),
                Fft.atLeast(imageHeight + 2 * kernel.height() + MIN_BORDER));
        this.offsetX = (fft.width() - imageWidth) / 2;
        this.offsetY = (fft.height() - imageHeight) / 2;
        this.axisX = axis(imageWidth, fft.width(), offsetX);
        this.axisY = axis(imageHeight, fft.height(), offsetY);
    }

    private static Axis axis(int size, int canvas, int offset) {
        int[] first = new int[canvas];
        int[] second = new int[canvas];
        double[] t = new double[canvas];
        int border = canvas - size;
        for (int u = 0; u < canvas; u++) {
            int x = u - offset;
            if (x >= 0 && x < size) {
                first[u] = x;
                second[u] = x;
                continue;
            }
            // j counts from the far edge (right/bottom) around the wrap to the near one (left/top).
            int j = Math.floorMod(x - size, canvas);
            first[u] = Borders.reflect(size + j, size);
            second[u] = Borders.reflect(j - border, size);
            t[u] = 0.5 - 0.5 * Math.cos(Math.PI * (j + 0.5) / border);
        }
        return new Axis(first, second, t);
    }

    /** Whether canvas sample {@code i} (row-major) lies on the image rather than in the border zone. */
    boolean onImage(int i) {
        int u = i % width() - offsetX;
        int v = i / width() - offsetY;
        return u >= 0 && v >= 0 && u < imageWidth && v < imageHeight;
    }

    /** 1 on the image, 0 in the border zone. */
    double[] imageMask() {
        double[] mask = new double[size()];
        for (int v = offsetY; v < offsetY + imageHeight; v++) {
            java.util.Arrays.fill(mask, v * width() + offsetX, v * width() + offsetX + imageWidth, 1.0);
        }
        return mask;
    }

    int width() {
        return fft.width();
    }

    int height() {
        return fft.height();
    }

    int size() {
        return fft.width() * fft.height();
    }

    /**
     * Plane {@code a} of {@code image} spread over the canvas into {@code re}, plane {@code b} into
     * {@code im} ({@code b < 0}: zeros).
     */
    void fill(PlanarImage image, int a, int b, double[] re, double[] im) {
        spread(image, a, re);
        if (b >= 0) {
            spread(image, b, im);
        } else {
            java.util.Arrays.fill(im, 0);
        }
    }

    private void spread(PlanarImage image, int c, double[] out) {
        float[] src = image.data();
        int plane = image.planeOffset(c);
        int w = width();
        double[] row = new double[w];
        double[] other = new double[w];
        for (int v = 0; v < height(); v++) {
            lineAt(src, plane + axisY.first[v] * imageWidth, row);
            double ty = axisY.towardsSecond[v];
            if (ty != 0) {
                lineAt(src, plane + axisY.second[v] * imageWidth, other);
                for (int u = 0; u < w; u++) {
                    row[u] += ty * (other[u] - row[u]);
                }
            }
            System.arraycopy(row, 0, out, v * w, w);
        }
    }

    /** One canvas row built from the image row starting at {@code start}. */
    private void lineAt(float[] src, int start, double[] line) {
        for (int u = 0; u < line.length; u++) {
            double a = src[start + axisX.first[u]];
            line[u] = a + axisX.towardsSecond[u] * (src[start + axisX.second[u]] - a);
        }
    }

    /** The transform of {@code kernel}, its centre moved to the canvas origin (so it does not shift the image). */
    double[][] spectrum(BlurKernel kernel) {
        double[] re = new double[size()];
        double[] im = new double[size()];
        for (int y = 0; y < kernel.height(); y++) {
            for (int x = 0; x < kernel.width(); x++) {
                int u = Math.floorMod(x - kernel.centreX(), width());
                int v = Math.floorMod(y - kernel.centreY(), height());
                re[v * width() + u] += kernel.weight(x, y);
            }
        }
        forward(re, im);
        return new double[][] {re, im};
    }

    /**
     * |D(ω)|² of the pixel differences along x and y, {@code (2 − 2cos ωx) + (2 − 2cos ωy)}: the
     * transform of the discrete Laplacian's negative, 0 at DC and 8 at the highest frequency.
     */
    double[] gradientSpectrum() {
        double[] out = new double[size()];
        for (int v = 0; v < height(); v++) {
            double cy = 2 - 2 * Math.cos(2 * Math.PI * v / height());
            for (int u = 0; u < width(); u++) {
                out[v * width() + u] = cy + 2 - 2 * Math.cos(2 * Math.PI * u / width());
            }
        }
        return out;
    }

    void forward(double[] re, double[] im) {
        fft.transform(re, im, false);
    }

    void inverse(double[] re, double[] im) {
        fft.transform(re, im, true);
    }

    /** The image part of the canvas back into planes {@code a} (from {@code re}) and {@code b} (from {@code im}), clamped to [0, 1]. */
    void crop(double[] re, double[] im, PlanarImage out, int a, int b) {
        cropPlane(re, out, a);
        if (b >= 0) {
            cropPlane(im, out, b);
        }
    }

    private void cropPlane(double[] grid, PlanarImage out, int c) {
        float[] dst = out.data();
        int plane = out.planeOffset(c);
        for (int y = 0; y < imageHeight; y++) {
            int from = (y + offsetY) * width() + offsetX;
            for (int x = 0; x < imageWidth; x++) {
                dst[plane + y * imageWidth + x] = (float) Math.min(1, Math.max(0, grid[from + x]));
            }
        }
    }
}
