package io.sr4j.video;

/**
 * What {@link VideoUpscaler} found in an input.
 *
 * @param width          coded frame width in pixels
 * @param height         coded frame height in pixels
 * @param frameRate      average frames per second (0 if the file does not say)
 * @param seconds        length of the whole input in seconds (0 if unknown)
 * @param codec          the video codec's FFmpeg name
 * @param rotation       display rotation in degrees counter-clockwise (0 if none); kept in the output
 * @param audioStreams   audio streams in the input (copied untouched)
 * @param subtitleStreams subtitle streams in the input (copied when the output container takes them)
 * @param hdr            the stream's transfer is PQ or HLG: the output stays HDR (10-bit HEVC)
 */
public record VideoInfo(int width, int height, double frameRate, double seconds, String codec, double rotation,
                        int audioStreams, int subtitleStreams, boolean hdr) {
}
