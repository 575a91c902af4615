package io.sr4j.diffusion;

import io.sr4j.image.PlanarImage;

/**
 * The network of a conditional diffusion model, for one window of the image: given the noisy
 * sample {@code z_t = √ᾱ·x₀ + √(1−ᾱ)·ε} and the condition over the same window, it predicts the
 * noise ε. Called from one thread at a time by {@link DiffusionSampler}.
 */
@FunctionalInterface
public interface Denoiser {
    /**
     * @param z         the noisy sample over the window, planar (channel, row, column) like
     *                  {@code condition}; not to be changed
     * @param condition the condition over the window (for super-resolution: the upsampled input)
     * @param alphaBar  ᾱ of the step, in (0, 1)
     * @return the predicted ε, {@code z.length} values in the same layout
     */
    double[] predictNoise(double[] z, PlanarImage condition, double alphaBar);
}
