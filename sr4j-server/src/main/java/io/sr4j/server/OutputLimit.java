package io.sr4j.server;

import io.sr4j.pipeline.SizeEstimate;
import java.util.Locale;

/**
 * The output-size check images and video frames share: the result, and every stage's image on the
 * way (a network's output at its own scale included), must stay within a pixel count, refused (422)
 * before any work.
 */
final class OutputLimit {
    private OutputLimit() {
    }

    /**
     * @param name      the upload's name, for the message
     * @param video     whether {@code width} × {@code height} is a video frame (changes the wording)
     * @param pipeline  the spec's canonical text, for the message
     * @param estimate  what the pipeline makes of {@code width} × {@code height}
     * @param maxPixels the limit
     * @throws ApiError 422 {@code output_too_large} when over the limit
     */
    static void check(String name, boolean video, int width, int height, String pipeline, SizeEstimate estimate,
                      long maxPixels) {
        double largest = estimate.largestPixels();
        if (largest > maxPixels) {
            throw ApiError.unprocessable("output_too_large", String.format(Locale.ROOT,
                    "%s: running %s on %s%dx%d needs %.0f pixels%s, more than this server makes (%d); "
                            + "send a smaller %s or ask for a smaller scale", name, pipeline,
                    video ? "its frames of " : "", width, height, largest, video ? " a frame" : "", maxPixels,
                    video ? "video" : "image"), null);
        }
    }
}
