package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much time a user gives for how much fidelity, when no model is named: {@code --quality}.
 * What each tier runs per scale and kind of picture is measured, not decided here: see
 * {@link TierTable} and {@link TierSelection}.
 */
public enum QualityTier {
    /** The cheapest network measured: the quickest result that still beats classical filters. */
    FAST("fast"),
    /** The best fidelity at no more than {@link TierSelection#BALANCED_COST} times the fast tier's time. */
    BALANCED("balanced"),
    /** The best fidelity measured, whatever it costs (chains, self-ensembles). */
    BEST("best");

    /** The tier when none is asked for. */
    public static final QualityTier DEFAULT = BALANCED;

    private final String code;

    QualityTier(String code) {
        this.code = code;
    }

    /** The tier's name on the command line, in the API and in {@code tiers.json}. */
    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The tier {@code text} names (case-insensitive).
     *
     * @throws IllegalArgumentException naming the tiers there are
     */
    public static QualityTier parse(String text) {
        String lower = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.code.equals(lower)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown quality tier '" + text + "'; the tiers are "
                        + names()));
    }

    /** {@code fast, balanced, best}. */
    public static String names() {
        return Arrays.stream(values()).map(QualityTier::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
