package io.sr4j.spark;

import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageSpec;
import io.sr4j.upscale.Upscaler;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every task of one batch job does to its images; shipped to the executors with the tasks.
 *
 * @param modelId      catalogue id of the enlarging model ({@code sr4j models list}), or a classical filter
 * @param scale        the factor asked for, or null for the model's own (4 for classical filters)
 * @param denoiseLevel 0–3: run {@code waifu2x-cunet-noiseN} at 1× before the model; null for none
 * @param tileSize     tile edge in input pixels
 * @param threads      threads per task for the network (normally {@code spark.task.cpus})
 * @param storeRoot    the model store to read (a path shared by the executors, or a directory
 *                     shipped with {@code --archives}); null for {@code $SR4J_HOME} or {@code ~/.cache/sr4j}
 * @param format       output format (PNG is streamed band by band: memory bounded by the tiler)
 * @param maxPixels    inputs declaring more pixels are recorded as failed before decoding
 * @param assess       whether to record the no-reference quality signals of each input
 * @param pipeline     a pipeline spec in canonical form ({@link PipelineSpec}) that replaces model, scale
 *                     and denoise level; null to run those
 * @param stripMetadata write no EXIF, XMP or provenance note
 */
public record BatchSettings(String modelId, Double scale, Integer denoiseLevel, int tileSize, int threads,
        String storeRoot, ImageFormat format, long maxPixels, boolean assess, String pipeline,
        boolean stripMetadata) implements Serializable {

    /** The default model: fast, compact Real-ESRGAN for photos (the command line's default too). */
    public static final String DEFAULT_MODEL = "realesrgan-x4fast";

    public BatchSettings {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(format, "format");
        if (scale != null && (!(scale > 0) || scale.isInfinite())) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
        if (denoiseLevel != null && (denoiseLevel < 0 || denoiseLevel > 3)) {
            throw new IllegalArgumentException("denoise level must be 0..3, got " + denoiseLevel);
        }
        if (tileSize < 16) {
            throw new IllegalArgumentException("tile size must be >= 16, got " + tileSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!format.isWritable()) {
            throw new IllegalArgumentException("sr4j cannot write " + format.displayName());
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("max pixels must be >= 1, got " + maxPixels);
        }
    }

    /** Settings with the defaults: the default model at its own scale, PNG, 512-pixel tiles, one thread. */
    public static BatchSettings defaults() {
        return new BatchSettings(DEFAULT_MODEL, null, null, Upscaler.DEFAULT_TILE_SIZE, 1, null, ImageFormat.PNG,
                ImageDecoder.DEFAULT_MAX_PIXELS, true, null, false);
    }

    public BatchSettings withModel(String id) {
        return new BatchSettings(id, scale, denoiseLevel, tileSize, threads, storeRoot, format, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withScale(Double factor) {
        return new BatchSettings(modelId, factor, denoiseLevel, tileSize, threads, storeRoot, format, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withDenoise(Integer level) {
        return new BatchSettings(modelId, scale, level, tileSize, threads, storeRoot, format, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withTileSize(int edge) {
        return new BatchSettings(modelId, scale, denoiseLevel, edge, threads, storeRoot, format, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withThreads(int count) {
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, count, storeRoot, format, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withStoreRoot(String root) {
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, threads, root, format, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withFormat(ImageFormat f) {
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, threads, storeRoot, f, maxPixels, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withMaxPixels(long limit) {
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, threads, storeRoot, format, limit, assess,
                pipeline, stripMetadata);
    }

    public BatchSettings withAssess(boolean on) {
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, threads, storeRoot, format, maxPixels, on,
                pipeline, stripMetadata);
    }

    /** These settings running {@code spec} instead of model, scale and denoise level. */
    public BatchSettings withPipeline(String spec) {
        String canonical = spec == null ? null : PipelineSpec.parse(spec).toString();
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, threads, storeRoot, format, maxPixels, assess,
                canonical, stripMetadata);
    }

    public BatchSettings withStripMetadata(boolean strip) {
        return new BatchSettings(modelId, scale, denoiseLevel, tileSize, threads, storeRoot, format, maxPixels, assess,
                pipeline, strip);
    }

    /** The pipeline every image runs: the spec, else denoise (if a level is set) then the model. */
    public PipelineSpec spec() {
        if (pipeline != null) {
            return PipelineSpec.parse(pipeline);
        }
        List<StageSpec> stages = new ArrayList<>();
        if (denoiseLevel != null) {
            stages.add(StageSpec.denoise(denoiseLevel));
        }
        stages.add(StageSpec.sr(scale == null ? SizeRequest.none() : SizeRequest.of(scale), modelId));
        return PipelineSpec.of(stages);
    }

    /**
     * These settings closed by an {@code hdr} stage ({@code --hdr}): images become 16-bit HDR PNG,
     * videos 10-bit HEVC with HDR metadata; the pipeline then names the stages in full.
     */
    public BatchSettings withHdr(HdrTarget target) {
        return target == null ? this : withPipeline(spec().withHdr(target).toString());
    }

    /**
     * These settings ending in an {@code enhance} stage ({@code --enhance auto}), before any {@code hdr}:
     * images are graded each on its own, videos per scene, smoothed so that they do not flicker (as
     * {@code sr4j video --enhance auto}). Unchanged when the pipeline already ends in enhance.
     *
     * @throws IllegalArgumentException for {@code auto}, which chooses its own stages
     */
    public BatchSettings withEnhance() {
        PipelineSpec spec = spec();
        if (spec.enhances()) {
            return this;
        }
        if (spec.auto()) {
            throw new IllegalArgumentException("--enhance: --pipeline auto chooses its stages; name them "
                    + "(e.g. sr=2,enhance)");
        }
        List<StageSpec> stages = new ArrayList<>(spec.stages());
        stages.add(StageSpec.enhance());
        return withPipeline(PipelineSpec.of(stages).withHdr(spec.hdr()).toString());
    }

    /** Whether the pipeline grades (ends in {@code enhance}, before any {@code hdr}). */
    public boolean enhances() {
        return spec().enhances();
    }

    /** The HDR output asked for (the pipeline's closing {@code hdr} stage), or null for SDR. */
    public HdrTarget hdr() {
        return spec().hdr();
    }

    /**
     * These settings without the closing {@code hdr} stage: what a video's frames run, for in a video
     * HDR is the encoder's work (10-bit, metadata over the whole video), as in {@code sr4j video}.
     */
    BatchSettings withoutHdr() {
        return hdr() == null ? this : withPipeline(spec().withHdr(null).toString());
    }

    /** The 1× denoiser run before the model, if any. */
    public String denoiseModelId() {
        return denoiseLevel == null ? null : "waifu2x-cunet-noise" + denoiseLevel;
    }
}
