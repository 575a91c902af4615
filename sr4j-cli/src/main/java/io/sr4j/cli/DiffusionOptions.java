package io.sr4j.cli;

import io.sr4j.diffusion.SamplerKind;
import io.sr4j.diffusion.SamplerSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --steps}, {@code --seed}, {@code --sampler} and {@code --eta}: how a diffusion model is sampled. */
final class DiffusionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", description = "Diffusion models (sr4j-diffusion-x4): network "
            + "runs, 1-" + SamplerSettings.MAX_STEPS + "; more is slower and finer. Default: "
            + SamplerSettings.DEFAULT_STEPS + ".")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", description = "Diffusion models: the seed of the sampled noise; the "
            + "same seed gives the same pixels, another seed other detail. Default: " + SamplerSettings.DEFAULT_SEED
            + ".")
    Long seed;

    @Option(names = "--sampler", paramLabel = "ddim|ddpm", description = "Diffusion models: ddim (default; "
            + "deterministic per seed, good in few steps) or ddpm (ancestral, fresh noise at every step, wants "
            + "more steps).")
    String sampler;

    @Option(names = "--eta", paramLabel = "E", description = "Diffusion models, ddim: noise added per step, 0 "
            + "(default, deterministic) to 1 (as much as ddpm).")
    Double eta;

    /** True if any of these options was given. */
    boolean given() {
        return steps != null || seed != null || sampler != null || eta != null;
    }

    /** The options given, for an error message. */
    String named() {
        StringBuilder b = new StringBuilder();
        append(b, steps != null, "--steps");
        append(b, seed != null, "--seed");
        append(b, sampler != null, "--sampler");
        append(b, eta != null, "--eta");
        return b.toString();
    }

    private static void append(StringBuilder b, boolean given, String name) {
        if (given) {
            b.append(b.length() > 0 ? ", " : "").append(name);
        }
    }

    /** The settings; a usage error (exit 2) naming the option for a bad value. */
    SamplerSettings settings() {
        SamplerSettings s = SamplerSettings.defaults();
        try {
            if (sampler != null) {
                s = s.withKind(SamplerKind.parse(sampler));
            }
        } catch (IllegalArgumentException e) {
            throw usage("--sampler: " + e.getMessage());
        }
        if (steps != null) {
            if (steps < 1 || steps > SamplerSettings.MAX_STEPS) {
                throw usage("--steps must be 1.." + SamplerSettings.MAX_STEPS + ", got " + steps);
            }
            s = s.withSteps(steps);
        }
        if (eta != null) {
            if (!(eta >= 0 && eta <= 1)) {
                throw usage("--eta must be 0..1, got " + eta);
            }
            if (s.kind() != SamplerKind.DDIM) {
                throw usage("--eta is DDIM's; ddpm always adds the posterior's noise");
            }
            s = s.withEta(eta);
        }
        return seed != null ? s.withSeed(seed) : s;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
