package io.sr4j.video;

/**
 * Everything an encoder of the upscaled video needs; the same for every segment of a run, so that
 * the segments join into one stream.
 *
 * @param encoder       FFmpeg encoder name ({@code libx264}, {@code libx265}, {@code libopenh264})
 * @param width         output width
 * @param height        output height
 * @param timeBaseNum   time base of the timestamps (the input video stream's)
 * @param timeBaseDen   time base denominator
 * @param frameRateNum  nominal frame rate (0 if unknown)
 * @param frameRateDen  frame rate denominator
 * @param sarNum        sample aspect ratio (0/1 if unknown), kept from the input
 * @param sarDen        sample aspect ratio denominator
 * @param colour        colour description written into the stream and used for RGB to YCbCr
 * @param crf           constant rate factor (libx264, libx265)
 * @param preset        speed preset (libx264, libx265)
 * @param keyInterval   frames between key frames: one segment
 * @param hdr           HDR output (10-bit, frames already HDR signals), or null for SDR
 * @param bitDepth      bits per sample of the encoded video, 8 or 10 (always 10 for HDR)
 */
record EncoderSettings(String encoder, int width, int height, int timeBaseNum, int timeBaseDen, int frameRateNum,
                       int frameRateDen, int sarNum, int sarDen, Colour colour, int crf, String preset,
                       int keyInterval, HdrOutput hdr, int bitDepth) {
    EncoderSettings {
        if (bitDepth != 8 && bitDepth != 10 || hdr != null && bitDepth != 10) {
            throw new IllegalArgumentException("bit depth must be 8 or 10 (10 for HDR), got " + bitDepth);
        }
    }
}
