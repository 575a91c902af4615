/**
 * Automatic exposure, white balance and contrast ("grading"): {@link io.sr4j.enhance.Enhancer}
 * measures a picture's global statistics and returns {@link io.sr4j.enhance.EnhanceParameters}
 * (black level, white-balance gains, exposure gain, gamma), which {@link io.sr4j.enhance.ToneCurves}
 * applies per pixel in float. The same parameters describe the synthetic perturbations that
 * evaluation and training apply to good photos, so a perturbation and its correction are one
 * transform. {@link io.sr4j.enhance.SceneSmoother} smooths the parameters over a video scene so
 * that the correction does not flicker.
 */
package io.sr4j.enhance;
