package io.sr4j.video;

import io.sr4j.color.HdrFormat;
import io.sr4j.pipeline.HdrTarget;
import java.util.Optional;

/**
 * How a run's output is HDR, if it is: SDR converted ({@code --hdr}), or HDR input kept HDR (same
 * transfer and primaries, its mastering display carried over, the light level measured again).
 *
 * @param target    the format and peak the encoder signals and measures by
 * @param display   the ST 2086 mastering display written
 * @param converted the frames are converted from SDR (false: the input's HDR signal goes through)
 */
record HdrOutput(HdrTarget target, MasteringDisplay display, boolean converted) {
    /** The output for {@code options} and a source tagged {@code tagged}; empty for SDR output. */
    static Optional<HdrOutput> of(VideoOptions options, Colour tagged, Optional<MasteringDisplay> sourceDisplay) {
        if (options.hdr().isPresent()) {
            HdrTarget t = options.hdr().get();
            return Optional.of(new HdrOutput(t, MasteringDisplay.of(t), true));
        }
        if (!tagged.isHdr()) {
            return Optional.empty();
        }
        // FFmpeg's AVCOL_TRC values are H.273's code points.
        HdrFormat format = HdrFormat.ofTransfer(tagged.transfer());
        double peak = sourceDisplay.map(MasteringDisplay::peakNits).filter(p -> p >= HdrTarget.DEFAULT_WHITE)
                .orElse(HdrTarget.DEFAULT_PEAK);
        HdrTarget t = new HdrTarget(format, peak, HdrTarget.DEFAULT_WHITE);
        return Optional.of(new HdrOutput(t, sourceDisplay.orElse(MasteringDisplay.of(t)), false));
    }

    /** What a resumed run must share: {@code none}, the conversion's spec, or {@code keep:FORMAT}. */
    static String describe(Optional<HdrOutput> output) {
        return output.map(o -> o.converted ? o.target.toString() : "keep:" + o.target.format().token()).orElse("none");
    }
}
