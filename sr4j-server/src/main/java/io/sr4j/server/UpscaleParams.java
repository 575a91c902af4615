package io.sr4j.server;

import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import java.util.List;
import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a client asks for: model, scale, optional denoising first, output format and quality, and
 * for a video the codec and its quality. Only catalogue ids are accepted, never file paths.
 *
 * @param model   catalogue id of the enlarging model, or null when only the denoiser runs ({@code denoise}
 *                set, no model and no scale other than 1 asked for)
 * @param scale   the factor asked for, or null for the model's own (4 for classical filters)
 * @param denoise JPEG-noise removal level 0..3 run before enlarging (waifu2x CUnet, 1×), or null
 * @param format  output format (an image format, or a video container), or null for the input's when
 *                sr4j writes it, else PNG (images) or Matroska (videos)
 * @param quality JPEG / lossy WebP quality 1..100
 * @param codec   video codec ({@code h264}, {@code h265}), or null for h264; ignored for images
 * @param crf     video constant rate factor 0..51 (lower: better and bigger), or null for the default;
 *                ignored for images
 */
record UpscaleParams(String model, Double scale, Integer denoise, String format, int quality, String codec,
                     Integer crf) {
    static final int DEFAULT_QUALITY = 92;
    static final double MAX_SCALE = 16;

    /** The catalogue's 1× denoiser for a level. */
    static String denoiserFor(int level) {
        return "waifu2x-cunet-noise" + level;
    }

    /** The scale the work runs at: the asked one, else the model's own, else 4 for filters; 1 for denoise only. */
    double effectiveScale(ModelInfo info) {
        if (scale != null) {
            return scale;
        }
        return info == null ? 1 : info.anyScale() ? 4 : info.scale();
    }

    /** Checks the parameters suit an image: a video container as format is refused (400). */
    UpscaleParams forImage() {
        if (format != null && VideoContainer.fromName(format).isPresent()) {
            throw ApiError.badRequest("bad_format", "format " + format + " is for videos; this upload is an image "
                    + "(png, jpeg, webp or bmp)");
        }
        return this;
    }

    /** The container a video's result is written in: the asked one, else {@code sniffed}; 400 for an image format. */
    VideoContainer container(VideoContainer sniffed) {
        if (format == null) {
            return sniffed;
        }
        return VideoContainer.fromName(format).orElseThrow(() -> ApiError.badRequest("bad_format", "format " + format
                + " is for images; this upload is a video, written as mp4, mkv or mov"));
    }

    /** The video codec asked for (h264 when none). */
    VideoCodec videoCodec() {
        return codec == null ? VideoCodec.H264 : VideoCodec.fromName(codec);
    }

    /** The video CRF asked for, or the default. */
    int videoCrf() {
        return crf == null ? VideoOptions.DEFAULT_CRF : crf;
    }

    /** The output format for an input of {@code inputFormat} (a {@link ImageFormat#id()}). */
    ImageFormat outputFormat(String inputFormat) {
        if (format != null) {
            return ImageFormat.fromName(format).orElseThrow();
        }
        return ImageFormat.fromName(inputFormat).filter(ImageFormat::isWritable).orElse(ImageFormat.PNG);
    }

    /**
     * Reads and checks the parameters.
     *
     * @param values       a parameter's value by name, or null when absent
     * @param catalog      the model catalogue ids are checked against
     * @param defaultModel the model used when none is named
     * @throws ApiError 400 naming the parameter and what is allowed
     */
    static UpscaleParams parse(Function<String, String> values, ModelCatalog catalog, String defaultModel) {
        String model = blankToNull(values.apply("model"));
        Double scale = parseScale(blankToNull(values.apply("scale")));
        Integer denoise = parseDenoise(blankToNull(values.apply("denoise")));
        String format = parseFormat(blankToNull(values.apply("format")));
        int quality = parseQuality(blankToNull(values.apply("quality")));
        String codec = parseCodec(blankToNull(values.apply("codec")));
        Integer crf = parseCrf(blankToNull(values.apply("crf")));
        if (model == null && denoise != null && (scale == null || scale == 1)) {
            // denoise only: the size stays
            return new UpscaleParams(null, 1.0, denoise, format, quality, codec, crf);
        }
        String chosen = model != null ? model : defaultModel;
        ModelInfo info = catalog.find(chosen).orElseThrow(() -> {
            List<String> close = catalog.suggest(chosen, 3);
            return ApiError.badRequest("unknown_model", "unknown model '" + chosen + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
                    + " GET /api/v1/models lists every id");
        });
        return new UpscaleParams(info.id(), scale, denoise, format, quality, codec, crf);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Double parseScale(String text) {
        if (text == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("bad_scale", "scale must be a number such as 2 or 2.5, got '" + text + "'");
        }
        if (!(value > 0) || value > MAX_SCALE) {
            throw ApiError.badRequest("bad_scale", "scale must be > 0 and <= " + (int) MAX_SCALE + ", got " + text);
        }
        return value;
    }

    private static Integer parseDenoise(String text) {
        if (text == null || text.equalsIgnoreCase("none") || text.equals("-1")) {
            return null;
        }
        return intInRange(text, 0, 3, "bad_denoise", "denoise must be 0, 1, 2, 3 or none");
    }

    private static String parseFormat(String text) {
        if (text == null) {
            return null;
        }
        Optional<String> video = VideoContainer.fromName(text).map(VideoContainer::id);
        return ImageFormat.fromName(text.toLowerCase(Locale.ROOT)).filter(ImageFormat::isWritable)
                .map(ImageFormat::id).or(() -> video)
                .orElseThrow(() -> ApiError.badRequest("bad_format", "format must be png, jpeg, webp or bmp (images) "
                        + "or mp4, mkv or mov (videos), got '" + text + "'"));
    }

    private static String parseCodec(String text) {
        if (text == null) {
            return null;
        }
        try {
            return VideoCodec.fromName(text).displayName();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad_codec", "codec must be h264 or h265, got '" + text + "'");
        }
    }

    private static Integer parseCrf(String text) {
        return text == null ? null : intInRange(text, 0, 51, "bad_crf", "crf must be an integer 0..51");
    }

    private static int parseQuality(String text) {
        return text == null ? DEFAULT_QUALITY
                : intInRange(text, 1, 100, "bad_quality", "quality must be an integer 1..100");
    }

    /** {@code text} as an integer in [min, max], else a 400 with {@code code} and {@code rule}. */
    private static int intInRange(String text, int min, int max, String code, String rule) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw ApiError.badRequest(code, rule + ", got '" + text + "'");
    }
}
