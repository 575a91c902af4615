package io.sr4j.video;

import io.sr4j.image.PlanarImage;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Upscales a video file: FFmpeg decodes the main video stream, every frame goes through the
 * network (the same tiler and engine as images), the frames are encoded (h264 / h265) in segments
 * in a work directory next to the output, and at the end the segments are joined with the input's
 * audio and subtitle streams, copied untouched, into a file in the work directory, which becomes
 * the output by atomic rename. The three steps are {@link VideoSegments}'s, which a cluster runs
 * the same way.
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

    private final VideoSegments segments;
    private final VideoOptions options;

    /**
     * @param network   enlarges one frame's RGB planes (values in [0, 1]) by {@code scale}
     * @param modelName names the network in the run's manifest (a resumed run must use the same)
     * @param scale     the factor {@code network} enlarges by
     */
    public VideoUpscaler(UnaryOperator<PlanarImage> network, String modelName, double scale, VideoOptions options) {
        this(new VideoSegments(network, modelName, scale, options));
    }

    private VideoUpscaler(VideoSegments segments) {
        this.segments = segments;
        this.options = segments.options();
    }

    /**
     * A video upscaler running {@code upscaler} at {@link VideoOptions#scale()}, or at the model's own
     * scale (4 for classical filters). The caller keeps and closes the upscaler.
     */
    public static VideoUpscaler of(Upscaler upscaler, VideoOptions options) {
        return new VideoUpscaler(VideoSegments.of(upscaler, options));
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
        VideoSegments.containerFor(output);
        hdr.ifPresent(t -> VideoSegments.requireHevc(codec, "HDR video (" + t + ") is written as"));
        codec.requireEncoder();
    }

    /**
     * Upscales {@code input} into {@code output}: plans its segments, encodes those not finished
     * by an earlier run (resume) one after the other in the work directory, and joins them
     * ({@link VideoSegments}, the steps a cluster runs too).
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
        VideoSegments.containerFor(output);
        checkPaths(input, output);
        VideoPlan plan = segments.plan(input);
        WorkDirectory work = WorkDirectory.of(output);
        int finished = Math.min(work.prepare(plan.settings(), options.resume()), plan.segments().size());
        long resumed = plan.segments().subList(0, finished).stream().mapToLong(VideoPlan.Segment::frames).sum();
        progress.started(probe(input), plan.frames(), resumed);
        long encoded = 0;
        double decode = 0;
        double infer = 0;
        double encode = 0;
        for (int i = finished; i < plan.segments().size(); i++) {
            if (cancelled.getAsBoolean()) {
                throw new VideoCancelledException("cancelled");
            }
            VideoSegments.SegmentResult done = segments.encode(plan, i, input, work.segment(i), progress, cancelled);
            encoded += done.frames();
            decode += done.decodeSeconds();
            infer += done.inferSeconds();
            encode += done.encodeSeconds();
        }
        if (cancelled.getAsBoolean()) {
            throw new VideoCancelledException("cancelled");
        }
        long remuxStart = System.nanoTime();
        int[] size = new int[2];
        try {
            work.publish(output, joined -> System.arraycopy(segments.join(plan, input, work.segments(), output,
                    joined, progress::warning), 0, size, 0, 2));
        } catch (IOException e) {
            throw new VideoException(output + ": cannot write (" + e.getMessage() + ")", e);
        }
        double remux = (System.nanoTime() - remuxStart) / 1e9;
        work.delete();
        return new VideoResult(resumed + encoded, resumed, size[0], size[1], plan.settings().get("encoder"),
                (System.nanoTime() - start) / 1e9, decode, infer, encode, remux);
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
