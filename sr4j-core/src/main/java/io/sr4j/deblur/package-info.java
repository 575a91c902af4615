/**
 * Blur and its inversion: {@link io.sr4j.deblur.BlurKernel} (motion, defocus, Gaussian, random
 * camera shake), {@link io.sr4j.deblur.Convolution} (what a blurred photo is), the non-blind
 * deconvolutions {@link io.sr4j.deblur.WienerDeconvolution} and
 * {@link io.sr4j.deblur.RichardsonLucy}, which are given the kernel, and blind deblurring:
 * {@link io.sr4j.deblur.BlindKernelEstimator} finds the kernel from the image's gradient spectrum,
 * {@link io.sr4j.deblur.BlindDeblur} undoes it over overlapping windows.
 */
package io.sr4j.deblur;
