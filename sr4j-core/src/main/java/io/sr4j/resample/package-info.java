/**
 * Image resizing identical to MATLAB's {@code imresize}: {@link io.sr4j.resample.Resampler} with a
 * {@link io.sr4j.resample.ResampleFilter} (nearest, bilinear, bicubic, Lanczos-3), antialiased
 * shrinking, any real scale factor, optionally multi-threaded with bit-identical results.
 */
package io.sr4j.resample;
