package io.sr4j.pipeline;

import io.sr4j.upscale.OutputGeometry;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size an enlarging stage is asked for: a factor, a width and/or height to fit (aspect kept),
 * or nothing (the model's own scale; 4 for classical filters). Written in a spec as {@code 4},
 * {@code 2.5}, {@code w1920}, {@code h1080} or {@code w1920h1080}.
 *
 * @param scale  the factor, or null
 * @param width  the width to fit, 0 for none
 * @param height the height to fit, 0 for none
 */
public record SizeRequest(Double scale, int width, int height) {
    private static final Pattern NUMBER = Pattern.compile("[0-9]*\\.?[0-9]+");
    private static final Pattern FIT = Pattern.compile("(?:w([0-9]{1,9}))?(?:h([0-9]{1,9}))?");
    /** The largest factor a spec may ask for (a larger one is a typing slip, not a wish). */
    public static final double MAX_SCALE = 64;
    private static final SizeRequest NONE = new SizeRequest(null, 0, 0);

    public SizeRequest {
        if (scale != null && (!(scale > 0) || scale > MAX_SCALE)) {
            throw new IllegalArgumentException("scale must be > 0 and <= " + (int) MAX_SCALE + ", got " + scale);
        }
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("width and height must be >= 1");
        }
        if (scale != null && (width > 0 || height > 0)) {
            throw new IllegalArgumentException("give a scale or a size to fit, not both");
        }
    }

    /** The model's own scale. */
    public static SizeRequest none() {
        return NONE;
    }

    public static SizeRequest of(double scale) {
        return new SizeRequest(scale, 0, 0);
    }

    public static SizeRequest fit(int width, int height) {
        if (width < 1 && height < 1) {
            throw new IllegalArgumentException("give a width or a height to fit");
        }
        return new SizeRequest(null, Math.max(0, width), Math.max(0, height));
    }

    /** Whether nothing was asked (the model's own scale). */
    public boolean isNone() {
        return scale == null && width == 0 && height == 0;
    }

    /** Whether a width or height is to be fitted. */
    public boolean isFit() {
        return width > 0 || height > 0;
    }

    /**
     * The request {@code text} writes, if it is one: a number, or {@code w…}/{@code h…}; empty
     * for anything else (a model name).
     *
     * @throws IllegalArgumentException for a number out of range or a zero width/height
     */
    public static Optional<SizeRequest> parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(t).matches()) {
            return Optional.of(of(Double.parseDouble(t)));
        }
        Matcher fit = FIT.matcher(t);
        if (!t.isEmpty() && fit.matches()) {
            int w = fit.group(1) == null ? 0 : Integer.parseInt(fit.group(1));
            int h = fit.group(2) == null ? 0 : Integer.parseInt(fit.group(2));
            if ((fit.group(1) != null && w < 1) || (fit.group(2) != null && h < 1)) {
                throw new IllegalArgumentException("a width or height to fit must be >= 1, got " + text);
            }
            return Optional.of(fit(w, h));
        }
        return Optional.empty();
    }

    /**
     * The output geometry for an input of {@code w × h} run by a model of {@code nativeScale}
     * (0: any factor, then 4 when nothing was asked).
     */
    public OutputGeometry geometry(int w, int h, int nativeScale) {
        if (isFit()) {
            return OutputGeometry.fit(w, h, width, height);
        }
        double s = scale != null ? scale : nativeScale == 0 ? 4 : nativeScale;
        return OutputGeometry.ofScale(w, h, s);
    }

    /** The factor as written ({@code 4}, {@code 2.5}), for output names and notes. */
    public static String format(double factor) {
        return BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString();
    }

    /** The spec form: {@code 4}, {@code w1920h1080}; empty for none. */
    @Override
    public String toString() {
        if (scale != null) {
            return format(scale);
        }
        return (width > 0 ? "w" + width : "") + (height > 0 ? "h" + height : "");
    }
}
