package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.sr4j.color.HdrConversion;
import io.sr4j.color.SdrTransfer;
import io.sr4j.enhance.Enhancer;
import io.sr4j.enhance.SceneSmoother;
import io.sr4j.enhance.ToneCurves;
import io.sr4j.image.PlanarImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * What every segment of one input's run shares, whether one {@link VideoUpscaler} makes them all or
 * {@link VideoSegments} makes each on its own: the encoder, the HDR output (checked against the
 * input), the conversion of the network's output, the segment length in frames, the settings a
 * segment must have been made with, and the join.
 */
final class RunSettings {
    private static final int MANIFEST_VERSION = 1;
    /** Segment length in frames when the input does not state a frame rate. */
    private static final int FALLBACK_SEGMENT_FRAMES = 48;

    private final VideoOptions options;
    private final String encoder;
    private final Optional<HdrOutput> hdrOutput;
    private final HdrConversion hdr;
    private final int segmentFrames;
    /** Time spent grading and converting to the HDR signal, in float, over every frame so far. */
    private final java.util.concurrent.atomic.AtomicLong colourNanos = new java.util.concurrent.atomic.AtomicLong();

    private RunSettings(VideoOptions options, String encoder, Optional<HdrOutput> hdrOutput, int segmentFrames) {
        this.options = options;
        this.encoder = encoder;
        this.hdrOutput = hdrOutput;
        this.hdr = options.hdr().map(t -> t.conversion(SdrTransfer.BT1886)).orElse(null);
        this.segmentFrames = segmentFrames;
    }

    /**
     * The settings for {@code source} (opened from {@code input}); limits it to the options' window.
     *
     * @throws VideoException           if the codec has no encoder, or HDR is asked of HDR input
     * @throws IllegalArgumentException if HDR output would not be HEVC
     */
    static RunSettings of(Path input, VideoSource source, VideoOptions options) {
        options.hdr().ifPresent(t -> requireHevc(options.codec(), "HDR video (" + t + ") is written as"));
        if (options.hdr().isPresent() && source.taggedColour().isHdr()) {
            throw new VideoException(input + ": is already HDR (its transfer is PQ or HLG); --hdr converts SDR "
                    + "video, and HDR input stays HDR without it");
        }
        if (options.enhance() && source.taggedColour().isHdr()) {
            throw new VideoException(input + ": is HDR (its transfer is PQ or HLG); enhance grades SDR video");
        }
        Optional<HdrOutput> hdrOutput = HdrOutput.of(options, source.taggedColour(), source.masteringDisplay());
        if (hdrOutput.isPresent() && !hdrOutput.get().converted()) {
            requireHevc(options.codec(), input + ": is HDR and stays HDR, as");
        }
        String encoder = options.codec().requireEncoder(bitDepth(options, hdrOutput));
        source.window(options.start(), options.duration());
        return new RunSettings(options, encoder, hdrOutput, segmentFrames(options, source.frameRate()));
    }

    /** HDR video is written as HEVC Main10 only; {@code why} starts the message ("… as"). */
    static void requireHevc(VideoCodec codec, String why) {
        if (codec != VideoCodec.H265) {
            throw new IllegalArgumentException(why + " 10-bit HEVC: use --codec h265, not " + codec.displayName());
        }
    }

    String encoder() {
        return encoder;
    }

    /** Bits per sample written: 10 for HDR output (converted or kept), else the options'. */
    static int bitDepth(VideoOptions options, Optional<HdrOutput> hdrOutput) {
        return hdrOutput.isPresent() ? 10 : options.bitDepth();
    }

    /**
     * A fresh smoother of the run's grades, or null when the run does not enhance: each decoding
     * pass (a run, a resumed run, one segment) feeds its own in frame order.
     */
    SceneSmoother smoother() {
        return options.enhance() ? new SceneSmoother(Enhancer.classical(), SceneSmoother.DEFAULT_WINDOW) : null;
    }

    int segmentFrames() {
        return segmentFrames;
    }

    /** The encoding stage writing into {@code files}. */
    SegmentSink sink(SegmentFiles files, VideoSource source, VideoProgress progress, long totalFrames) {
        return new SegmentSink(files, segmentFrames, encoder, source, options, hdrOutput, progress, totalFrames);
    }

    /**
     * The network's output for a frame: graded by the frame's scene-smoothed grade (if it has one),
     * then for HDR output converted to the HDR signal; both in float, from the network's unrounded
     * output, the grade in SDR before the inverse tone mapping.
     */
    DecodedFrame restored(UnaryOperator<PlanarImage> network, DecodedFrame frame) {
        PlanarImage out = network.apply(frame.rgb());
        if ((hdr != null || frame.grade() != null) && out == frame.rgb()) {
            out = out.copy(); // never change the decoder's buffer in place
        }
        long t0 = System.nanoTime();
        if (frame.grade() != null) {
            ToneCurves.of(frame.grade()).applyInPlace(out);
        }
        if (hdr != null) {
            hdr.toHdrInPlace(out);
        }
        colourNanos.addAndGet(System.nanoTime() - t0);
        return new DecodedFrame(frame.index(), frame.pts(), frame.duration(), out);
    }

    /** Seconds {@link #restored} spent on the grade and the HDR conversion (of the network stage's time). */
    double colourSeconds() {
        return colourNanos.get() / 1e9;
    }

    /**
     * Joins the finished {@code segments} of {@code input} with its audio and subtitle streams into
     * {@code file}, a {@code container}; the colour description follows the segments' height.
     */
    void join(Path input, VideoSource source, List<Path> segments, Path file, AVOutputFormat container,
              Consumer<String> warnings) {
        int height = segments.isEmpty() ? 0 : SegmentSink.finishedSize(segments.get(0))[1];
        Optional<Remuxer.HdrMetadata> hdrMetadata = hdrOutput.map(o -> new Remuxer.HdrMetadata(o.display(),
                SegmentLight.combined(segments.stream().map(SegmentFiles::lightOf).toList())));
        Remuxer.Plan plan = new Remuxer.Plan(input, source.streamIndex(), source.windowStartMicros(),
                !options.start().isZero(), source.windowEndMicros(),
                SegmentSink.outputColour(source.taggedColour(), hdrOutput, height), source.displayMatrix(),
                hdrMetadata);
        Remuxer.write(plan, segments, file, container, warnings);
    }

    private static int segmentFrames(VideoOptions options, AVRational rate) {
        double fps = av_q2d(rate);
        if (!(fps > 0) || Double.isInfinite(fps)) {
            return FALLBACK_SEGMENT_FRAMES;
        }
        return (int) Math.max(1, Math.round(options.segmentLength().toNanos() / 1e9 * fps));
    }

    /**
     * The settings the segments of a run share with each other: a resumed run, or a segment made on
     * its own, must have the same.
     */
    Map<String, String> manifest(Path input, String modelName, double scale) {
        Map<String, String> manifest = settings(modelName, scale);
        manifest.put("input", input.toAbsolutePath().normalize().toString());
        try {
            manifest.put("input.size", Long.toString(Files.size(input)));
            manifest.put("input.modified", Files.getLastModifiedTime(input).toString());
        } catch (IOException e) {
            throw new VideoException(input + ": cannot read (" + e.getMessage() + ")", e);
        }
        return manifest;
    }

    /** {@link #manifest} without the input's name, size and time (a copy of the input has the same settings). */
    Map<String, String> settings(String modelName, double scale) {
        Map<String, String> manifest = new TreeMap<>();
        manifest.put("version", Integer.toString(MANIFEST_VERSION));
        manifest.put("model", modelName);
        manifest.put("scale", Double.toString(scale));
        manifest.put("encoder", encoder);
        manifest.put("crf", Integer.toString(options.crf()));
        manifest.put("preset", options.preset());
        manifest.put("start", options.start().toString());
        manifest.put("duration", options.duration().map(Duration::toString).orElse("to the end"));
        manifest.put("segment.frames", Integer.toString(segmentFrames));
        manifest.put("hdr", HdrOutput.describe(hdrOutput));
        manifest.put("bit.depth", Integer.toString(bitDepth(options, hdrOutput)));
        // The grade of a frame depends on the corrector and the window it is smoothed over.
        manifest.put("enhance", options.enhance() ? "auto:classical:window=" + SceneSmoother.DEFAULT_WINDOW : "none");
        return manifest;
    }
}
