package io.sr4j.video;

/**
 * What a {@link VideoUpscaler} run did.
 *
 * @param frames        frames in the output
 * @param resumedFrames of those, frames an earlier run had done
 * @param width         output width
 * @param height        output height
 * @param encoder       the FFmpeg encoder used
 * @param seconds       wall time of the run
 * @param decodeSeconds time spent decoding and converting to RGB (overlaps the others)
 * @param inferSeconds  time spent in the network
 * @param encodeSeconds time spent converting to YCbCr, encoding and writing segments (overlaps)
 * @param remuxSeconds  time spent joining segments and copying audio/subtitles at the end
 * @param colour        of those, the colour work around the network (docs/PERFORMANCE.md, "Video")
 */
public record VideoResult(long frames, long resumedFrames, int width, int height, String encoder, double seconds,
                          double decodeSeconds, double inferSeconds, double encodeSeconds, double remuxSeconds,
                          ColourTimes colour) {
    /**
     * Seconds of the colour work, each part of a stage's time above.
     *
     * @param gradeAndHdrSeconds grade, inverse tone mapping, BT.2020 and PQ/HLG in float (network stage)
     * @param toYcbcrSeconds     float RGB to the encoder's 8- or 10-bit YCbCr (encode stage)
     * @param lightSeconds       decoding the encoded frames to measure MaxCLL/MaxFALL (HDR; encode stage)
     */
    public record ColourTimes(double gradeAndHdrSeconds, double toYcbcrSeconds, double lightSeconds) {
        public double totalSeconds() {
            return gradeAndHdrSeconds + toYcbcrSeconds + lightSeconds;
        }
    }

    /** Frames per second of this run's own work. */
    public double framesPerSecond() {
        return seconds > 0 ? (frames - resumedFrames) / seconds : 0;
    }
}
