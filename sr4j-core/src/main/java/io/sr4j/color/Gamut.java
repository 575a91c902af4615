package io.sr4j.color;

/**
 * Primaries conversions in linear light and the luminance weights of BT.709 and BT.2020. The
 * BT.709 → BT.2020 matrix is BT.2087's; its inverse is computed from it, so a round trip is exact
 * to rounding.
 */
public final class Gamut {
    /** BT.2020 luminance weights (BT.2020 non-constant-luminance Y'CbCr uses the same). */
    public static final double BT2020_LUMA_R = 0.2627;
    public static final double BT2020_LUMA_G = 0.6780;
    public static final double BT2020_LUMA_B = 0.0593;

    private static final double[] BT709_TO_BT2020 = {
        0.6274, 0.3293, 0.0433,
        0.0691, 0.9195, 0.0114,
        0.0164, 0.0880, 0.8956,
    };
    private static final double[] BT2020_TO_BT709 = invert(BT709_TO_BT2020);

    private Gamut() {
    }

    /** Linear BT.709 RGB to linear BT.2020 RGB, in place. */
    public static void bt709ToBt2020(double[] rgb) {
        apply(BT709_TO_BT2020, rgb);
    }

    /** Linear BT.2020 RGB to linear BT.709 RGB, in place (out-of-gamut colours go negative). */
    public static void bt2020ToBt709(double[] rgb) {
        apply(BT2020_TO_BT709, rgb);
    }

    /** BT.2020 luminance of linear BT.2020 RGB. */
    public static double bt2020Luminance(double[] rgb) {
        return BT2020_LUMA_R * rgb[0] + BT2020_LUMA_G * rgb[1] + BT2020_LUMA_B * rgb[2];
    }

    private static void apply(double[] m, double[] rgb) {
        double r = rgb[0];
        double g = rgb[1];
        double b = rgb[2];
        rgb[0] = m[0] * r + m[1] * g + m[2] * b;
        rgb[1] = m[3] * r + m[4] * g + m[5] * b;
        rgb[2] = m[6] * r + m[7] * g + m[8] * b;
    }

    /** The inverse of a row-major 3×3 matrix. */
    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("the colour matrix cannot be inverted");
        }
        return new double[] {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }
}
