package io.sr4j.diffusion;

import java.util.Locale;

/** How a sampler walks the noise schedule back. */
public enum SamplerKind {
    /**
     * DDIM (Song et al. 2021): deterministic for η = 0, so the seed only picks the starting noise;
     * good in few steps.
     */
    DDIM,
    /** DDPM's ancestral sampling (Ho et al. 2020): fresh noise at each step, the posterior's variance. */
    DDPM;

    /** The kind named {@code ddim} or {@code ddpm} (any case). */
    public static SamplerKind parse(String name) {
        for (SamplerKind kind : values()) {
            if (kind.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + name + "' (expected ddim or ddpm)");
    }

    /** The name {@link #parse} reads. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
