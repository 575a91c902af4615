package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.sr4j.color.HdrConversion;
import io.sr4j.color.SdrTransfer;
import io.sr4j.image.PlanarImage;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageSpec;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.TileReuse;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Upscales a video file: FFmpeg decodes the main video stream, every frame goes through the
 * network (the same tiler and engine as images), the frames are encoded (h264 / h265) in segments
 * in a work directory next to the output, and at the end the segments are joined with the input's
 * audio and subtitle streams, copied untouched, into a file in the work directory, which becomes
 * the output by atomic rename.
 *
 * <pre>{@code
 * try (Upscaler upscaler = Upscaler.builder().model("realesr-animevideov3-x4").build()) {
 *     VideoResult result = VideoUpscaler.of(upscaler, VideoOptions.builder().crf(18).build())
 *             .run(Path.of("in.mp4"), Path.of("out.mp4"), VideoProgress.none(), () -> false);
 * }
 * }</pre>
 *
 * <p>Frame timestamps, frame rate, sample aspect ratio, rotation and colour description are kept.
 * An interrupted or cancelled run leaves its finished segments; a run with
 * {@link VideoOptions#resume()} and the same settings continues after them. Safe to run once at a
 * time per instance; the network may be shared with other work.
 */
public final class VideoUpscaler {
    /** Extensions of the containers sr4j writes. */
    public static final String CONTAINERS = ".mp4, .mkv, .mov";
    /** The filter that carries frames at their size when enhance is the only stage (×1: a copy). */
    private static final String KEEP_SIZE = "bicubic";

    private final UnaryOperator<PlanarImage> network;
    private final String modelName;
    private final double scale;
    private final VideoOptions options;

    /**
     * @param network   enlarges one frame's RGB planes (values in [0, 1]) by {@code scale}
     * @param modelName names the network in the run's manifest (a resumed run must use the same)
     * @param scale     the factor {@code network} enlarges by
     */
    public VideoUpscaler(UnaryOperator<PlanarImage> network, String modelName, double scale, VideoOptions options) {
        this.network = Objects.requireNonNull(network, "network");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.options = Objects.requireNonNull(options, "options");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
        this.scale = scale;
    }

    /**
     * A video upscaler running {@code upscaler} at {@link VideoOptions#scale()}, or at the model's own
     * scale (4 for classical filters), reusing unchanged tiles ({@link Upscaler#reusingTiles}). The caller keeps
     * and closes the upscaler.
     */
    public static VideoUpscaler of(Upscaler upscaler, VideoOptions options) {
        double factor = options.scale().orElse(upscaler.nativeScale() == 0 ? 4.0 : upscaler.nativeScale());
        // Unchanged tiles take the previous frame's output: the same pixels, less network time.
        Upscaler frames = upscaler.reusingTiles(new TileReuse()).orElse(upscaler);
        return new VideoUpscaler(rgb -> frames.upscale(rgb, factor, TileProgress.none()), upscaler.modelName(),
                factor, options);
    }

    /**
     * The stages of {@code spec} that run per frame: without {@code hdr} (the encoder's: 10-bit, metadata
     * over the whole video) and {@code enhance} ({@link VideoOptions#enhance()}: smoothed over each scene);
     * a spec of {@code enhance} alone keeps the size ({@code sr=1:bicubic}).
     */
    public static PipelineSpec frameStages(PipelineSpec spec) {
        return spec.withHdr(null).withoutEnhance()
                .orElseGet(() -> PipelineSpec.of(List.of(StageSpec.sr(SizeRequest.of(1), KEEP_SIZE))));
    }

    /** What {@code input} holds, without decoding it. */
    public static VideoInfo probe(Path input) {
        try (VideoSource source = VideoSource.open(input)) {
            return source.info();
        }
    }

    /**
     * Checks what can be checked before any work: the output container and the codec's encoder.
     *
     * @throws IllegalArgumentException for an output name sr4j cannot write
     * @throws VideoException           if the FFmpeg natives have no encoder for the codec
     */
    public static void checkOutput(Path output, VideoCodec codec) {
        checkOutput(output, codec, Optional.empty());
    }

    /**
     * {@link #checkOutput(Path, VideoCodec)}, and for HDR output that the codec is one sr4j writes
     * HDR in (h265: HEVC Main10).
     */
    public static void checkOutput(Path output, VideoCodec codec, Optional<HdrTarget> hdr) {
        checkOutput(output, VideoOptions.builder().codec(codec).hdr(hdr.orElse(null)).build());
    }

    /**
     * {@link #checkOutput(Path, VideoCodec, Optional)} for {@code options}' codec and HDR output, and
     * that the codec's encoder writes {@link VideoOptions#bitDepth()} bits.
     *
     * @throws IllegalArgumentException also for a bit depth the codec's encoder cannot write
     */
    public static void checkOutput(Path output, VideoOptions options) {
        containerFor(output);
        options.hdr().ifPresent(t -> RunSettings.requireHevc(options.codec(), "HDR video (" + t + ") is written as"));
        options.codec().requireEncoder(options.bitDepth());
    }

    static AVOutputFormat containerFor(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".mp4") || name.endsWith(".mkv") || name.endsWith(".mov"))) {
            throw new IllegalArgumentException(output + ": sr4j writes video as " + CONTAINERS);
        }
        return Muxer.formatFor(name);
    }

    /**
     * Upscales {@code input} into {@code output}.
     *
     * @param cancelled polled between frames; when it turns true the run stops (finished segments stay
     *                  for a resume) and {@link VideoCancelledException} is thrown
     * @throws VideoException           for an unreadable input, an encoder failure or an I/O error;
     *                                  {@code output} is then untouched
     * @throws IllegalArgumentException for an output name sr4j cannot write
     */
    public VideoResult run(Path input, Path output, VideoProgress progress, BooleanSupplier cancelled) {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelled, "cancelled");
        long start = System.nanoTime();
        AVOutputFormat container = containerFor(output);
        checkOutput(output, options);
        checkPaths(input, output);
        WorkDirectory work = WorkDirectory.of(output);
        try (VideoSource source = VideoSource.open(input)) {
            VideoInfo info = source.info();
            RunSettings run = RunSettings.of(input, source, options);
            int segmentFrames = run.segmentFrames();
            int finished = work.prepare(run.manifest(input, modelName, scale), options.resume());
            long skip = (long) finished * segmentFrames;
            long total = source.estimatedFrames(options.start(), options.duration());
            // The estimate may fall short of or exceed the frames the finished segments hold.
            progress.started(info, total, total > 0 ? Math.min(skip, total) : skip);
            SegmentSink sink = run.sink(work, source, progress, total);
            FramePipeline pipeline = new FramePipeline(options.queueFrames(), cancelled);
            FrameSource frameSource = new FrameSource(source, 0, skip, Long.MAX_VALUE, run.smoother());
            FramePipeline.StageTimes times = pipeline.run(frameSource, frame -> run.restored(network, frame), sink);
            // Counted as decoded: when every segment was finished before, skip may exceed the frames
            // (the last segment is usually short).
            long frames = frameSource.nextIndex();
            long remuxStart = System.nanoTime();
            if (cancelled.getAsBoolean()) {
                throw new VideoCancelledException("cancelled");
            }
            work.publish(output, joined -> run.join(input, source, work.segments(), joined, container,
                    progress::warning));
            double remux = (System.nanoTime() - remuxStart) / 1e9;
            int width = sink.width(); // read from the finished segments when this run encoded none
            int height = sink.height();
            work.delete();
            return new VideoResult(frames, Math.min(skip, frames), width, height, run.encoder(),
                    (System.nanoTime() - start) / 1e9, times.decodeSeconds(), times.inferSeconds(),
                    sink.encodeSeconds(), remux, new VideoResult.ColourTimes(run.colourSeconds(),
                    sink.conversionSeconds(), sink.lightSeconds()));
        } catch (IOException e) {
            throw new VideoException(output + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static void checkPaths(Path input, Path output) {
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new VideoException(output + ": its directory does not exist");
        }
        try {
            if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)) {
                throw new VideoException(output + ": is the input file; sr4j never overwrites its input");
            }
        } catch (IOException e) {
            throw new VideoException(output + ": " + e.getMessage(), e);
        }
    }
}
