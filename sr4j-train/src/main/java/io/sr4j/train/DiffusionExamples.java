package io.sr4j.train;

import io.sr4j.diffusion.NoiseSchedule;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.util.SplittableRandom;

/**
 * Turns HR/LR crops into the denoiser's training examples: the condition is sr4j's bicubic
 * enlargement of the LR crop (the one the sampler uses), x₀ = (HR − condition)·g, and
 * z_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε with t uniform in 1..T and ε standard normal.
 */
final class DiffusionExamples {
    /** One batch in NCHW order; {@code alphaBar} has one value per crop. */
    record Batch(float[] noisy, float[] condition, float[] alphaBar, float[] eps, int size, int edge) {
    }

    private static final Resampler BICUBIC = Resampler.of(ResampleFilter.BICUBIC);

    private final PatchSampler sampler;
    private final NoiseSchedule schedule;
    private final double gain;
    private final long seed;

    DiffusionExamples(PatchSampler sampler, NoiseSchedule schedule, double gain, long seed) {
        this.sampler = sampler;
        this.schedule = schedule;
        this.gain = gain;
        this.seed = seed;
    }

    /** The condition for {@code lr}: its bicubic enlargement by {@code scale}. */
    static PlanarImage condition(PlanarImage lr, int scale) {
        return BICUBIC.resize(lr, lr.width() * scale, lr.height() * scale);
    }

    /** Batch number {@code step}: crops from the patch sampler, t and ε from (seed, step) alone. */
    Batch batch(long step) {
        PatchSampler.Batch crops = sampler.batch(step);
        int n = crops.size();
        int p = crops.patch();
        int edge = p * crops.scale();
        int lrSize = 3 * p * p;
        int hrSize = 3 * edge * edge;
        float[] condition = new float[n * hrSize];
        float[] x0 = new float[n * hrSize];
        for (int b = 0; b < n; b++) {
            float[] lr = new float[lrSize];
            System.arraycopy(crops.lr(), b * lrSize, lr, 0, lrSize);
            float[] up = condition(new PlanarImage(p, p, 3, lr), crops.scale()).data();
            System.arraycopy(up, 0, condition, b * hrSize, hrSize);
        }
        float[] hr = crops.hr();
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) ((hr[i] - condition[i]) * gain);
        }
        // Its own stream, apart from the crops' (PatchSampler seeds with seed·φ + step).
        SplittableRandom random = new SplittableRandom((seed * 0xD1B54A32D192ED03L + step) ^ 0x5DEECE66DL);
        float[] alphaBar = new float[n];
        for (int b = 0; b < n; b++) {
            alphaBar[b] = (float) schedule.alphaBar(1 + random.nextInt(schedule.steps()));
        }
        float[] eps = gaussian(random, x0.length);
        return new Batch(noise(x0, eps, alphaBar, hrSize), condition, alphaBar, eps, n, edge);
    }

    /** z_t of each crop ({@code per} values each) from x₀ and ε. */
    static float[] noise(float[] x0, float[] eps, float[] alphaBar, int per) {
        float[] z = new float[x0.length];
        for (int i = 0; i < z.length; i++) {
            double a = alphaBar[i / per];
            z[i] = (float) (Math.sqrt(a) * x0[i] + Math.sqrt(1 - a) * eps[i]);
        }
        return z;
    }

    static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Degrader.gaussian(random);
        }
        return v;
    }
}
