package io.sr4j.eval;

import io.sr4j.deblur.BlurKernel;
import io.sr4j.enhance.EnhanceParameters;
import io.sr4j.enhance.ToneCurves;
import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What is done to the model input (the bicubic-reduced image, or the HR image itself at scale 1),
 * as {@code --degrade} spells it: {@code none}, or one or more steps joined by {@code +} and done
 * in the order written, each step rounding to 8-bit codes:
 *
 * <ul>
 *   <li>{@code blur:motion:LEN:ANGLE} — linear motion blur of LEN pixels at ANGLE degrees
 *       (counter-clockwise, 0 horizontal, 90 vertical);</li>
 *   <li>{@code blur:defocus:R} — defocus, a disc of radius R pixels;</li>
 *   <li>{@code blur:gauss:SIGMA} — Gaussian blur, σ pixels ({@code blur:SIGMA} is the older
 *       spelling of the same);</li>
 *   <li>{@code noise:S} — Gaussian noise, σ = S on the 0–255 scale, fixed seed per image;</li>
 *   <li>{@code jpeg:Q} — JPEG at quality Q, 1–100;</li>
 *   <li>{@code exposure:GAIN} — exposure: linear light times GAIN (0.4 underexposes by 1.3 EV;
 *       above 1, highlights clip);</li>
 *   <li>{@code gamma:G} — the sRGB signal to the power G (above 1 darkens the mid-tones);</li>
 *   <li>{@code wb:R:G:B} — a colour cast: linear light times R, G, B per channel;</li>
 *   <li>{@code contrast:C} — the signal scaled by C around mid-grey (below 1: flat, hazy).</li>
 * </ul>
 *
 * The last four are the faults {@code enhance} corrects ({@link EnhanceParameters}: a
 * perturbation and its correction are the same kind of grade).
 *
 * A blur comes first (the camera blurs before the sensor adds noise and the file is compressed),
 * at most once, and each other kind at most once: e.g. {@code blur:motion:15:30+jpeg:90}.
 *
 * @param steps the steps in order; empty for {@link #NONE}
 */
public record Degradation(List<Step> steps) {
    /** Largest motion length, defocus radius and Gaussian σ accepted: kernels stay a few hundred pixels wide. */
    static final double MAX_BLUR = 100;
    /** Largest gain, gamma or contrast factor accepted (and smallest: its inverse). */
    static final double MAX_GRADE = 16;

    private static final String FORMS = "use none, or steps joined by '+' with the blur first: "
            + "blur:motion:LEN:ANGLE (pixels, degrees), blur:defocus:RADIUS (pixels), blur:gauss:SIGMA "
            + "(pixels; blur:SIGMA is the same), noise:SIGMA (0-255 scale), jpeg:Q (1..100), "
            + "exposure:GAIN, gamma:G, wb:R:G:B, contrast:C (each > 0 and <= " + (int) MAX_GRADE + "); "
            + "e.g. blur:motion:15:30+jpeg:90, exposure:0.4+wb:1.2:1:0.8";


    /** No degradation: the clean input. */
    public static final Degradation NONE = new Degradation(List.of());

    /** One thing done to the image. */
    public sealed interface Step {
        /** The step done to {@code image}; {@code seed} makes noise repeatable. */
        PlanarImage apply(PlanarImage image, long seed);
    }

    /** A blur by {@code kernel}; {@code spelling} is how {@code --degrade} wrote it. */
    public record Blur(String spelling, BlurKernel kernel) implements Step {
        public Blur {
            Objects.requireNonNull(spelling, "spelling");
            Objects.requireNonNull(kernel, "kernel");
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return Degradations.blur(image, kernel);
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    /** JPEG at {@code quality}, 1–100. */
    public record Jpeg(int quality) implements Step {
        public Jpeg {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be an integer 1..100, got " + quality);
            }
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return Degradations.jpeg(image, quality);
        }

        @Override
        public String toString() {
            return "jpeg:" + quality;
        }
    }

    /** Gaussian noise of σ {@code sigma255} on the 0–255 scale. */
    public record Noise(double sigma255) implements Step {
        public Noise {
            if (!(sigma255 > 0) || Double.isInfinite(sigma255)) {
                throw new IllegalArgumentException("noise sigma must be a number > 0, got " + sigma255);
            }
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return Degradations.gaussianNoise(image, sigma255, seed);
        }

        @Override
        public String toString() {
            return "noise:" + number(sigma255);
        }
    }

    /** A grade done to the picture ({@code exposure:}, {@code gamma:}, {@code wb:}, {@code contrast:}). */
    private static PlanarImage graded(PlanarImage image, EnhanceParameters grade) {
        return Degradations.quantize(ToneCurves.of(grade).applyInPlace(image.copy()));
    }

    /** Exposure: linear light times {@code gain}. */
    public record Exposure(double gain) implements Step {
        public Exposure {
            EnhanceParameters.exposure(gain);
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return graded(image, EnhanceParameters.exposure(gain));
        }

        @Override
        public String toString() {
            return "exposure:" + number(gain);
        }
    }

    /** The signal to the power {@code gamma}. */
    public record Gamma(double gamma) implements Step {
        public Gamma {
            EnhanceParameters.gamma(gamma);
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return graded(image, EnhanceParameters.gamma(gamma));
        }

        @Override
        public String toString() {
            return "gamma:" + number(gamma);
        }
    }

    /** A colour cast: linear light times {@code red}, {@code green}, {@code blue}. */
    public record WhiteBalance(double red, double green, double blue) implements Step {
        public WhiteBalance {
            EnhanceParameters.whiteBalance(red, green, blue);
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return graded(image, EnhanceParameters.whiteBalance(red, green, blue));
        }

        @Override
        public String toString() {
            return "wb:" + number(red) + ":" + number(green) + ":" + number(blue);
        }
    }

    /** The signal scaled by {@code contrast} around mid-grey. */
    public record Contrast(double contrast) implements Step {
        public Contrast {
            EnhanceParameters.contrast(contrast);
        }

        @Override
        public PlanarImage apply(PlanarImage image, long seed) {
            return graded(image, EnhanceParameters.contrast(contrast));
        }

        @Override
        public String toString() {
            return "contrast:" + number(contrast);
        }
    }

    /** Copies the steps and checks their order. */
    public Degradation {
        steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s instanceof Blur && i > 0) {
                throw new IllegalArgumentException("the blur must be the first step (blur, then noise or JPEG)");
            }
            for (int j = 0; j < i; j++) {
                if (steps.get(j).getClass() == s.getClass()) {
                    throw new IllegalArgumentException("'" + s + "' repeats a kind of step; each kind at most once");
                }
            }
        }
    }

    /** JPEG at {@code quality}. */
    public static Degradation jpeg(int quality) {
        return new Degradation(List.of(new Jpeg(quality)));
    }

    /** The kernel of the blur step, if there is one: what a non-blind baseline is given. */
    public Optional<BlurKernel> kernel() {
        return steps.stream().filter(Blur.class::isInstance).map(s -> ((Blur) s).kernel()).findFirst();
    }

    /**
     * Reads {@code --degrade} text (see the class comment).
     *
     * @throws IllegalArgumentException naming the bad part and the accepted forms
     */
    public static Degradation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        List<Step> steps = new ArrayList<>();
        for (String part : t.split("\\+", -1)) {
            steps.add(step(text, part.trim()));
        }
        try {
            return new Degradation(steps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("degradation '" + text + "': " + e.getMessage() + "; " + FORMS, e);
        }
    }

    private static Step step(String text, String part) {
        String[] f = part.split(":", -1);
        try {
            switch (f[0]) {
                case "jpeg" -> {
                    if (f.length == 2) {
                        double q = number(text, f[1]);
                        if (q != Math.rint(q) || q < 1 || q > 100) {
                            throw bad(text, "JPEG quality must be an integer 1..100, got " + f[1]);
                        }
                        return new Jpeg((int) q);
                    }
                }
                case "exposure" -> {
                    if (f.length == 2) {
                        return new Exposure(grade(text, "exposure gain", f[1]));
                    }
                }
                case "gamma" -> {
                    if (f.length == 2) {
                        return new Gamma(grade(text, "gamma", f[1]));
                    }
                }
                case "contrast" -> {
                    if (f.length == 2) {
                        return new Contrast(grade(text, "contrast", f[1]));
                    }
                }
                case "wb" -> {
                    if (f.length == 4) {
                        return new WhiteBalance(grade(text, "red gain", f[1]), grade(text, "green gain", f[2]),
                                grade(text, "blue gain", f[3]));
                    }
                }
                case "noise" -> {
                    if (f.length == 2) {
                        return new Noise(number(text, f[1]));
                    }
                }
                case "blur" -> {
                    if (f.length == 2) {
                        return gauss(text, "blur:" + f[1], f[1]);
                    }
                    if (f.length == 3 && f[1].equals("gauss")) {
                        return gauss(text, part, f[2]);
                    }
                    if (f.length == 3 && f[1].equals("defocus")) {
                        double r = blurSize(text, "defocus radius", f[2]);
                        return new Blur("blur:defocus:" + number(r), BlurKernel.defocus(r));
                    }
                    if (f.length == 4 && f[1].equals("motion")) {
                        double len = blurSize(text, "motion length", f[2]);
                        double angle = number(text, f[3]);
                        if (!Double.isFinite(angle)) {
                            throw bad(text, "motion angle must be finite, got " + f[3]);
                        }
                        return new Blur("blur:motion:" + number(len) + ":" + number(angle),
                                BlurKernel.motion(len, angle));
                    }
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("degradation '")) {
                throw e;
            }
            throw bad(text, e.getMessage());
        }
        throw bad(text, "'" + part + "' is not a known step");
    }

    private static Blur gauss(String text, String spelling, String sigmaText) {
        double sigma = blurSize(text, "Gaussian sigma", sigmaText);
        return new Blur("blur:gauss:" + number(sigma), BlurKernel.gaussian(sigma));
    }

    private static double grade(String text, String what, String value) {
        double v = number(text, value);
        if (!(v >= 1 / MAX_GRADE && v <= MAX_GRADE)) {
            throw bad(text, what + " must be in " + 1 / MAX_GRADE + ".." + number(MAX_GRADE) + ", got " + value);
        }
        return v;
    }

    private static double blurSize(String text, String what, String value) {
        double v = number(text, value);
        if (!(v > 0) || v > MAX_BLUR) {
            throw bad(text, what + " must be > 0 and <= " + number(MAX_BLUR) + " pixels, got " + value);
        }
        return v;
    }

    private static double number(String text, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw bad(text, "'" + value + "' is not a number");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("degradation '" + text + "': " + why + "; " + FORMS);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * {@code image} (8-bit samples in [0, 1]) with every step done in order; a new image, rounded
     * to 8-bit codes. {@code seed} makes noise repeatable per image.
     */
    public PlanarImage apply(PlanarImage image, long seed) {
        PlanarImage out = image;
        for (Step s : steps) {
            out = s.apply(out, seed);
        }
        return out;
    }

    /** The {@code --degrade} spelling, e.g. {@code blur:motion:15:30+jpeg:90}. */
    @Override
    public String toString() {
        if (steps.isEmpty()) {
            return "none";
        }
        return String.join("+", steps.stream().map(Step::toString).toList());
    }
}
