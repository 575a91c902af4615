package io.sr4j.upscale;

/** Memory, in float samples, that the streaming stages hold at once; used by the memory guard. */
final class StreamingCosts {
    private StreamingCosts() {
    }

    /**
     * A streaming resize to rows of {@code outWidth}: its window of resized input rows (as many as
     * the vertical kernel reaches, wider when shrinking) plus one output band of about 2^20 samples.
     */
    static long resizeSamples(int outWidth, double scaleY, int channels) {
        long windowRows = (long) Math.ceil(8 / Math.min(1.0, scaleY)) + 2;
        return windowRows * outWidth * channels + (1L << 20);
    }
}
