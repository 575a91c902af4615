/** Diffusion models' shared definitions: the noise schedule that trainer and sampler agree on. */
package io.sr4j.diffusion;
