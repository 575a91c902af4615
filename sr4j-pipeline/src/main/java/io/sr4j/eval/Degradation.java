package io.sr4j.eval;

import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import java.util.Locale;
import java.util.Objects;

/**
 * What is done to a low-resolution input after the bicubic reduction, as {@code --degrade} spells
 * it: {@code none}, {@code jpeg:Q} (JPEG at quality Q, 1–100), {@code noise:S} (Gaussian noise,
 * σ = S on the 0–255 scale, fixed seed) or {@code blur:S} (Gaussian blur, σ = S pixels).
 *
 * @param kind   what is done
 * @param amount the quality, σ of the noise or σ of the blur; 0 for {@link Kind#NONE}
 */
public record Degradation(Kind kind, double amount) {
    /** The kinds of damage. */
    public enum Kind { NONE, JPEG, NOISE, BLUR }

    /** No degradation: the clean bicubic input. */
    public static final Degradation NONE = new Degradation(Kind.NONE, 0);

    /** Validates the amount for the kind. */
    public Degradation {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case NONE -> {
                if (amount != 0) {
                    throw new IllegalArgumentException("'none' takes no amount");
                }
            }
            case JPEG -> {
                if (amount != Math.rint(amount) || amount < 1 || amount > 100) {
                    throw new IllegalArgumentException("JPEG quality must be an integer 1..100, got " + amount);
                }
            }
            default -> {
                if (!(amount > 0) || Double.isInfinite(amount)) {
                    throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT)
                            + " sigma must be a number > 0, got " + amount);
                }
            }
        }
    }

    /** JPEG at {@code quality}. */
    public static Degradation jpeg(int quality) {
        return new Degradation(Kind.JPEG, quality);
    }

    /**
     * Reads {@code none}, {@code jpeg:Q}, {@code noise:S} or {@code blur:S}.
     *
     * @throws IllegalArgumentException with the accepted forms if the text is none of them
     */
    public static Degradation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        Kind kind = switch (name) {
            case "jpeg" -> Kind.JPEG;
            case "noise" -> Kind.NOISE;
            case "blur" -> Kind.BLUR;
            default -> null;
        };
        if (kind == null || colon < 0) {
            throw new IllegalArgumentException("degradation '" + text + "': use none, jpeg:Q (1..100), "
                    + "noise:SIGMA (0-255 scale) or blur:SIGMA (pixels)");
        }
        try {
            return new Degradation(kind, Double.parseDouble(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("degradation '" + text + "': '" + t.substring(colon + 1)
                    + "' is not a number", e);
        }
    }

    /**
     * {@code lr} (8-bit samples in [0, 1]) with this damage done; a new image, rounded to 8-bit
     * codes. {@code seed} makes noise repeatable per image.
     */
    public PlanarImage apply(PlanarImage lr, long seed) {
        return switch (kind) {
            case NONE -> lr;
            case JPEG -> Degradations.jpeg(lr, (int) amount);
            case NOISE -> Degradations.gaussianNoise(lr, amount, seed);
            case BLUR -> Degradations.gaussianBlur(lr, amount);
        };
    }

    /** The {@code --degrade} spelling, e.g. {@code jpeg:30}. */
    @Override
    public String toString() {
        if (kind == Kind.NONE) {
            return "none";
        }
        String number = amount == Math.rint(amount) ? Long.toString((long) amount) : Double.toString(amount);
        return kind.name().toLowerCase(Locale.ROOT) + ":" + number;
    }
}
