package io.sr4j.eval;

import io.sr4j.deblur.NonBlindDeconvolution;
import io.sr4j.deblur.RichardsonLucy;
import io.sr4j.deblur.SparseGradientDeconvolution;
import io.sr4j.deblur.WienerDeconvolution;
import java.util.Locale;
import java.util.Objects;

/**
 * A classical deblurring baseline for {@code sr4j eval --baseline}: it is handed the TRUE kernel of
 * the degradation's blur (non-blind), which no real photo comes with, so it exists only in the
 * evaluation, as the score a blind network must beat. Spelled {@code wiener}, {@code wiener:NSR},
 * {@code richardson-lucy}, {@code richardson-lucy:ITERATIONS}, {@code tv} or {@code tv:LAMBDA}
 * (the sparse-gradient deconvolution that sr4j-deblur runs, here with the true kernel).
 *
 * @param method the deconvolution
 */
public record DeblurBaseline(NonBlindDeconvolution method) {
    private static final String FORMS = "use wiener, wiener:NSR (> 0), richardson-lucy, "
            + "richardson-lucy:ITERATIONS (>= 1), tv or tv:LAMBDA (> 0)";

    public DeblurBaseline {
        Objects.requireNonNull(method, "method");
    }

    /**
     * Reads one {@code --baseline} value.
     *
     * @throws IllegalArgumentException with the accepted forms for anything else
     */
    public static DeblurBaseline parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String value = colon < 0 ? null : t.substring(colon + 1);
        try {
            switch (name) {
                case "wiener" -> {
                    return new DeblurBaseline(value == null ? new WienerDeconvolution()
                            : new WienerDeconvolution(Double.parseDouble(value)));
                }
                case "richardson-lucy" -> {
                    return new DeblurBaseline(value == null ? new RichardsonLucy()
                            : new RichardsonLucy(Integer.parseInt(value)));
                }
                case "tv" -> {
                    return new DeblurBaseline(value == null ? new SparseGradientDeconvolution()
                            : new SparseGradientDeconvolution(new WienerDeconvolution(), Double.parseDouble(value)));
                }
                default -> throw new IllegalArgumentException("'" + name + "' is not a baseline");
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException is one too: its message names the bad number.
            throw new IllegalArgumentException("baseline '" + text + "': " + e.getMessage() + "; " + FORMS, e);
        }
    }

    /** The report's label, e.g. {@code wiener(nsr=0.003)@true-kernel}: it says it was given the kernel. */
    public String label() {
        return method.describe() + "@true-kernel";
    }
}
