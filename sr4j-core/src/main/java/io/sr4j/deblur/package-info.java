/**
 * Blur and its classical inversion: {@link io.sr4j.deblur.BlurKernel} (motion, defocus, Gaussian,
 * random camera shake), {@link io.sr4j.deblur.Convolution} (what a blurred photo is), and the
 * non-blind deconvolutions {@link io.sr4j.deblur.WienerDeconvolution} and
 * {@link io.sr4j.deblur.RichardsonLucy}, which are given the kernel and are the baselines a blind
 * network must beat.
 */
package io.sr4j.deblur;
