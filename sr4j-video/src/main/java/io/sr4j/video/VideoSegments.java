package io.sr4j.video;

import io.sr4j.enhance.SceneSmoother;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A video's segments made one by one, each on its own (in another process, on another machine):
 * {@link #plan} cuts the video, {@link #encode} makes one segment into a segment file, {@link #join}
 * joins the finished segment files with the input's audio and subtitle streams, copied untouched.
 * For the same settings the result is the video {@link VideoUpscaler} makes in one go: the same
 * cuts, the same encoder settings, the same join.
 *
 * <pre>{@code
 * VideoSegments segments = new VideoSegments(network, "sr4j-fast-x2", 2, VideoOptions.builder().build());
 * SegmentPlan plan = segments.plan(input);
 * List<Path> files = new ArrayList<>();
 * for (SegmentPlan.Segment s : plan.segments()) {
 *     Path file = dir.resolve("segment-" + s.index() + ".sr4jseg");
 *     segments.encode(input, plan, s.index(), file);
 *     files.add(file);
 * }
 * segments.join(input, plan, files, Path.of("out.mp4"), warning -> { });
 * }</pre>
 *
 * <p>Every file is written atomically (a temporary name, then a rename): a segment file or the
 * output exists complete or not at all. {@link VideoOptions#resume()} plays no part here: the caller
 * decides which segments are finished.
 */
public final class VideoSegments {
    private final UnaryOperator<PlanarImage> network;
    private final String modelName;
    private final double scale;
    private final VideoOptions options;

    /** As {@link VideoUpscaler#VideoUpscaler}: the same arguments give the same segments. */
    public VideoSegments(UnaryOperator<PlanarImage> network, String modelName, double scale, VideoOptions options) {
        this.network = Objects.requireNonNull(network, "network");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.options = Objects.requireNonNull(options, "options");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
        this.scale = scale;
    }

    /**
     * Decodes {@code input} once (no network, no colour conversion) and cuts its window into
     * segments of {@link VideoOptions#segmentLength()}.
     *
     * @throws VideoException for an unreadable or corrupt input (named), or one without frames
     */
    public SegmentPlan plan(Path input) {
        try (VideoSource source = VideoSource.open(input)) {
            RunSettings run = RunSettings.of(input, source, options);
            int per = run.segmentFrames();
            List<Long> starts = new ArrayList<>();
            long frames = 0;
            while (source.advance()) {
                if (frames % per == 0) {
                    starts.add(source.inputPts());
                }
                frames++;
            }
            if (frames == 0) {
                throw new VideoException(input + ": no video frames in the chosen window");
            }
            List<SegmentPlan.Segment> segments = new ArrayList<>(starts.size());
            for (int k = 0; k < starts.size(); k++) {
                long first = (long) k * per;
                segments.add(new SegmentPlan.Segment(k, first, (int) Math.min(per, frames - first), starts.get(k),
                        k + 1 < starts.size() ? starts.get(k + 1) : Long.MAX_VALUE));
            }
            return new SegmentPlan(input.toString(), source.width(), source.height(), frames, per, segments,
                    run.settings(modelName, scale));
        }
    }

    /**
     * Makes segment {@code index} of {@code plan} into {@code file} (its HDR light level, for HDR
     * output, into {@link #lightFile lightFile(file)} first): decodes from the key frame before the
     * segment, runs the network over the segment's frames and encodes them with a fresh encoder.
     *
     * @throws IllegalArgumentException if the plan was made with other settings, or has no such segment
     * @throws VideoException           for an unreadable input, a decoded frame count other than the
     *                                  plan's (no file is left then), an encoder or I/O failure
     */
    public SegmentResult encode(Path input, SegmentPlan plan, int index, Path file) {
        Objects.requireNonNull(file, "file");
        if (index < 0 || index >= plan.segments().size()) {
            throw new IllegalArgumentException(plan.input() + " has segments 0.." + (plan.segments().size() - 1)
                    + ", not " + index);
        }
        SegmentPlan.Segment segment = plan.segments().get(index);
        long start = System.nanoTime();
        try (VideoSource source = VideoSource.open(input)) {
            RunSettings run = RunSettings.of(input, source, options);
            checkSettings(plan, run.settings(modelName, scale));
            // With enhance, decoding starts early enough for the smoother to see the frames that decide
            // this segment's first grades: the segment's frames are graded as in a whole run.
            SceneSmoother smoother = run.smoother();
            SegmentPlan.Segment first = firstDecoded(plan, segment, smoother);
            source.segment(first.fromPts(), segment.toPts());
            SegmentSink sink = run.sink(SegmentFiles.single(index, file), source, VideoProgress.none(), 0);
            long end = segment.firstFrame() + segment.frames();
            FrameSource frames = new FrameSource(source, first.firstFrame(), segment.firstFrame(), end, smoother);
            new FramePipeline(options.queueFrames(), () -> false).run(frames, f -> run.restored(network, f), sink);
            long decoded = Math.max(0, frames.nextIndex() - segment.firstFrame());
            if (decoded != segment.frames()) {
                deleteQuietly(file);
                throw new VideoException(input + ": segment " + index + " decodes to " + decoded
                        + " frames, where planning counted " + segment.frames() + " (the file changed, or cannot "
                        + "be decoded from its key frames)");
            }
            return new SegmentResult(index, segment.frames(), sink.width(), sink.height(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Joins {@code segments} (every segment of {@code plan}, in order, as {@link #encode} made them)
     * with {@code input}'s audio and subtitle streams into {@code output}, whose name chooses the
     * container ({@value VideoUpscaler#CONTAINERS}); written to a temporary name beside it, then
     * renamed.
     *
     * @throws IllegalArgumentException if a segment is missing or the output name is not a container
     *                                  sr4j writes
     * @throws VideoException           for an unreadable input or segment, or an I/O failure; the
     *                                  output is then untouched
     */
    public void join(Path input, SegmentPlan plan, List<Path> segments, Path output, Consumer<String> warnings) {
        if (segments.size() != plan.segments().size()) {
            throw new IllegalArgumentException(plan.input() + ": " + plan.segments().size() + " segments to join, "
                    + segments.size() + " given");
        }
        for (Path s : segments) {
            if (!Files.isRegularFile(s)) {
                throw new IllegalArgumentException(s + ": no such segment");
            }
        }
        var container = VideoUpscaler.containerFor(output);
        try (VideoSource source = VideoSource.open(input)) {
            RunSettings run = RunSettings.of(input, source, options);
            checkSettings(plan, run.settings(modelName, scale));
            AtomicFiles.writeFile(output, file -> run.join(input, source, segments, file, container, warnings));
        } catch (IOException e) {
            throw new VideoException(output + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The segment to decode from so that {@code segment}'s frames have their history (itself without enhance). */
    private static SegmentPlan.Segment firstDecoded(SegmentPlan plan, SegmentPlan.Segment segment,
                                                    SceneSmoother smoother) {
        long from = FrameSource.historyStart(segment.firstFrame(), smoother);
        SegmentPlan.Segment first = segment;
        while (first.index() > 0 && first.firstFrame() > from) {
            first = plan.segments().get(first.index() - 1);
        }
        return first;
    }

    /** The file beside {@code segment} holding its HDR light level (written for HDR output only). */
    public static Path lightFile(Path segment) {
        return SegmentFiles.lightOf(segment);
    }

    private static void checkSettings(SegmentPlan plan, Map<String, String> now) {
        for (String key : new TreeSet<>(now.keySet())) {
            if (!Objects.equals(plan.settings().get(key), now.get(key))) {
                throw new IllegalArgumentException(plan.input() + ": its plan was made with " + key + " "
                        + plan.settings().get(key) + ", these segments would have " + now.get(key));
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(lightFile(file));
        } catch (IOException e) {
            // The error thrown next says what went wrong; a stale file is the caller's to remove.
        }
    }
}
