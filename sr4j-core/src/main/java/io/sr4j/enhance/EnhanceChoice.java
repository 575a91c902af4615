package io.sr4j.enhance;

import java.util.Locale;

/**
 * The value of an {@code enhance} option as every face spells it ({@code --enhance} of sr4j video and
 * sr4j batch, the server's {@code enhance}): {@code auto} grades, {@code none} (or no value) does not.
 */
public final class EnhanceChoice {
    private EnhanceChoice() {
    }

    /**
     * Whether {@code value} asks for the automatic grade.
     *
     * @throws IllegalArgumentException for another value, naming the two accepted
     */
    public static boolean asked(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("must be auto or none, got '" + value + "'");
        };
    }
}
