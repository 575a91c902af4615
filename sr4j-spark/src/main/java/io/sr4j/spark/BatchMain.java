package io.sr4j.spark;

import io.sr4j.color.HdrFormat;
import io.sr4j.enhance.EnhanceChoice;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelNotFoundException;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.upscale.Upscaler;
import io.sr4j.video.VideoOptions;
import io.sr4j.video.VideoTime;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sr4j batch IN OUT}: the Spark job from the command line, for {@code spark-submit} on a
 * cluster or {@code ./sr4j batch --spark local[2]} on one machine. Exit codes as the rest of sr4j:
 * 0 every image written (or already there), 1 some image failed (see the manifest), 2 usage error.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = BatchMain.Version.class,
        description = {"Enlarge a directory tree or a listing of images and videos with Apache Spark; outputs mirror "
                + "the input tree under OUT, a Parquet manifest records every input once (and every video segment).",
            "Videos are made segment by segment, spread over the executors, as 'sr4j video' makes them; audio "
                + "and subtitles copied.",
            "Inputs and outputs may be on any Hadoop file system (file:, hdfs://, s3a://)."},
        footer = {"", "Examples:",
            "  ./sr4j batch --spark local[2] photos/ big/",
            "  ./sr4j batch --spark 'local[2,3]' photos/ big/ --model realesr-animevideov3-x2 --denoise 1",
            "  ./sr4j batch --spark local[2] clips/ hdr/ --model realesr-animevideov3-x2 --hdr hdr10 --start 1:30",
            "  spark-submit --class io.sr4j.spark.BatchMain sr4j-spark-cluster.jar s3a://in/ s3a://out/ --scale 2"})
public final class BatchMain implements Callable<Integer> {
    static final int OK = 0;
    static final int SOME_FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Directory of images and videos (subdirectories too), "
            + "or a "
            + "listing with --listing.")
    String input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Directory to write the outputs under (created).")
    String output;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Spark master, e.g. local[2] (two cores) or "
            + "'local[2,3]' (three attempts per task). Default: the one spark-submit sets.")
    String master;

    @Option(names = {"-m", "--model"}, paramLabel = "ID", description = "Catalogue model id ('sr4j models list') or "
            + "bicubic/lanczos/bilinear/nearest. Default: ${DEFAULT-VALUE}.")
    String model = BatchSettings.DEFAULT_MODEL;

    @Option(names = {"-s", "--scale"}, paramLabel = "X", description = "Scale factor. Default: the model's own (4 "
            + "for filters).")
    Double scale;

    @Option(names = "--denoise", paramLabel = "0..3", description = "Remove JPEG/compression noise at 1x first "
            + "(waifu2x-cunet-noiseN), as 'sr4j restore'; for videos too (not 'sr4j video --denoise', which picks "
            + "Real-CUGAN: name that model instead).")
    Integer denoise;

    @Option(names = {"-p", "--pipeline"}, paramLabel = "SPEC", description = {"The stages to run, as for "
            + "'sr4j restore' (e.g. denoise=1,sr=2 or sr=4:realesrgan-x4fast); replaces --model, --scale and "
            + "--denoise. Models are catalogue ids."})
    String pipeline;

    @Option(names = "--strip-metadata", description = "Write no EXIF, no XMP and no provenance note.")
    boolean stripMetadata;

    @Option(names = "--manifest", paramLabel = "PATH", description = "Where the Parquet manifest goes. Default: "
            + "OUT/" + BatchJob.DEFAULT_MANIFEST + ".")
    String manifest;

    @Option(names = "--listing", paramLabel = "text|parquet", description = "IN is a listing of image paths: a text "
            + "file (one per line) or Parquet (string column 'path').")
    String listing;

    @Option(names = "--input-root", paramLabel = "DIR", description = "With --listing: the directory the output tree "
            + "mirrors from. Default: the deepest directory holding every listed image.")
    String inputRoot;

    @Option(names = "--partitions", paramLabel = "N", description = "Work partitions, balanced by pixel count. "
            + "Default: " + BatchJob.PARTITIONS_PER_CORE + " per core.")
    Integer partitions;

    @Option(names = "--format", paramLabel = "png|jpg|webp|bmp", description = "Output format. Default: png "
            + "(streamed band by band: memory bounded whatever the image size).")
    String format = "png";

    @Option(names = "--tile", paramLabel = "N", description = "Tile edge in input pixels. Default: ${DEFAULT-VALUE}.")
    int tile = Upscaler.DEFAULT_TILE_SIZE;

    @Option(names = "--threads", paramLabel = "N", description = "Network threads per task. Default: spark.task.cpus.")
    Integer threads;

    @Option(names = "--store", paramLabel = "DIR", description = "Model store the executors read (a shared path, or "
            + "a directory shipped with --archives). Default: $SR4J_HOME or ~/.cache/sr4j.")
    String store;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Inputs with more pixels are recorded as failed. "
            + "Default: ${DEFAULT-VALUE}.")
    long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

    @Option(names = "--codec", paramLabel = "h264|h265", description = "Videos: output codec, as 'sr4j video'. "
            + "Default: h264; h265 with --hdr or for an HDR input (which stays HDR).")
    String codec;

    @Option(names = "--hdr", paramLabel = "hdr10|hlg", description = {"Write HDR, as 'sr4j video' and 'sr4j restore': "
            + "BT.2020 with the PQ (hdr10) or HLG transfer (videos: 10-bit HEVC with HDR10 metadata, MaxCLL/MaxFALL "
            + "measured over every segment; images: 16-bit PNG with cICP); the same as ending --pipeline with "
            + "hdr=…."})
    String hdr;

    @Option(names = "--hdr-peak", paramLabel = "NITS", description = "With --hdr: the brightest light written, "
            + "cd/m². Default: ${DEFAULT-VALUE}.")
    double hdrPeak = HdrTarget.DEFAULT_PEAK;

    @Option(names = "--hdr-white", paramLabel = "NITS", description = "With --hdr: where SDR 100 %% white lands, "
            + "cd/m². Default: ${DEFAULT-VALUE}.")
    double hdrWhite = HdrTarget.DEFAULT_WHITE;

    @Option(names = "--start", paramLabel = "T", description = "Videos: begin each at T (seconds, or [h:]m:s); "
            + "segments cover only the window.")
    String start;

    @Option(names = "--duration", paramLabel = "D", description = "Videos: take D of each (seconds, or [h:]m:s). "
            + "Default: to the end.")
    String duration;

    @Option(names = "--resume", description = "Accepted as in 'sr4j video': a batch job always keeps the finished "
            + "segments and outputs of an earlier run with the same settings.")
    boolean resume;

    @Option(names = "--enhance", paramLabel = "auto|none", description = "Grade automatically (exposure, white "
            + "balance, contrast), as 'sr4j video --enhance auto' and 'sr4j enhance': each image on its own, each "
            + "video per scene, smoothed so that it does not flicker (segments replay the grade's history); with "
            + "--hdr, graded in SDR first. The same as ending --pipeline with enhance. Default: none.")
    String enhance;

    @Option(names = "--bit-depth", paramLabel = "8|10", description = "Videos: bits per sample of SDR output, as "
            + "'sr4j video'; 10 writes yuv420p10le (h265 Main10, or h264 High 10). HDR output is always 10. Images "
            + "keep their own depth (16-bit PNG in, 16-bit out). Default: 8.")
    Integer bitDepth;

    /** Options of 'sr4j video' this job cannot honour: refused by name, with the reason, never ignored. */
    @Option(names = "--quality", hidden = true)
    String quality;

    @Option(names = {"-o", "--output"}, hidden = true)
    String outputOption;

    @Option(names = "--crf", paramLabel = "N", description = "Videos: constant rate factor, 0-51 (lower: better, "
            + "bigger). Default: ${DEFAULT-VALUE}.")
    int crf = VideoOptions.DEFAULT_CRF;

    @Option(names = "--preset", paramLabel = "NAME", description = "Videos: encoder preset, ultrafast … veryslow. "
            + "Default: ${DEFAULT-VALUE}.")
    String preset = VideoOptions.DEFAULT_PRESET;

    @Option(names = "--segment", paramLabel = "SECONDS", description = "Videos: segment length, the unit of work "
            + "(lost with an executor at most). Default: ${DEFAULT-VALUE}.")
    double segmentSeconds = VideoOptions.DEFAULT_SEGMENT.toMillis() / 1000.0;

    @Option(names = "--no-assess", description = "Leave the quality columns of the manifest empty (saves the "
            + "assessment's time).")
    boolean noAssess;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command; returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /** {@link #execute(String...)} with messages going to {@code err}. */
    static int execute(PrintWriter err, String... args) {
        return new CommandLine(new BatchMain()).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("sr4j batch: " + e.getMessage());
                    return e instanceof IllegalArgumentException || e instanceof ModelNotFoundException
                            ? USAGE : SOME_FAILED;
                })
                .execute(args);
    }

    @Override
    public Integer call() {
        refuseUnsupported();
        BatchSettings settings = settings();
        VideoSettings video = videoSettings();
        SparkSession.Builder builder = SparkSession.builder().appName("sr4j batch");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            if (master != null) {
                spark.sparkContext().setLogLevel("WARN");
            }
            BatchSettings withThreads = threads != null ? settings
                    : settings.withThreads(spark.sparkContext().getConf().getInt("spark.task.cpus", 1));
            BatchJob.Builder job = BatchJob.builder(spark, input, output).settings(withThreads).video(video)
                    .manifest(manifest);
            if (listing != null) {
                job.listing(listing.equals("parquet"), inputRoot);
            }
            if (partitions != null) {
                job.partitions(partitions);
            }
            long start = System.nanoTime();
            BatchJob.Summary s = job.build().run();
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "%d written, %d skipped, %d failed in %.1f s; manifest %s%n", s.ok(), s.skipped(),
                    s.failed(), (System.nanoTime() - start) / 1e9, s.manifest());
            err.flush();
            return s.failed() > 0 ? SOME_FAILED : OK;
        } finally {
            if (master != null) {
                spark.stop();
            }
        }
    }

    private BatchSettings settings() {
        if (listing != null && !listing.equals("text") && !listing.equals("parquet")) {
            throw usage("--listing must be text or parquet, got " + listing);
        }
        if (inputRoot != null && listing == null) {
            throw usage("--input-root goes with --listing");
        }
        if (partitions != null && partitions < 1) {
            throw usage("--partitions must be >= 1, got " + partitions);
        }
        ImageFormat f = ImageFormat.fromName(format).filter(ImageFormat::isWritable)
                .orElseThrow(() -> usage("--format must be png, jpg, webp or bmp, got " + format));
        try {
            if (pipeline != null && (modelGiven() || scale != null || denoise != null)) {
                throw usage("give --pipeline, or --model, --scale and --denoise, not both");
            }
            BatchSettings s = BatchSettings.defaults().withModel(model).withScale(scale).withDenoise(denoise)
                    .withTileSize(tile).withStoreRoot(store).withFormat(f).withMaxPixels(maxPixels)
                    .withAssess(!noAssess).withPipeline(pipeline).withStripMetadata(stripMetadata);
            if (enhanceAsked()) {
                s = s.withEnhance();
            }
            s = s.withHdr(hdrTarget());
            return threads != null ? s.withThreads(threads) : s;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private VideoSettings videoSettings() {
        if (bitDepth != null && bitDepth != 8 && bitDepth != 10) {
            throw usage("--bit-depth must be 8 or 10, got " + bitDepth);
        }
        if (bitDepth != null && bitDepth != 10 && hdr != null) {
            throw usage("--bit-depth " + bitDepth + ": HDR video is written with 10 bits");
        }
        try {
            return new VideoSettings(codec, crf, preset, segmentSeconds, start == null ? Duration.ZERO
                    : time("--start", start), duration == null ? null : time("--duration", duration), bitDepth);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static Duration time(String option, String text) {
        try {
            return VideoTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }

    /** --hdr with its peak and white, or null; the stage that closes the pipeline. */
    private HdrTarget hdrTarget() {
        if (hdr == null) {
            if (hdrPeak != HdrTarget.DEFAULT_PEAK || hdrWhite != HdrTarget.DEFAULT_WHITE) {
                throw usage("--hdr-peak and --hdr-white go with --hdr hdr10|hlg");
            }
            return null;
        }
        try {
            return new HdrTarget(HdrFormat.parse(hdr), hdrPeak, hdrWhite);
        } catch (IllegalArgumentException e) {
            throw usage("--hdr " + hdr + ": " + e.getMessage());
        }
    }

    /** The options of 'sr4j video' (and of the image commands) that a batch job does not take, each with why. */
    private void refuseUnsupported() {
        for (String option : List.of("--quality", "--output")) {
            if (!spec.commandLine().getParseResult().hasMatchedOption(option)) {
                continue;
            }
            throw usage(option + ": " + switch (option) {
                case "--quality" -> "sr4j batch runs the models it is named (--model, or --pipeline with model ids); "
                        + "it does not choose by quality tier";
                default -> "sr4j batch writes under OUT, its second argument, mirroring IN";
            });
        }
    }

    /** Whether --enhance asks for the grade. */
    private boolean enhanceAsked() {
        try {
            return EnhanceChoice.asked(enhance);
        } catch (IllegalArgumentException e) {
            throw usage("--enhance " + e.getMessage());
        }
    }

    private boolean modelGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--model");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sr4j-spark " + ImageWork.version()};
        }
    }
}
