package io.sr4j.deblur;

import io.sr4j.image.PlanarImage;

/** Undoes a blur whose kernel is known (non-blind): the classical baselines of deblurring. */
public interface NonBlindDeconvolution {
    /**
     * A new image: {@code blurred} (samples in [0, 1], every plane blurred by {@code kernel}) with
     * the blur undone as far as this method can, clamped to [0, 1]. {@code blurred} is not changed.
     */
    PlanarImage restore(PlanarImage blurred, BlurKernel kernel);

    /** A short name for reports, e.g. {@code wiener(nsr=0.003)}. */
    String describe();
}
