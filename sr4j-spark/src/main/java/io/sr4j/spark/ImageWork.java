package io.sr4j.spark;

import io.sr4j.Sr4jException;
import io.sr4j.color.ColourProfiles;
import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.Provenance;
import io.sr4j.io.XmpPackets;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.quality.QualityAssessor;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.UpscaleResult;
import io.sr4j.upscale.Upscaler;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The work of one partition: each image decoded, converted to sRGB, assessed, denoised if asked,
 * enlarged by the executor's shared {@link Upscaler} and written atomically (PNG streamed band by
 * band, so memory is bounded by the tiler whatever the image size); one manifest row per image.
 *
 * <p>An image whose output is already complete is skipped (a re-run, or a retried task). A problem
 * of the image itself (corrupt, unsupported, too large, gone) is recorded as failed and the task
 * goes on; a problem of the cluster (the output file system, the model) fails the task, which Spark
 * retries.
 */
final class ImageWork implements FlatMapFunction<Iterator<Probed>, Row> {
    /** Called before each image is enlarged; tests use it to make a task fail on purpose. */
    @FunctionalInterface
    interface BeforeImage extends Serializable {
        void before(InputFile input) throws Exception;

        static BeforeImage nothing() {
            return input -> { };
        }
    }

    private final BatchSettings settings;
    private final OutputLayout layout;
    private final HadoopConf conf;
    private final BeforeImage hook;
    private final String modelSha256;

    /** @param modelSha256 the model's weights hash for the manifest and the provenance note (null for filters) */
    ImageWork(BatchSettings settings, String modelSha256, OutputLayout layout, HadoopConf conf, BeforeImage hook) {
        this.settings = settings;
        this.modelSha256 = modelSha256;
        this.layout = layout;
        this.conf = conf;
        this.hook = hook;
    }

    @Override
    public Iterator<Row> call(Iterator<Probed> images) throws Exception {
        StagedFiles files = new StagedFiles(conf.get());
        List<Row> rows = new ArrayList<>();
        while (images.hasNext()) {
            rows.add(Manifest.toRow(process(images.next(), files)));
        }
        return rows.iterator();
    }

    private ManifestRow process(Probed probed, StagedFiles files) throws Exception {
        long start = System.nanoTime();
        InputFile input = probed.input();
        String output = layout.outputFor(input);
        ImageHeader done = files.finishedOutput(output);
        if (done != null) {
            return row(probed, output, ManifestRow.Status.SKIPPED, null, done, files.size(output), null, start);
        }
        hook.before(input);
        ImageAssessment[] quality = new ImageAssessment[1];
        try (StagedFiles.LocalInput local = files.fetch(input.path())) {
            Picture picture = prepared(local.file(), input.path(), quality);
            StagedFiles.LocalOutput out = files.prepare(output);
            boolean published = false;
            try {
                UpscaleResult result = enlarge(picture, input.path(), out.file());
                files.publish(out, attemptName());
                published = true;
                return row(probed, output, ManifestRow.Status.OK, null,
                        new ImageHeader(result.outputWidth(), result.outputHeight()), files.size(output), quality[0],
                        start);
            } finally {
                if (!published) {
                    files.discard(out);
                }
            }
        } catch (Sr4jException e) {
            return failed(probed, output, e.getMessage(), quality[0], start);
        } catch (FileNotFoundException e) {
            return failed(probed, output, input.path() + ": the input is gone (" + e.getMessage() + ")", null, start);
        } catch (OutOfMemoryError e) {
            return failed(probed, output, input.path() + ": not enough memory to enlarge it (executor heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB); give executors more memory or use "
                    + "smaller tiles", quality[0], start);
        }
    }

    /** Decode, sRGB, assess, denoise: the per-image flow of {@code sr4j upscale} up to the enlarger. */
    private Picture prepared(java.nio.file.Path in, String inputName, ImageAssessment[] quality) throws IOException {
        Picture picture;
        try {
            picture = ColourProfiles.toSrgb(new ImageDecoder(settings.maxPixels()).decode(in));
        } catch (Sr4jException e) {
            // A staged copy has a temporary name: name the input as the user knows it.
            throw new Sr4jException(e.getMessage().replace(in.toString(), inputName), e);
        }
        if (settings.assess()) {
            quality[0] = QualityAssessor.assess(picture, Files.readAllBytes(in));
        }
        String denoiser = settings.denoiseModelId();
        return denoiser == null ? picture
                : ExecutorModels.get(denoiser, settings).upscale(picture, 1.0, TileProgress.none());
    }

    /** The enlarger, writing {@code out} atomically (PNG streamed band by band). */
    private UpscaleResult enlarge(Picture picture, String inputName, java.nio.file.Path out) {
        Upscaler upscaler = ExecutorModels.get(settings.modelId(), settings);
        OutputOptions options = outputOptions();
        double scale = options.geometry(picture.width(), picture.height(), upscaler.nativeScale()).scale();
        return upscaler.upscaleToFile(described(picture, upscaler, scale), inputName, out, options,
                TileProgress.none());
    }

    private OutputOptions outputOptions() {
        OutputOptions.Builder b = OutputOptions.builder().maxPixels(settings.maxPixels())
                .encoder(ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SOURCE).build());
        if (settings.scale() != null) {
            b.scale(settings.scale());
        }
        return b.build();
    }

    /** EXIF and XMP kept, with the provenance note of how the output was made. */
    private Picture described(Picture picture, Upscaler upscaler, double scale) {
        ImageMetadata metadata = picture.source().metadata();
        String models = settings.denoiseModelId() == null ? settings.modelId()
                : settings.denoiseModelId() + " then " + settings.modelId();
        boolean network = upscaler.nativeScale() != 0;
        Provenance note = new Provenance("sr4j-spark " + version(), models, modelSha256,
                BigDecimal.valueOf(scale).stripTrailingZeros().toPlainString(), network ? settings.tileSize() : 0,
                Instant.now());
        return picture.withSource(picture.source().withMetadata(
                metadata.withXmp(XmpPackets.withProvenance(metadata.xmp(), note))));
    }

    private ManifestRow failed(Probed probed, String output, String error, ImageAssessment quality, long start) {
        return row(probed, output, ManifestRow.Status.FAILED, error, null, null, quality, start);
    }

    private ManifestRow row(Probed probed, String output, ManifestRow.Status status, String error, ImageHeader out,
                            Long outBytes, ImageAssessment quality, long start) {
        ImageHeader in = probed.header();
        return new ManifestRow(probed.input().path(), output, status, error,
                in == null ? null : in.width(), in == null ? null : in.height(),
                probed.bytes() < 0 ? null : probed.bytes(),
                out == null ? null : out.width(), out == null ? null : out.height(), outBytes,
                settings.modelId(), modelSha256, settings.denoiseModelId(), (System.nanoTime() - start) / 1e9,
                quality);
    }

    /** Names this task attempt in temporary file names, so two attempts never share one. */
    private static String attemptName() {
        TaskContext task = TaskContext.get();
        return task == null ? "local" : task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId();
    }

    static String version() {
        String v = ImageWork.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
