package io.sr4j.server;

import io.sr4j.model.ModelInfo;
import java.util.Locale;

/**
 * The output-size check images and video frames share: the result, and the network's intermediate
 * at its own scale, must stay within a pixel count, refused (422) before any work.
 */
final class OutputLimit {
    private OutputLimit() {
    }

    /**
     * @param name      the upload's name, for the message
     * @param video     whether {@code width} × {@code height} is a video frame (changes the wording)
     * @param info      the enlarging model, or null when only denoising
     * @param maxPixels the limit
     * @throws ApiError 422 {@code output_too_large} when over the limit
     */
    static void check(String name, boolean video, int width, int height, UpscaleParams params, ModelInfo info,
                      long maxPixels) {
        double scale = params.effectiveScale(info);
        double output = Math.ceil(width * scale) * Math.ceil(height * scale);
        int nativeScale = info == null || info.anyScale() ? 1 : info.scale();
        double intermediate = (double) width * nativeScale * height * nativeScale;
        double largest = Math.max(output, intermediate);
        if (largest > maxPixels) {
            throw ApiError.unprocessable("output_too_large", String.format(Locale.ROOT,
                    "%s: enlarging %s%dx%d by %s needs %.0f pixels%s, more than this server makes (%d); "
                            + "send a smaller %s or ask for a smaller scale", name, video ? "its frames of " : "",
                    width, height, scaleText(scale), largest, video ? " a frame" : "", maxPixels,
                    video ? "video" : "image"), null);
        }
    }

    private static String scaleText(double scale) {
        return scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale);
    }
}
