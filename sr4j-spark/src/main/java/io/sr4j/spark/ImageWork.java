package io.sr4j.spark;

import io.sr4j.Sr4jException;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageEncoder;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.ImageSource;
import io.sr4j.pipeline.ModelResolver;
import io.sr4j.pipeline.OutputTarget;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.pipeline.RestoreProgress;
import io.sr4j.pipeline.RestoreResult;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.quality.QualityAssessor;
import java.io.FileNotFoundException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The work of one partition: each image through the library's {@link ImageRestorer} (decode, sRGB,
 * the job's pipeline, provenance, an atomic write; PNG streamed band by band, so memory is bounded
 * by the tiler whatever the image size), assessed if asked; one manifest row per image.
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

    ImageWork(BatchSettings settings, OutputLayout layout, HadoopConf conf, BeforeImage hook) {
        this.settings = settings;
        this.layout = layout;
        this.conf = conf;
        this.hook = hook;
    }

    @Override
    public Iterator<Row> call(Iterator<Probed> images) throws Exception {
        StagedFiles files = new StagedFiles(conf.get());
        ImageRestorer restorer = restorer(settings);
        List<Row> rows = new ArrayList<>();
        while (images.hasNext()) {
            rows.add(Manifest.toRow(process(images.next(), files, restorer)));
        }
        return rows.iterator();
    }

    /** The job's pipeline over this executor's shared models; catalogue ids only. */
    static ImageRestorer restorer(BatchSettings settings) {
        RestoreOptions options = RestoreOptions.builder().maxPixels(settings.maxPixels())
                .encoder(ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SOURCE).build())
                .metadata(settings.stripMetadata() ? RestoreOptions.Metadata.STRIP
                        : RestoreOptions.Metadata.COPY_WITH_PROVENANCE)
                .software("sr4j-spark " + version()).noteTileSize(settings.tileSize()).build();
        return new ImageRestorer(settings.spec(), new ModelResolver(ExecutorModels.store(settings), false),
                ExecutorModels.models(settings), options);
    }

    private ManifestRow process(Probed probed, StagedFiles files, ImageRestorer restorer) throws Exception {
        long start = System.nanoTime();
        InputFile input = probed.input();
        String output = layout.outputFor(input);
        ImageHeader done = files.finishedOutput(output);
        if (done != null) {
            return row(probed, output, ManifestRow.Status.SKIPPED, null, done, files.size(output), null, null, start);
        }
        hook.before(input);
        ImageAssessment quality = null;
        try (StagedFiles.LocalInput local = files.fetch(input.path())) {
            // A staged copy has a temporary name: messages name the input as the user knows it.
            ImageSource source = ImageSource.file(local.file(), input.path());
            Picture picture = source.decode(settings.maxPixels());
            if (settings.assess()) {
                quality = QualityAssessor.assess(picture, source.readAll());
            }
            StagedFiles.LocalOutput out = files.prepare(output);
            boolean published = false;
            try {
                RestoreResult result = restorer.restore(picture, source, OutputTarget.file(out.file()),
                        RestoreProgress.none());
                files.publish(out, attemptName());
                published = true;
                return row(probed, output, ManifestRow.Status.OK, null,
                        new ImageHeader(result.outputWidth(), result.outputHeight()), files.size(output), quality,
                        result, start);
            } finally {
                if (!published) {
                    files.discard(out);
                }
            }
        } catch (Sr4jException e) {
            return failed(probed, output, e.getMessage(), quality, start);
        } catch (FileNotFoundException e) {
            return failed(probed, output, input.path() + ": the input is gone (" + e.getMessage() + ")", null, start);
        } catch (OutOfMemoryError e) {
            return failed(probed, output, input.path() + ": not enough memory to enlarge it (executor heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB); give executors more memory or use "
                    + "smaller tiles", quality, start);
        }
    }

    private ManifestRow failed(Probed probed, String output, String error, ImageAssessment quality, long start) {
        return row(probed, output, ManifestRow.Status.FAILED, error, null, null, quality, null, start);
    }

    /**
     * @param result what ran, for an image that was restored; else the model columns say what the job
     *               asked for (the model, or the pipeline spec)
     */
    private ManifestRow row(Probed probed, String output, ManifestRow.Status status, String error, ImageHeader out,
                            Long outBytes, ImageAssessment quality, RestoreResult result, long start) {
        ImageHeader in = probed.header();
        ModelColumns models = result != null ? ModelColumns.of(result.steps()) : ModelColumns.asked(settings);
        return new ManifestRow(probed.input().path(), output, status, error,
                in == null ? null : in.width(), in == null ? null : in.height(),
                probed.bytes() < 0 ? null : probed.bytes(),
                out == null ? null : out.width(), out == null ? null : out.height(), outBytes,
                models.model(), models.sha256(), models.denoiser(), (System.nanoTime() - start) / 1e9, quality,
                ManifestRow.Kind.IMAGE, null, null);
    }

    /** Names this task attempt in temporary file names, so two attempts never share one. */
    static String attemptName() {
        TaskContext task = TaskContext.get();
        return task == null ? "local" : task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId();
    }

    static String version() {
        String v = ImageWork.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
