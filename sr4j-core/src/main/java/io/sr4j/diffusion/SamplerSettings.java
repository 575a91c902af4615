package io.sr4j.diffusion;

import java.util.Objects;

/**
 * How to sample a diffusion model: the sampler, the number of steps, DDIM's η and the seed of
 * every noise drawn.
 *
 * @param kind  DDIM or DDPM
 * @param steps network evaluations, 1..{@value #MAX_STEPS} (and at most the model's training steps)
 * @param eta   DDIM's stochasticity, 0 (deterministic) to 1 (DDPM-like variance); ignored by DDPM
 * @param seed  the noise's seed: the same seed gives the same pixels
 */
public record SamplerSettings(SamplerKind kind, int steps, double eta, long seed) {
    /** Most steps a sampler takes (the training schedules have 1000). */
    public static final int MAX_STEPS = 1000;
    /** Steps when none are asked for: DDIM is close to its limit there at a fraction of the cost. */
    public static final int DEFAULT_STEPS = 20;
    /** A fixed default seed, so that a rerun without {@code --seed} gives the same pixels. */
    public static final long DEFAULT_SEED = 1;

    public SamplerSettings {
        Objects.requireNonNull(kind, "kind");
        checkSteps(steps);
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in 0..1, got " + eta);
        }
    }

    /** DDIM with η = 0, {@value #DEFAULT_STEPS} steps and the default seed. */
    public static SamplerSettings defaults() {
        return new SamplerSettings(SamplerKind.DDIM, DEFAULT_STEPS, 0, DEFAULT_SEED);
    }

    public SamplerSettings withKind(SamplerKind value) {
        return new SamplerSettings(value, steps, eta, seed);
    }

    public SamplerSettings withSteps(int value) {
        return new SamplerSettings(kind, value, eta, seed);
    }

    public SamplerSettings withEta(double value) {
        return new SamplerSettings(kind, steps, value, seed);
    }

    public SamplerSettings withSeed(long value) {
        return new SamplerSettings(kind, steps, eta, value);
    }

    /** Throws the usage error for a step count outside 1..{@value #MAX_STEPS}. */
    public static int checkSteps(int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 1.." + MAX_STEPS + ", got " + steps);
        }
        return steps;
    }

    @Override
    public String toString() {
        return kind.id() + (kind == SamplerKind.DDIM && eta > 0 ? " eta " + eta : "") + ", " + steps
                + " steps, seed " + seed;
    }
}
