package io.sr4j.server;

import io.sr4j.diffusion.SamplerKind;
import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.enhance.EnhanceChoice;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.QualityTier;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.PipelineSpecException;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageKind;
import io.sr4j.pipeline.StageSpec;
import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoOptions;
import io.sr4j.video.VideoUpscaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a client asks for: a pipeline spec in the vocabulary every face reads ({@code pipeline},
 * e.g. {@code denoise=1,sr=2}), or its older spelling as model, scale and optional denoising
 * first; the quality tier that picks the network when none is named; the output format and its
 * encoder quality, and for a video the codec and its quality. Only catalogue ids are accepted, never
 * file paths.
 *
 * @param model   catalogue id of the enlarging model, or null when the quality tier picks it (no model
 *                named and the server has no default, or a tier asked for) or when only the denoiser runs
 *                ({@code denoise} set, no model and no scale other than 1 asked for)
 * @param scale   the factor asked for, or null for the model's own (4 for classical filters)
 * @param denoise JPEG-noise removal level 0..3 run before enlarging (waifu2x CUnet, 1×), or null
 * @param format  output format (an image format, or a video container), or null for the input's when
 *                sr4j writes it, else PNG (images) or Matroska (videos)
 * @param tier    the quality tier ({@code quality}: fast, balanced, best) for a stage that names no model
 * @param jpegQuality JPEG / lossy WebP quality 1..100 ({@code jpeg_quality})
 * @param codec   video codec ({@code h264}, {@code h265}), or null for h264; ignored for images
 * @param crf     video constant rate factor 0..51 (lower: better and bigger), or null for the default;
 *                ignored for images
 * @param pipeline the pipeline spec as the client wrote it in canonical form, or null when it gave model,
 *                 scale and denoise instead
 * @param bitDepth bits per sample of a video's SDR output ({@code bit_depth}: 8 or 10), or null for 8 (HDR
 *                 output is always 10); ignored for images
 * @param sampling how the diffusion model of the pipeline is sampled ({@code steps}, {@code seed},
 *                 {@code sampler}); null when the pipeline runs none (and for jobs stored before diffusion)
 */
record UpscaleParams(String model, Double scale, Integer denoise, QualityTier tier, String format, int jpegQuality,
                     String codec, Integer crf, String pipeline, Integer bitDepth, SamplerSettings sampling) {
    static final int DEFAULT_JPEG_QUALITY = 92;
    static final double MAX_SCALE = 16;
    /** The factor a tier enlarges by when neither a model nor a scale is named, as {@code sr4j upscale}. */
    static final double DEFAULT_TIER_SCALE = 4;

    UpscaleParams {
        tier = tier == null ? QualityTier.DEFAULT : tier; // a job stored before tiers existed
    }

    /** Parameters with the default bit depth. */
    UpscaleParams(String model, Double scale, Integer denoise, QualityTier tier, String format, int jpegQuality,
                  String codec, Integer crf, String pipeline) {
        this(model, scale, denoise, tier, format, jpegQuality, codec, crf, pipeline, null, null);
    }

    private UpscaleParams withBitDepth(Integer bits) {
        return new UpscaleParams(model, scale, denoise, tier, format, jpegQuality, codec, crf, pipeline, bits,
                sampling);
    }

    private boolean isDenoiseOnly() {
        return model == null && denoise != null && scale != null && scale == 1;
    }

    /**
     * The pipeline to run: the one the client named, else denoise (if asked) then the model at the
     * scale asked (its own, when none); with no model, the tier's network for the scale asked (×4 when none).
     */
    PipelineSpec spec() {
        if (pipeline != null) {
            return PipelineSpec.parse(pipeline);
        }
        List<StageSpec> stages = new ArrayList<>();
        if (denoise != null) {
            stages.add(StageSpec.denoise(denoise));
        }
        if (model != null) {
            stages.add(StageSpec.sr(scale == null ? SizeRequest.none() : SizeRequest.of(scale), model));
        } else if (!isDenoiseOnly()) {
            stages.add(StageSpec.sr(SizeRequest.of(scale == null ? DEFAULT_TIER_SCALE : scale), null));
        }
        return PipelineSpec.of(stages);
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

    /** The video codec asked for; when none, h265 for HDR output (10-bit), else h264. */
    VideoCodec videoCodec() {
        return codec != null ? VideoCodec.fromName(codec) : spec().hdr() != null ? VideoCodec.H265 : VideoCodec.H264;
    }

    /**
     * These parameters for the per-frame stages of a video ({@link VideoUpscaler#frameStages}): without
     * the {@code hdr} stage, which is the encoder's (10-bit, metadata over the whole video), and without
     * {@code enhance}, which the video upscaler smooths over each scene.
     */
    UpscaleParams perFrame() {
        PipelineSpec spec = spec();
        if (spec.hdr() == null && !spec.enhances()) {
            return this;
        }
        return new UpscaleParams(null, null, null, tier, format, jpegQuality, codec, crf,
                VideoUpscaler.frameStages(spec).toString(), bitDepth, sampling);
    }

    /** The bits per sample of a video's output: 10 for HDR output, else the asked ones (8 by default). */
    int videoBitDepth() {
        return bitDepth != null ? bitDepth : spec().hdr() != null ? 10 : 8;
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
        if (spec().hdr() != null) {
            return ImageFormat.PNG; // 16-bit with cICP: the one format that can say its samples are PQ/HLG
        }
        return ImageFormat.fromName(inputFormat).filter(ImageFormat::isWritable).orElse(ImageFormat.PNG);
    }

    /**
     * Reads and checks the parameters.
     *
     * @param values       a parameter's value by name, or null when absent
     * @param catalog      the model catalogue ids are checked against
     * @param defaultModel the model used when none is named and no tier asked for, or null to let the
     *                     default tier pick it
     * @throws ApiError 400 naming the parameter and what is allowed
     */
    static UpscaleParams parse(Function<String, String> values, ModelCatalog catalog, String defaultModel) {
        String pipeline = blankToNull(values.apply("pipeline"));
        String model = blankToNull(values.apply("model"));
        Double scale = parseScale(blankToNull(values.apply("scale")));
        Integer denoise = parseDenoise(blankToNull(values.apply("denoise")));
        String format = parseFormat(blankToNull(values.apply("format")));
        String tierText = blankToNull(values.apply("quality"));
        QualityTier tier = parseTier(tierText);
        int jpegQuality = parseJpegQuality(blankToNull(values.apply("jpeg_quality")));
        String codec = parseCodec(blankToNull(values.apply("codec")));
        Integer crf = parseCrf(blankToNull(values.apply("crf")));
        Integer bitDepth = parseBitDepth(blankToNull(values.apply("bit_depth")));
        Extras extras = Extras.parse(values);
        SamplingAsked sampling = SamplingAsked.parse(values);
        UpscaleParams parsed;
        if (pipeline != null) {
            if (model != null || scale != null || denoise != null || extras.any()) {
                throw ApiError.badRequest("bad_pipeline", "give pipeline, or model, scale, denoise, deblur, enhance "
                        + "and hdr, not both (pipeline=deblur,denoise=1,sr=2:MODEL,enhance,hdr=hdr10 says them all)");
            }
            parsed = new UpscaleParams(null, null, null, tier, format, jpegQuality, codec, crf,
                    checkedPipeline(pipeline, catalog), bitDepth, null);
        } else {
            UpscaleParams plain = plain(model, scale, denoise, tier, format, jpegQuality, codec, crf, tierText,
                    catalog, defaultModel);
            // The extra stages join the ones model, scale and denoise say, as one pipeline.
            parsed = !extras.any() ? plain.withBitDepth(bitDepth) : new UpscaleParams(null, null, null, tier, format,
                    jpegQuality, codec, crf, checkedPipeline(extras.around(plain.spec()), catalog), bitDepth, null);
        }
        return parsed.withSampling(sampling, catalog);
    }

    /** True if the pipeline runs a diffusion model, which the server runs only as a job. */
    boolean samplesDiffusion() {
        return sampling != null;
    }

    /**
     * These parameters with the sampling asked for, when the pipeline runs a diffusion model (the
     * defaults when none was asked); 400 for sampling parameters given to a pipeline without one.
     */
    private UpscaleParams withSampling(SamplingAsked asked, ModelCatalog catalog) {
        boolean diffusion = spec().stages().stream().anyMatch(stage -> stage.model() != null
                && catalog.find(stage.model()).filter(ModelInfo::isDiffusion).isPresent());
        if (!diffusion) {
            if (asked.any()) {
                throw ApiError.badRequest("bad_sampling", "steps, seed, sampler and eta set how a diffusion model "
                        + "is sampled (model=sr4j-diffusion-x4); this pipeline runs none");
            }
            return this;
        }
        return new UpscaleParams(model, scale, denoise, tier, format, jpegQuality, codec, crf, pipeline, bitDepth,
                asked.settings());
    }

    /** The sampling parameters as the client gave them ({@code steps}, {@code seed}, {@code sampler}, {@code eta}). */
    private record SamplingAsked(Integer steps, Long seed, SamplerKind sampler, Double eta) {
        static SamplingAsked parse(Function<String, String> values) {
            String steps = blankToNull(values.apply("steps"));
            String seed = blankToNull(values.apply("seed"));
            String sampler = blankToNull(values.apply("sampler"));
            String eta = blankToNull(values.apply("eta"));
            Long seedValue = null;
            if (seed != null) {
                try {
                    seedValue = Long.parseLong(seed);
                } catch (NumberFormatException e) {
                    throw ApiError.badRequest("bad_seed", "seed must be an integer, got '" + seed + "'");
                }
            }
            SamplerKind kind = null;
            if (sampler != null) {
                try {
                    kind = SamplerKind.parse(sampler);
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("bad_sampler", "sampler must be ddim or ddpm, got '" + sampler + "'");
                }
            }
            Double etaValue = null;
            if (eta != null) {
                try {
                    etaValue = Double.parseDouble(eta);
                } catch (NumberFormatException e) {
                    etaValue = Double.NaN;
                }
                if (!(etaValue >= 0 && etaValue <= 1)) {
                    throw ApiError.badRequest("bad_eta", "eta must be a number 0..1, got '" + eta + "'");
                }
                if (kind == SamplerKind.DDPM) {
                    throw ApiError.badRequest("bad_eta", "eta is DDIM's; ddpm always adds the posterior's noise");
                }
            }
            Integer stepsValue = steps == null ? null : intInRange(steps, 1, SamplerSettings.MAX_STEPS, "bad_steps",
                    "steps must be an integer 1.." + SamplerSettings.MAX_STEPS);
            return new SamplingAsked(stepsValue, seedValue, kind, etaValue);
        }

        boolean any() {
            return steps != null || seed != null || sampler != null || eta != null;
        }

        SamplerSettings settings() {
            SamplerSettings s = SamplerSettings.defaults();
            s = sampler != null ? s.withKind(sampler) : s;
            s = steps != null ? s.withSteps(steps) : s;
            s = eta != null ? s.withEta(eta) : s;
            return seed != null ? s.withSeed(seed) : s;
        }
    }

    /** The parameters as model, scale and denoise say them. */
    private static UpscaleParams plain(String model, Double scale, Integer denoise, QualityTier tier, String format,
            int jpegQuality, String codec, Integer crf, String tierText, ModelCatalog catalog, String defaultModel) {
        if (model == null && denoise != null && (scale == null || scale == 1)) {
            // denoise only: the size stays
            return new UpscaleParams(null, 1.0, denoise, tier, format, jpegQuality, codec, crf, null, null, null);
        }
        // an asked-for tier outranks the server's default model: the client chose what to spend
        String chosen = model != null ? model : tierText != null ? null : defaultModel;
        if (chosen == null) {
            return new UpscaleParams(null, scale, denoise, tier, format, jpegQuality, codec, crf, null, null, null);
        }
        ModelInfo info = catalog.find(chosen).orElseThrow(() -> {
            List<String> close = catalog.suggest(chosen, 3);
            return ApiError.badRequest("unknown_model", "unknown model '" + chosen + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
                    + " GET /api/v1/models lists every id");
        });
        return new UpscaleParams(info.id(), scale, denoise, tier, format, jpegQuality, codec, crf, null, null, null);
    }

    /**
     * The stages beside model, scale and denoise: {@code deblur=true} first, {@code enhance=auto}
     * after the enlargement, {@code hdr=hdr10|hlg[:PEAK[:WHITE]]} last.
     */
    private record Extras(boolean deblur, boolean enhance, String hdr) {
        static Extras parse(Function<String, String> values) {
            String deblur = blankToNull(values.apply("deblur"));
            String enhance = blankToNull(values.apply("enhance"));
            String hdr = blankToNull(values.apply("hdr"));
            boolean deblurOn = deblur != null && switch (deblur.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw ApiError.badRequest("bad_deblur", "deblur must be true or false, got '" + deblur
                        + "'");
            };
            boolean enhanceOn;
            try {
                enhanceOn = EnhanceChoice.asked(enhance);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("bad_enhance", "enhance " + e.getMessage());
            }
            if (hdr != null && hdr.equalsIgnoreCase("none")) {
                hdr = null;
            }
            return new Extras(deblurOn, enhanceOn, hdr);
        }

        boolean any() {
            return deblur || enhance || hdr != null;
        }

        /** {@code spec} with these stages around it, as spec text. */
        String around(PipelineSpec spec) {
            StringBuilder text = new StringBuilder(deblur ? StageKind.DEBLUR.token() : "");
            String inner = spec.toString();
            if (!inner.isEmpty()) {
                text.append(text.length() > 0 ? "," : "").append(inner);
            }
            if (enhance) {
                text.append(text.length() > 0 ? "," : "").append(StageKind.ENHANCE.token());
            }
            if (hdr != null) {
                text.append(text.length() > 0 ? "," : "").append(StageKind.HDR.token()).append('=').append(hdr);
            }
            return text.toString();
        }
    }

    /** The spec in canonical form; 400 for a bad spec or a model the catalogue does not hold. */
    private static String checkedPipeline(String text, ModelCatalog catalog) {
        PipelineSpec spec;
        try {
            spec = PipelineSpec.parse(text);
        } catch (PipelineSpecException e) {
            throw ApiError.badRequest("bad_pipeline", e.getMessage());
        }
        for (StageSpec stage : spec.stages()) {
            if (stage.model() != null && catalog.find(stage.model()).isEmpty()) {
                List<String> close = catalog.suggest(stage.model(), 3);
                throw ApiError.badRequest("unknown_model", "pipeline stage '" + stage + "': unknown model '"
                        + stage.model() + "'" + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close)
                        + "?") + " GET /api/v1/models lists every id");
            }
        }
        return spec.toString();
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

    private static Integer parseBitDepth(String text) {
        if (text == null) {
            return null;
        }
        if (!text.equals("8") && !text.equals("10")) {
            throw ApiError.badRequest("bad_bit_depth", "bit_depth must be 8 or 10, got '" + text + "'");
        }
        return Integer.valueOf(text);
    }

    private static Integer parseCrf(String text) {
        return text == null ? null : intInRange(text, 0, 51, "bad_crf", "crf must be an integer 0..51");
    }

    private static QualityTier parseTier(String text) {
        if (text == null) {
            return QualityTier.DEFAULT;
        }
        if (text.matches("[0-9]+")) {
            throw ApiError.badRequest("bad_quality", "quality names the quality tier (" + QualityTier.names()
                    + "); the JPEG/WebP encoder quality is jpeg_quality=" + text);
        }
        try {
            return QualityTier.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad_quality", e.getMessage());
        }
    }

    private static int parseJpegQuality(String text) {
        return text == null ? DEFAULT_JPEG_QUALITY
                : intInRange(text, 1, 100, "bad_jpeg_quality", "jpeg_quality must be an integer 1..100");
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
