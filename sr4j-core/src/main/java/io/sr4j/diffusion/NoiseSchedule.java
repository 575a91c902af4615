package io.sr4j.diffusion;

import java.util.Locale;

/**
 * The noise schedule of a diffusion model: for each of its {@code T} training steps the signal
 * fraction {@code ᾱ_t} (alpha-bar) of the noisy sample {@code z_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε}. Step 0
 * is the clean sample (ᾱ = 1); step T is (nearly) pure noise. The trainer draws steps from it
 * and the sampler walks it back, so both name it the same way: {@link #name()} is written into
 * the exported model's metadata and read back with {@link #parse}.
 */
public final class NoiseSchedule {
    /** The cosine schedule's offset (Nichol &amp; Dhariwal 2021), which keeps β small near t = 0. */
    private static final double COSINE_OFFSET = 0.008;
    /** Largest β of a step: the cosine schedule's last steps would otherwise be singular. */
    private static final double MAX_BETA = 0.999;

    private final String kind;
    private final double[] alphaBar;

    private NoiseSchedule(String kind, double[] alphaBar) {
        this.kind = kind;
        this.alphaBar = alphaBar;
    }

    /** The cosine schedule over {@code steps} training steps. */
    public static NoiseSchedule cosine(int steps) {
        checkSteps(steps);
        double[] a = new double[steps + 1];
        a[0] = 1;
        for (int t = 1; t <= steps; t++) {
            double beta = Math.min(MAX_BETA, 1 - cosineF(t, steps) / cosineF(t - 1, steps));
            a[t] = a[t - 1] * (1 - beta);
        }
        return new NoiseSchedule("cosine", a);
    }

    /** The linear-β schedule of DDPM (Ho et al. 2020: β from 1e-4 to 0.02 over 1000 steps). */
    public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
        checkSteps(steps);
        if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd < 1)) {
            throw new IllegalArgumentException("need 0 < betaStart <= betaEnd < 1, got "
                    + betaStart + ", " + betaEnd);
        }
        double[] a = new double[steps + 1];
        a[0] = 1;
        for (int t = 1; t <= steps; t++) {
            double beta = steps == 1 ? betaStart
                    : betaStart + (betaEnd - betaStart) * (t - 1) / (steps - 1);
            a[t] = a[t - 1] * (1 - beta);
        }
        return new NoiseSchedule(String.format(Locale.ROOT, "linear:%s:%s",
                Double.toString(betaStart), Double.toString(betaEnd)), a);
    }

    /**
     * The schedule a name from {@link #name()} describes: {@code cosine} or
     * {@code linear:BETA_START:BETA_END}, over {@code steps} training steps.
     */
    public static NoiseSchedule parse(String name, int steps) {
        String[] parts = name.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            if (parts.length == 1 && parts[0].equals("cosine")) {
                return cosine(steps);
            }
            if (parts.length == 3 && parts[0].equals("linear")) {
                return linear(steps, Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below, which names the accepted forms
        }
        throw new IllegalArgumentException("unknown noise schedule '" + name
                + "' (expected cosine or linear:BETA_START:BETA_END)");
    }

    private static double cosineF(int t, int steps) {
        double c = Math.cos(((double) t / steps + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2);
        return c * c;
    }

    private static void checkSteps(int steps) {
        if (steps < 1 || steps > 100_000) {
            throw new IllegalArgumentException("a schedule has 1..100000 steps, got " + steps);
        }
    }

    /** The schedule's name, as {@link #parse} reads it; the step count is kept apart. */
    public String name() {
        return kind;
    }

    /** Training steps T. */
    public int steps() {
        return alphaBar.length - 1;
    }

    /** ᾱ of step {@code t}, 0 ≤ t ≤ T; ᾱ(0) = 1. */
    public double alphaBar(int t) {
        if (t < 0 || t > steps()) {
            throw new IllegalArgumentException("step " + t + " is outside 0.." + steps());
        }
        return alphaBar[t];
    }

    /**
     * {@code n} training steps spread evenly from T down to 1, for a sampler that takes n steps
     * (DDIM's respacing): the first is always T, the last always ≥ 1, all distinct.
     */
    public int[] respaced(int n) {
        int total = steps();
        if (n < 1 || n > total) {
            throw new IllegalArgumentException("can sample in 1.." + total + " steps, got " + n);
        }
        int[] ts = new int[n];
        for (int i = 0; i < n; i++) {
            // i = 0 → T, i = n−1 → T/n (rounded, ≥ 1): even spacing that always ends above 0.
            ts[i] = Math.max(1, (int) Math.round((double) total * (n - i) / n));
        }
        return ts;
    }

    @Override
    public String toString() {
        return kind + " over " + steps() + " steps";
    }
}
