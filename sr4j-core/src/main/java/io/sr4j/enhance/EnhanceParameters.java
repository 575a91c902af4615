package io.sr4j.enhance;

import java.util.List;
import java.util.Locale;

/**
 * One global grade of a picture, applied per channel in this order ({@link ToneCurves}):
 *
 * <ol>
 *   <li>levels on the sRGB signal: {@code (v - black) / (white - black)};</li>
 *   <li>in linear light, the white-balance gains {@code red, green, blue} and the exposure gain;</li>
 *   <li>back to the sRGB signal, the power {@code gamma} ({@code v^gamma}; below 1 lightens the
 *       mid-tones, above 1 darkens them; black and white stay).</li>
 * </ol>
 *
 * Every result is clipped to [0, 1]. {@link #IDENTITY} changes nothing.
 *
 * @param black    the signal that becomes black, in [0, 1)
 * @param white    the signal that becomes white, above {@code black}
 * @param red      white-balance gain of red in linear light
 * @param green    white-balance gain of green
 * @param blue     white-balance gain of blue
 * @param exposure gain of all channels in linear light ({@code 2} = +1 EV)
 * @param gamma    the power applied to the signal last
 */
public record EnhanceParameters(double black, double white, double red, double green, double blue,
                                double exposure, double gamma) {
    /** Leaves every pixel as it is. */
    public static final EnhanceParameters IDENTITY = new EnhanceParameters(0, 1, 1, 1, 1, 1, 1);

    public EnhanceParameters {
        if (!Double.isFinite(black) || !Double.isFinite(white) || black < 0 || white <= black) {
            throw new IllegalArgumentException("levels need 0 <= black < white, got black " + black + ", white "
                    + white);
        }
        positive("red gain", red);
        positive("green gain", green);
        positive("blue gain", blue);
        positive("exposure gain", exposure);
        positive("gamma", gamma);
    }

    private static void positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a number > 0, got " + v);
        }
    }

    /** A pure exposure change: {@code gain} in linear light. */
    public static EnhanceParameters exposure(double gain) {
        return new EnhanceParameters(0, 1, 1, 1, 1, gain, 1);
    }

    /** A pure white-balance change: gains per channel in linear light. */
    public static EnhanceParameters whiteBalance(double red, double green, double blue) {
        return new EnhanceParameters(0, 1, red, green, blue, 1, 1);
    }

    /** A pure gamma: {@code v^gamma} on the signal. */
    public static EnhanceParameters gamma(double gamma) {
        return new EnhanceParameters(0, 1, 1, 1, 1, 1, gamma);
    }

    /**
     * A contrast change around mid-grey of the signal: {@code 0.5 + c (v - 0.5)}, as levels
     * ({@code c < 1} flattens the picture, raising black and lowering white).
     */
    public static EnhanceParameters contrast(double c) {
        positive("contrast", c);
        return new EnhanceParameters(Math.max(0, 0.5 - 0.5 / c), 0.5 + 0.5 / c, 1, 1, 1, 1, 1);
    }

    /** Whether applying this grade changes nothing. */
    public boolean isIdentity() {
        return equals(IDENTITY);
    }

    /**
     * The mean of several grades, each parameter averaged where it acts linearly (levels) or in
     * the logarithm (gains, gamma): what a video scene's frames share.
     *
     * @throws IllegalArgumentException for an empty list
     */
    public static EnhanceParameters mean(List<EnhanceParameters> grades) {
        if (grades.isEmpty()) {
            throw new IllegalArgumentException("no grades to average");
        }
        double[] sum = new double[7];
        for (EnhanceParameters p : grades) {
            sum[0] += p.black;
            sum[1] += p.white;
            sum[2] += Math.log(p.red);
            sum[3] += Math.log(p.green);
            sum[4] += Math.log(p.blue);
            sum[5] += Math.log(p.exposure);
            sum[6] += Math.log(p.gamma);
        }
        int n = grades.size();
        return new EnhanceParameters(sum[0] / n, sum[1] / n, Math.exp(sum[2] / n), Math.exp(sum[3] / n),
                Math.exp(sum[4] / n), Math.exp(sum[5] / n), Math.exp(sum[6] / n));
    }

    /** The grade as a person reads it, e.g. {@code exposure +1.32 EV, white balance R 0.83 G 1.00 B 1.25, gamma 0.91}. */
    @Override
    public String toString() {
        if (isIdentity()) {
            return "unchanged";
        }
        StringBuilder s = new StringBuilder();
        if (black != 0 || white != 1) {
            s.append(String.format(Locale.ROOT, "levels %.3f..%.3f", black, white));
        }
        if (red != 1 || green != 1 || blue != 1) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                    "white balance R %.3f G %.3f B %.3f", red, green, blue));
        }
        if (exposure != 1) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "exposure %+.2f EV",
                    Math.log(exposure) / Math.log(2)));
        }
        if (gamma != 1) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "gamma %.3f", gamma));
        }
        return s.toString();
    }
}
