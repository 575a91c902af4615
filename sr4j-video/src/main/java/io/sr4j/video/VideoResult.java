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
 */
public record VideoResult(long frames, long resumedFrames, int width, int height, String encoder, double seconds,
                          double decodeSeconds, double inferSeconds, double encodeSeconds, double remuxSeconds) {
    /** Frames per second of this run's own work. */
    public double framesPerSecond() {
        return seconds > 0 ? (frames - resumedFrames) / seconds : 0;
    }
}
