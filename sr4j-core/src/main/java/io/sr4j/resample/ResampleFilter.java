package io.sr4j.resample;

import java.util.Locale;

/**
 * The interpolation kernels of MATLAB's {@code imresize}, each a function {@link #weight(double)}
 * of the distance between an output sample's position in the input and an input sample, zero
 * outside {@code [-support(), support()]}.
 *
 * <p>{@link Resampler} widens a kernel by {@code 1 / scale} when it shrinks an image with
 * antialiasing on, as MATLAB does.
 */
public enum ResampleFilter {
    /** Box on {@code [-0.5, 0.5)}: the sample whose cell holds the position; a half rounds up. */
    NEAREST("nearest", 0.5, false) {
        @Override
        public double weight(double x) {
            // Half-open like MATLAB's box, so a position exactly between two samples takes the
            // right-hand one; a symmetric box would give both weight 1 and average them.
            return x >= -0.5 && x < 0.5 ? 1.0 : 0.0;
        }
    },
    /** Triangle {@code 1 - |x|} on {@code [-1, 1]}: linear interpolation. */
    BILINEAR("bilinear", 1.0, true) {
        @Override
        public double weight(double x) {
            double ax = Math.abs(x);
            return ax <= 1.0 ? 1.0 - ax : 0.0;
        }
    },
    /**
     * Keys' cubic convolution with a = −0.5 (R. Keys, "Cubic convolution interpolation for
     * digital image processing", IEEE Trans. ASSP 29(6), 1981), MATLAB's "bicubic".
     */
    BICUBIC("bicubic", 2.0, true) {
        @Override
        public double weight(double x) {
            double ax = Math.abs(x);
            double ax2 = ax * ax;
            double ax3 = ax2 * ax;
            if (ax <= 1.0) {
                return 1.5 * ax3 - 2.5 * ax2 + 1.0;
            }
            if (ax <= 2.0) {
                return -0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0;
            }
            return 0.0;
        }
    },
    /** Lanczos-3: {@code sinc(x) · sinc(x / 3)} for {@code |x| < 3}, sinc(x) = sin(πx)/(πx). */
    LANCZOS3("lanczos3", 3.0, true) {
        @Override
        public double weight(double x) {
            if (x == 0.0) {
                return 1.0;
            }
            if (Math.abs(x) >= 3.0) {
                return 0.0;
            }
            // MATLAB adds eps to numerator and denominator instead of special-casing 0; that
            // moves weights by less than 1e-12 after normalisation.
            double px = Math.PI * x;
            return 3.0 * Math.sin(px) * Math.sin(px / 3.0) / (px * px);
        }
    };

    private final String id;
    private final double support;
    private final boolean antialiasByDefault;

    ResampleFilter(String id, double support, boolean antialiasByDefault) {
        this.id = id;
        this.support = support;
        this.antialiasByDefault = antialiasByDefault;
    }

    /** The kernel's value at distance {@code x} (in input samples); 0 for {@code |x| > support()}. */
    public abstract double weight(double x);

    /** Half-width of the kernel in input samples: 0.5, 1, 2 and 3. MATLAB's kernel width is twice this. */
    public double support() {
        return support;
    }

    /** Whether shrinking with this filter is antialiased unless asked otherwise (MATLAB: all but nearest). */
    public boolean antialiasByDefault() {
        return antialiasByDefault;
    }

    /** The lower-case name {@link #parse(String)} accepts, e.g. {@code "bicubic"}. */
    public String id() {
        return id;
    }

    /**
     * The filter named {@code name}, ignoring case and surrounding blanks: {@code nearest},
     * {@code bilinear}, {@code bicubic}, {@code lanczos3} (also {@code lanczos}).
     *
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static ResampleFilter parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("resample filter name is null; valid names: " + validNames());
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.equals("lanczos")) {
            return LANCZOS3;
        }
        for (ResampleFilter filter : values()) {
            if (filter.id.equals(key)) {
                return filter;
            }
        }
        throw new IllegalArgumentException(
                "unknown resample filter '" + name + "'; valid names: " + validNames());
    }

    private static String validNames() {
        StringBuilder names = new StringBuilder();
        for (ResampleFilter filter : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(filter.id);
        }
        return names.append(" (or lanczos)").toString();
    }

    @Override
    public String toString() {
        return id;
    }
}
