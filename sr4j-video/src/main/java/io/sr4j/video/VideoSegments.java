package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.sr4j.color.HdrConversion;
import io.sr4j.color.SdrTransfer;
import io.sr4j.image.PlanarImage;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * A video's upscaling in three steps that may run in different places: {@link #plan} cuts the
 * input into segments (the same cut for the same input and settings), {@link #encode} upscales and
 * encodes one segment into its own file, {@link #join} joins the finished segment files with the
 * input's audio and subtitles into the output. {@link VideoUpscaler} runs the three on one machine;
 * sr4j-spark runs the segments as tasks over a cluster. Either way every frame goes through the
 * same code, so the same settings give the same frames.
 *
 * <pre>{@code
 * VideoSegments video = VideoSegments.of(upscaler, VideoOptions.builder().crf(18).build());
 * VideoPlan plan = video.plan(in);
 * List<Path> parts = new ArrayList<>();
 * for (VideoPlan.Segment s : plan.segments()) {
 *     Path part = dir.resolve("part-" + s.index() + ".sr4jseg");
 *     video.encode(plan, s.index(), in, part, VideoProgress.none(), () -> false);
 *     parts.add(part);
 * }
 * video.join(plan, in, parts, out, out, System.err::println);
 * }</pre>
 *
 * <p>Each segment starts with a key frame of its own encoder and is decoded from the input's key
 * frame at or before its first frame, so it needs nothing from the segments before it. Thread-safe
 * when the network is.
 */
public final class VideoSegments {
    private static final int MANIFEST_VERSION = 1;
    /** Segment length in frames when the input does not state a frame rate. */
    private static final int FALLBACK_SEGMENT_FRAMES = 48;

    private final UnaryOperator<PlanarImage> network;
    private final String modelName;
    private final double scale;
    private final VideoOptions options;

    /**
     * @param network   enlarges one frame's RGB planes (values in [0, 1]) by {@code scale}
     * @param modelName names the network in the plan's settings (a resume or join must use the same)
     * @param scale     the factor {@code network} enlarges by
     */
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
     * Segments running {@code upscaler} at {@link VideoOptions#scale()}, or at the model's own scale
     * (4 for classical filters). The caller keeps and closes the upscaler.
     */
    public static VideoSegments of(Upscaler upscaler, VideoOptions options) {
        double factor = options.scale().orElse(upscaler.nativeScale() == 0 ? 4.0 : upscaler.nativeScale());
        return new VideoSegments(rgb -> upscaler.upscale(rgb, factor, TileProgress.none()), upscaler.modelName(),
                factor, options);
    }

    public VideoOptions options() {
        return options;
    }

    /**
     * Cuts {@code input} into segments of {@link VideoOptions#segmentLength()}, from the packets'
     * show times (the packets are read, not decoded).
     *
     * @throws VideoException for an unreadable input, HDR asked of HDR input, or a missing encoder
     */
    public VideoPlan plan(Path input) {
        String encoder = checkEncoder();
        try (VideoSource source = VideoSource.open(input)) {
            Optional<HdrOutput> hdr = hdrOutput(input, source);
            source.window(options.start(), options.duration());
            int segmentFrames = segmentFrames(source.frameRate());
            Optional<long[]> times = source.framePts();
            List<VideoPlan.Segment> segments = new ArrayList<>();
            if (times.isPresent()) {
                long[] pts = times.get();
                for (int first = 0, i = 0; first < pts.length; first += segmentFrames, i++) {
                    int next = (int) Math.min(pts.length, (long) first + segmentFrames);
                    segments.add(new VideoPlan.Segment(i, first, next - first, pts[first],
                            next < pts.length ? pts[next] : Long.MAX_VALUE));
                }
            } else {
                segments.addAll(counted(input, segmentFrames));
            }
            return new VideoPlan(input.toAbsolutePath().normalize().toString(),
                    settings(input, encoder, segmentFrames, hdr), segmentFrames, segments);
        }
    }

    /** Segments of a file whose packets have no show times: its frames counted by decoding it once. */
    private List<VideoPlan.Segment> counted(Path input, int segmentFrames) {
        long frames = 0;
        try (VideoSource source = VideoSource.open(input)) {
            source.window(options.start(), options.duration());
            while (source.advance()) {
                frames++;
            }
        }
        List<VideoPlan.Segment> segments = new ArrayList<>();
        for (long first = 0; first < frames; first += segmentFrames) {
            segments.add(new VideoPlan.Segment(segments.size(), first, Math.min(segmentFrames, frames - first),
                    VideoPlan.COUNTED, Long.MAX_VALUE));
        }
        return segments;
    }

    /**
     * Upscales and encodes segment {@code index} of {@code plan} into {@code segmentFile}, which
     * appears only when complete (temporary file, then rename); for HDR output its light level goes
     * to {@link #lightFile}, written first.
     *
     * @param progress  told of each frame encoded ({@code done} counts the frames before the segment)
     * @param cancelled polled between frames; when true, {@link VideoCancelledException} is thrown
     * @throws VideoException if the input is not the one the plan was made for, or cannot be read
     */
    public SegmentResult encode(VideoPlan plan, int index, Path input, Path segmentFile, VideoProgress progress,
                                BooleanSupplier cancelled) {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelled, "cancelled");
        VideoPlan.Segment segment = plan.segments().get(index);
        String encoder = checkEncoder();
        try (VideoSource source = VideoSource.open(input)) {
            Optional<HdrOutput> hdrOutput = hdrOutput(input, source);
            checkPlan(plan, settings(input, encoder, plan.segmentFrames(), hdrOutput), input);
            HdrConversion hdr = options.hdr().map(t -> t.conversion(SdrTransfer.BT1886)).orElse(null);
            source.window(options.start(), options.duration());
            if (segment.fromPts() != VideoPlan.COUNTED) {
                source.range(segment.fromPts(), segment.toPts());
            }
            SegmentSink sink = new SegmentSink(segmentFile, lightFile(segmentFile), plan.segmentFrames(), encoder,
                    source, options, hdrOutput, progress, plan.frames());
            SegmentFrames frames = new SegmentFrames(source, segment, segment.last(plan));
            FramePipeline.StageTimes times = new FramePipeline(options.queueFrames(), cancelled)
                    .run(frames, frame -> restored(frame, hdr), sink);
            if (frames.taken() == 0) {
                throw new VideoException(input + ": segment " + index + " decoded no frames");
            }
            return new SegmentResult(index, frames.taken(), sink.width(), sink.height(), times.decodeSeconds(),
                    times.inferSeconds(), sink.encodeSeconds());
        }
    }

    /**
     * Joins the finished {@code segments} of {@code plan} (one file per segment, in order) with the
     * audio and subtitle streams of {@code input}, copied, into {@code writeTo}, as the video that
     * belongs at {@code output} (whose name chooses the container).
     *
     * @return the output's width and height
     * @throws VideoException           for a missing segment, an unreadable input or a write error
     * @throws IllegalArgumentException for an output name sr4j cannot write
     */
    public int[] join(VideoPlan plan, Path input, List<Path> segments, Path output, Path writeTo,
                      Consumer<String> warnings) {
        AVOutputFormat container = containerFor(output);
        if (segments.size() != plan.segments().size()) {
            throw new VideoException(output + ": " + plan.segments().size() + " segments planned, "
                    + segments.size() + " given to the join");
        }
        for (Path s : segments) {
            if (!Files.isRegularFile(s)) {
                throw new VideoException(s + ": segment missing, cannot join " + output);
            }
        }
        int width;
        int height;
        try (SegmentFile.Reader first = new SegmentFile.Reader(segments.get(0))) {
            width = first.width();
            height = first.height();
        }
        try (VideoSource source = VideoSource.open(input)) {
            Optional<HdrOutput> hdrOutput = HdrOutput.of(options, source.taggedColour(), source.masteringDisplay());
            source.window(options.start(), options.duration());
            Optional<Remuxer.HdrMetadata> hdrMetadata = hdrOutput.map(o -> new Remuxer.HdrMetadata(o.display(),
                    SegmentLight.combined(segments.stream().map(VideoSegments::lightFile).toList())));
            Remuxer.Plan remux = new Remuxer.Plan(input, source.streamIndex(), source.windowStartMicros(),
                    !options.start().isZero(), source.windowEndMicros(),
                    SegmentSink.outputColour(source.taggedColour(), hdrOutput, height), source.displayMatrix(),
                    hdrMetadata);
            Remuxer.write(remux, segments, writeTo, container, warnings);
        }
        return new int[] {width, height};
    }

    /** The light-level file of an HDR segment, beside it. */
    public static Path lightFile(Path segmentFile) {
        return segmentFile.resolveSibling(segmentFile.getFileName() + ".light");
    }

    /** The encoder's name, after checking HDR output's codec and that the natives have the encoder. */
    private String checkEncoder() {
        options.hdr().ifPresent(t -> requireHevc(options.codec(), "HDR video (" + t + ") is written as"));
        return options.codec().requireEncoder();
    }

    /** The input's HDR output, refusing HDR conversion of HDR input and HDR kept in anything but HEVC. */
    private Optional<HdrOutput> hdrOutput(Path input, VideoSource source) {
        if (options.hdr().isPresent() && source.taggedColour().isHdr()) {
            throw new VideoException(input + ": is already HDR (its transfer is PQ or HLG); --hdr converts SDR "
                    + "video, and HDR input stays HDR without it");
        }
        Optional<HdrOutput> hdrOutput = HdrOutput.of(options, source.taggedColour(), source.masteringDisplay());
        if (hdrOutput.isPresent() && !hdrOutput.get().converted()) {
            requireHevc(options.codec(), input + ": is HDR and stays HDR, as");
        }
        return hdrOutput;
    }

    /** HDR video is written as HEVC Main10 only; {@code why} starts the message ("… as"). */
    static void requireHevc(VideoCodec codec, String why) {
        if (codec != VideoCodec.H265) {
            throw new IllegalArgumentException(why + " 10-bit HEVC: use --codec h265, not " + codec.displayName());
        }
    }

    static AVOutputFormat containerFor(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".mp4") || name.endsWith(".mkv") || name.endsWith(".mov"))) {
            throw new IllegalArgumentException(output + ": sr4j writes video as " + VideoUpscaler.CONTAINERS);
        }
        return Muxer.formatFor(name);
    }

    private static void checkPlan(VideoPlan plan, Map<String, String> now, Path input) {
        for (String key : now.keySet()) {
            if (!Objects.equals(plan.settings().get(key), now.get(key))) {
                throw new VideoException(input + ": the segment plan was made with " + key + " "
                        + plan.settings().get(key) + ", this run has " + now.get(key) + "; plan it again");
            }
        }
    }

    /**
     * The network's output for a frame; for HDR output converted to the HDR signal in float, from
     * the network's unrounded output.
     */
    private DecodedFrame restored(DecodedFrame frame, HdrConversion hdr) {
        PlanarImage out = network.apply(frame.rgb());
        if (hdr != null) {
            if (out == frame.rgb()) {
                out = out.copy(); // never convert the decoder's buffer in place
            }
            hdr.toHdrInPlace(out);
        }
        return new DecodedFrame(frame.index(), frame.pts(), frame.duration(), out);
    }

    private int segmentFrames(AVRational rate) {
        double fps = av_q2d(rate);
        if (!(fps > 0) || Double.isInfinite(fps)) {
            return FALLBACK_SEGMENT_FRAMES;
        }
        return (int) Math.max(1, Math.round(options.segmentLength().toNanos() / 1e9 * fps));
    }

    /** The settings the segments depend on: a resume, an encode or a join with others is refused. */
    private Map<String, String> settings(Path input, String encoder, int segmentFrames, Optional<HdrOutput> hdr) {
        Map<String, String> manifest = new TreeMap<>();
        manifest.put("version", Integer.toString(MANIFEST_VERSION));
        manifest.put("input", input.toAbsolutePath().normalize().toString());
        try {
            manifest.put("input.size", Long.toString(Files.size(input)));
            manifest.put("input.modified", Files.getLastModifiedTime(input).toString());
        } catch (IOException e) {
            throw new VideoException(input + ": cannot read (" + e.getMessage() + ")", e);
        }
        manifest.put("model", modelName);
        manifest.put("scale", Double.toString(scale));
        manifest.put("encoder", encoder);
        manifest.put("crf", Integer.toString(options.crf()));
        manifest.put("preset", options.preset());
        manifest.put("start", options.start().toString());
        manifest.put("duration", options.duration().map(Duration::toString).orElse("to the end"));
        manifest.put("segment.frames", Integer.toString(segmentFrames));
        manifest.put("hdr", HdrOutput.describe(hdr));
        return manifest;
    }

    /**
     * What encoding one segment did.
     *
     * @param index         the segment
     * @param frames        frames encoded
     * @param width         encoded width
     * @param height        encoded height
     * @param decodeSeconds time decoding (overlaps the others)
     * @param inferSeconds  time in the network
     * @param encodeSeconds time encoding and writing
     */
    public record SegmentResult(int index, long frames, int width, int height, double decodeSeconds,
                                double inferSeconds, double encodeSeconds) {
    }

    /** The segment's frames from the source, numbered from its first frame's index in the window. */
    private static final class SegmentFrames implements FramePipeline.Source {
        private final VideoSource source;
        private final VideoPlan.Segment segment;
        private final boolean last;
        private long decoded;
        private long taken;

        SegmentFrames(VideoSource source, VideoPlan.Segment segment, boolean last) {
            this.source = source;
            this.segment = segment;
            this.last = last;
        }

        long taken() {
            return taken;
        }

        @Override
        public DecodedFrame next() {
            boolean counted = segment.fromPts() == VideoPlan.COUNTED;
            while (source.advance()) {
                long i = decoded++;
                if (counted && i < segment.firstFrame()) {
                    continue; // no show times to seek by: decoded from the window's start
                }
                if (counted && !last && taken >= segment.frames()) {
                    return null;
                }
                return new DecodedFrame(segment.firstFrame() + taken++, source.pts(), source.duration(),
                        source.rgb());
            }
            return null;
        }
    }
}
