package io.sr4j.color;

import io.sr4j.image.PlanarImage;
import java.util.Objects;

/**
 * RGB ↔ YCbCr conversion of ITU-R BT.601 in studio range, computed exactly as MATLAB's
 * {@code rgb2ycbcr} / {@code ycbcr2rgb} do on {@code double} images, which is the convention
 * super-resolution papers measure PSNR and SSIM in.
 *
 * <p>RGB samples are in [0, 1]. YCbCr samples follow MATLAB's double convention: the 8-bit code
 * divided by 255, so Y lies in [16/255, 235/255] and Cb, Cr in [16/255, 240/255] for RGB inside
 * [0, 1]. Nothing is clamped or rounded: values outside the nominal ranges pass through, as in
 * MATLAB, and {@link #toRgb} inverts {@link #toYCbCr} up to float rounding.
 *
 * <p>The arithmetic is done in double per sample and stored as float.
 */
public final class YCbCr {
    /*
     * MATLAB rgb2ycbcr (Image Processing Toolbox), from the BT.601 luma weights 0.299 / 0.587 /
     * 0.114 scaled to studio swing (219 levels for Y, 224 for Cb and Cr), on 8-bit codes:
     *
     *   [Y ]   [ 16]   [ 65.481  128.553   24.966] [R]
     *   [Cb] = [128] + [-37.797  -74.203  112.000] [G]     R, G, B in [0, 1]
     *   [Cr]   [128]   [112.000  -93.786  -18.214] [B]
     *
     * These are the coefficients MATLAB writes (three decimals), not values re-derived from the
     * standard, so results agree with MATLAB to the last bit that matters. ycbcr2rgb uses the
     * matrix inverse of the same table, which INV holds (computed once, in double).
     */
    private static final double YR = 65.481;
    private static final double YG = 128.553;
    private static final double YB = 24.966;
    private static final double CBR = -37.797;
    private static final double CBG = -74.203;
    private static final double CBB = 112.0;
    private static final double CRR = 112.0;
    private static final double CRG = -93.786;
    private static final double CRB = -18.214;
    private static final double Y_OFFSET = 16.0;
    private static final double C_OFFSET = 128.0;

    /** Row-major inverse of the matrix above: rgb = INV · (255 · ycbcr − offset). */
    private static final double[] INV = invert(new double[] {YR, YG, YB, CBR, CBG, CBB, CRR, CRG, CRB});

    private YCbCr() {
    }

    /**
     * Y of one RGB sample on the 8-bit scale (16 … 235 for RGB in [0, 1]), unrounded: what
     * {@code rgb2ycbcr(im2double(x))(:,:,1) * 255} gives in MATLAB.
     *
     * @param r red in [0, 1]
     * @param g green in [0, 1]
     * @param b blue in [0, 1]
     */
    public static double luma255(double r, double g, double b) {
        return Y_OFFSET + YR * r + YG * g + YB * b;
    }

    /**
     * Converts a 3-plane RGB image to a new 3-plane image holding Y, Cb, Cr in MATLAB's double
     * convention (8-bit code / 255). The input is only read.
     *
     * @throws IllegalArgumentException if {@code rgb} does not have exactly 3 planes
     */
    public static PlanarImage toYCbCr(PlanarImage rgb) {
        requireThreePlanes(rgb, "rgb");
        int n = rgb.planeSize();
        float[] in = rgb.data();
        PlanarImage result = new PlanarImage(rgb.width(), rgb.height(), 3);
        float[] out = result.data();
        for (int i = 0; i < n; i++) {
            double r = in[i];
            double g = in[n + i];
            double b = in[2 * n + i];
            out[i] = (float) ((Y_OFFSET + YR * r + YG * g + YB * b) / 255.0);
            out[n + i] = (float) ((C_OFFSET + CBR * r + CBG * g + CBB * b) / 255.0);
            out[2 * n + i] = (float) ((C_OFFSET + CRR * r + CRG * g + CRB * b) / 255.0);
        }
        return result;
    }

    /**
     * Converts a 3-plane Y, Cb, Cr image (MATLAB double convention) back to a new 3-plane RGB
     * image, like MATLAB's {@code ycbcr2rgb} on doubles. The result is not clamped: YCbCr triples
     * outside the RGB cube give RGB outside [0, 1]. The input is only read.
     *
     * @throws IllegalArgumentException if {@code ycbcr} does not have exactly 3 planes
     */
    public static PlanarImage toRgb(PlanarImage ycbcr) {
        requireThreePlanes(ycbcr, "ycbcr");
        int n = ycbcr.planeSize();
        float[] in = ycbcr.data();
        PlanarImage result = new PlanarImage(ycbcr.width(), ycbcr.height(), 3);
        float[] out = result.data();
        double[] m = INV;
        for (int i = 0; i < n; i++) {
            double y = 255.0 * in[i] - Y_OFFSET;
            double cb = 255.0 * in[n + i] - C_OFFSET;
            double cr = 255.0 * in[2 * n + i] - C_OFFSET;
            out[i] = (float) (m[0] * y + m[1] * cb + m[2] * cr);
            out[n + i] = (float) (m[3] * y + m[4] * cb + m[5] * cr);
            out[2 * n + i] = (float) (m[6] * y + m[7] * cb + m[8] * cr);
        }
        return result;
    }

    /**
     * The Y plane alone, as a new one-plane image in MATLAB's double convention (16/255 … 235/255
     * for RGB in [0, 1]); equal to plane 0 of {@link #toYCbCr} without computing the chroma.
     * The input is only read.
     *
     * @throws IllegalArgumentException if {@code rgb} does not have exactly 3 planes
     */
    public static PlanarImage luma(PlanarImage rgb) {
        requireThreePlanes(rgb, "rgb");
        int n = rgb.planeSize();
        float[] in = rgb.data();
        PlanarImage result = new PlanarImage(rgb.width(), rgb.height(), 1);
        float[] out = result.data();
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((Y_OFFSET + YR * in[i] + YG * in[n + i] + YB * in[2 * n + i]) / 255.0);
        }
        return result;
    }

    private static void requireThreePlanes(PlanarImage image, String name) {
        Objects.requireNonNull(image, name);
        if (image.channels() != 3) {
            throw new IllegalArgumentException(
                    name + " must have 3 planes, got " + image.channels() + " (" + image + ")");
        }
    }

    /** Inverse of a row-major 3×3 matrix by cofactors (the table is far from singular). */
    private static double[] invert(double[] a) {
        double c00 = a[4] * a[8] - a[5] * a[7];
        double c01 = a[5] * a[6] - a[3] * a[8];
        double c02 = a[3] * a[7] - a[4] * a[6];
        double det = a[0] * c00 + a[1] * c01 + a[2] * c02;
        return new double[] {
            c00 / det, (a[2] * a[7] - a[1] * a[8]) / det, (a[1] * a[5] - a[2] * a[4]) / det,
            c01 / det, (a[0] * a[8] - a[2] * a[6]) / det, (a[2] * a[3] - a[0] * a[5]) / det,
            c02 / det, (a[1] * a[6] - a[0] * a[7]) / det, (a[0] * a[4] - a[1] * a[3]) / det,
        };
    }
}
