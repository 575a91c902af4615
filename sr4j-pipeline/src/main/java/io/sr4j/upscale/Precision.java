package io.sr4j.upscale;

import java.util.Locale;

/** The arithmetic a network runs in. */
public enum Precision {
    /** The model's own float weights and activations (the default). */
    FP32,
    /**
     * Static int8 quantisation: int8 weights per output channel, uint8 activations with ranges
     * calibrated once on built-in photos; faster on CPUs with VNNI, slightly less exact (see
     * docs/PERFORMANCE.md). Resamplers ignore it.
     */
    INT8;

    /** Parses "fp32" or "int8" (any case), naming the choices when {@code text} is neither. */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "': use fp32 or int8");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
