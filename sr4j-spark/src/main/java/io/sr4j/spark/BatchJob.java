package io.sr4j.spark;

import io.sr4j.io.ImageFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The batch job: lists the inputs on the driver; makes the videos segment by segment ({@link
 * VideoJob}); reads every image's size from its header (one distributed pass), spreads the images
 * over partitions by pixel count ({@link PixelBalancer}), enlarges them ({@link ImageWork}, one
 * shared model per executor JVM) and writes the Parquet manifest, one row per input and per video
 * segment.
 *
 * <pre>{@code
 * BatchJob.Summary s = BatchJob.builder(spark, "s3a://photos/in", "s3a://photos/x4")
 *         .settings(BatchSettings.defaults().withModel("realesrgan-x4fast")).build().run();
 * }</pre>
 */
public final class BatchJob {
    /** Where the manifest goes when none is named: beside the outputs (a listing of images passes it by). */
    public static final String DEFAULT_MANIFEST = "sr4j-manifest.parquet";

    /** Partitions per core by default: a few, so a slow image does not leave other cores idle at the end. */
    static final int PARTITIONS_PER_CORE = 3;

    /**
     * What a run did.
     *
     * @param ok       images enlarged now
     * @param skipped  images whose output was already complete
     * @param failed   images that could not be enlarged (see the manifest's error column)
     * @param manifest where the manifest was written
     */
    public record Summary(long ok, long skipped, long failed, String manifest) {
        public long total() {
            return ok + skipped + failed;
        }
    }

    private final SparkSession spark;
    private final String input;
    private final String output;
    private final InputListing.Kind kind;
    private final String inputRoot;
    private final String manifest;
    private final int partitions;
    private final BatchSettings settings;
    private final ImageWork.BeforeImage hook;
    private final VideoSettings video;
    private final VideoNetwork.BeforeFrame frameHook;

    private BatchJob(Builder b) {
        this.spark = b.spark;
        this.input = b.input;
        this.output = b.output;
        this.kind = b.kind;
        this.inputRoot = b.inputRoot;
        this.manifest = b.manifest;
        this.partitions = b.partitions;
        this.settings = b.settings;
        this.hook = b.hook;
        this.video = b.video;
        this.frameHook = b.frameHook;
    }

    /**
     * @param input  a directory of images, or a listing (see {@link Builder#listing})
     * @param output the directory the outputs go under, mirroring the input tree
     */
    public static Builder builder(SparkSession spark, String input, String output) {
        return new Builder(spark, input, output);
    }

    /**
     * Runs the job and returns the counts. Images that fail are in the manifest, not thrown; what is
     * thrown is a usage problem found on the driver (unknown model, bad listing, two inputs for one
     * output) or a failure Spark could not retry away.
     */
    public Summary run() {
        ImageWork.restorer(settings); // unknown model ids and bad specs fail here, on the driver
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopConf conf = new HadoopConf(jsc.hadoopConfiguration());
        String outRoot = qualified(output);
        OutputLayout layout = new OutputLayout(outRoot, settings.format());
        List<InputFile> inputs = InputListing.list(spark, input, kind, inputRoot);
        layout.checkDistinct(inputs);
        String manifestPath = manifest != null ? manifest : new Path(outRoot, DEFAULT_MANIFEST).toString();
        if (inputs.isEmpty()) {
            spark.createDataFrame(List.<Row>of(), Manifest.SCHEMA).write().mode(SaveMode.Overwrite).parquet(manifestPath);
            return new Summary(0, 0, 0, manifestPath);
        }
        int slices = partitions > 0 ? partitions : jsc.defaultParallelism() * PARTITIONS_PER_CORE;
        List<InputFile> videos = inputs.stream().filter(InputFile::video).toList();
        List<InputFile> images = renumbered(inputs.stream().filter(f -> !f.video()).toList());
        VideoJob.check(settings, video, videos);
        if (settings.hdr() != null && !images.isEmpty() && settings.format() != ImageFormat.PNG) {
            throw new IllegalArgumentException(images.get(0).path() + ": HDR images (" + settings.hdr() + ") are "
                    + "written as 16-bit PNG, not " + settings.format().displayName());
        }
        // Videos first: their lines are collected on the driver and written with the images' below.
        List<Row> videoRows = videos.isEmpty() ? List.of()
                : new VideoJob(settings, video, layout, conf, slices, frameHook).run(jsc, videos);
        JavaRDD<Row> rows = jsc.parallelize(videoRows, 1);
        JavaRDD<Probed> probed = null;
        Broadcast<int[]> assignment = null;
        if (!images.isEmpty()) {
            int n = Math.max(1, Math.min(slices, images.size()));
            probed = jsc.parallelize(images, n).map(new HeaderProbe(conf)).persist(StorageLevel.MEMORY_AND_DISK());
            long[] pixels = new long[images.size()];
            for (Tuple2<Long, Long> p : probed.map(x -> new Tuple2<>(x.input().index(), x.pixels())).collect()) {
                pixels[p._1().intValue()] = p._2();
            }
            Broadcast<int[]> assigned = jsc.broadcast(PixelBalancer.assign(pixels, n));
            assignment = assigned;
            rows = probed
                    .mapToPair(x -> new Tuple2<>(assigned.value()[(int) x.input().index()], x))
                    .partitionBy(new AssignedPartitioner(n))
                    .values()
                    .mapPartitions(new ImageWork(settings, layout, conf, hook))
                    .union(rows);
        }
        // The one action over the images' work: a Spark write commits one attempt per task, so retried
        // and speculative tasks leave each input exactly once.
        spark.createDataFrame(rows, Manifest.SCHEMA).write().mode(SaveMode.Overwrite).parquet(manifestPath);
        if (probed != null) {
            probed.unpersist(false);
            assignment.destroy();
        }
        return summary(manifestPath);
    }

    /** The images numbered from 0 in listing order (the pixel balancer indexes them so). */
    private static List<InputFile> renumbered(List<InputFile> files) {
        List<InputFile> out = new java.util.ArrayList<>(files.size());
        for (InputFile f : files) {
            out.add(new InputFile(out.size(), f.path(), f.relative()));
        }
        return out;
    }

    /** Counts the inputs (images and videos; a video's segments have lines of their own, not counted). */
    private Summary summary(String manifestPath) {
        Dataset<Row> written = spark.read().parquet(manifestPath)
                .filter(functions.col(Manifest.KIND).notEqual(ManifestRow.Kind.SEGMENT.label()));
        Map<String, Long> counts = written.groupBy(Manifest.STATUS).count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        return new Summary(counts.getOrDefault(ManifestRow.Status.OK.label(), 0L),
                counts.getOrDefault(ManifestRow.Status.SKIPPED.label(), 0L),
                counts.getOrDefault(ManifestRow.Status.FAILED.label(), 0L), manifestPath);
    }

    private String qualified(String dir) {
        try {
            Path p = new Path(dir);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Options of a {@link BatchJob}. */
    public static final class Builder {
        private final SparkSession spark;
        private final String input;
        private final String output;
        private InputListing.Kind kind = InputListing.Kind.TREE;
        private String inputRoot;
        private String manifest;
        private int partitions;
        private BatchSettings settings = BatchSettings.defaults();
        private ImageWork.BeforeImage hook = ImageWork.BeforeImage.nothing();
        private VideoSettings video = VideoSettings.defaults();
        private VideoNetwork.BeforeFrame frameHook = VideoNetwork.BeforeFrame.nothing();

        private Builder(SparkSession spark, String input, String output) {
            this.spark = Objects.requireNonNull(spark, "spark");
            this.input = Objects.requireNonNull(input, "input");
            this.output = Objects.requireNonNull(output, "output");
        }

        /** Model, scale, denoise level, tiles, threads, store, format (default {@link BatchSettings#defaults()}). */
        public Builder settings(BatchSettings s) {
            this.settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /**
         * The input is a listing of paths: a text file (one per line) or Parquet (column {@code path}).
         *
         * @param parquet true for Parquet, false for text
         * @param root    the directory the output tree mirrors from; null for the deepest common one
         */
        public Builder listing(boolean parquet, String root) {
            this.kind = parquet ? InputListing.Kind.PARQUET : InputListing.Kind.TEXT;
            this.inputRoot = root;
            return this;
        }

        /** Where the Parquet manifest goes; default {@code OUTPUT/}{@value #DEFAULT_MANIFEST}. */
        public Builder manifest(String path) {
            this.manifest = path;
            return this;
        }

        /** Work partitions; default {@value #PARTITIONS_PER_CORE} per core of the cluster, at most one per image. */
        public Builder partitions(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + count);
            }
            this.partitions = count;
            return this;
        }

        /**
         * How videos are encoded (codec, crf, preset, segment length, window); default {@link
         * VideoSettings#defaults()}.
         */
        public Builder video(VideoSettings v) {
            this.video = Objects.requireNonNull(v, "video");
            return this;
        }

        Builder beforeEachFrame(VideoNetwork.BeforeFrame h) {
            this.frameHook = Objects.requireNonNull(h, "hook");
            return this;
        }

        Builder beforeEachImage(ImageWork.BeforeImage h) {
            this.hook = Objects.requireNonNull(h, "hook");
            return this;
        }

        public BatchJob build() {
            return new BatchJob(this);
        }
    }
}
