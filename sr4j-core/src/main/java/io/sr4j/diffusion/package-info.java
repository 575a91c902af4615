/**
 * Diffusion models: the noise schedule that trainer and sampler agree on, and the sampler (DDIM and
 * DDPM over overlapping, blended windows, with counter-based seeded noise).
 */
package io.sr4j.diffusion;
