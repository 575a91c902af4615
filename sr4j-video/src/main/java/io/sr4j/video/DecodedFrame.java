package io.sr4j.video;

import io.sr4j.enhance.EnhanceParameters;
import io.sr4j.image.PlanarImage;

/**
 * One frame on its way through the pipeline.
 *
 * @param index position among the frames being upscaled (0 = the first at or after the start)
 * @param pts      presentation time in the output's video time base
 * @param duration how long it is shown, same time base (0 if unknown)
 * @param rgb      colour planes in [0, 1] (for HDR output, the HDR signal)
 * @param grade    the scene-smoothed grade to apply after the network ({@link FrameSource}), or null
 *                 when the run does not enhance
 */
record DecodedFrame(long index, long pts, long duration, PlanarImage rgb, EnhanceParameters grade) {
    /** A frame without a grade. */
    DecodedFrame(long index, long pts, long duration, PlanarImage rgb) {
        this(index, pts, duration, rgb, null);
    }
}
