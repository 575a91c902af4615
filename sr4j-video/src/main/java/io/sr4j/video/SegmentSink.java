package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;

import io.sr4j.color.ContentLightLevel;
import io.sr4j.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * The encoding stage of one segment: encodes the segment's upscaled frames with a
 * {@link SegmentWriter} into its file, atomically (temporary file, then rename), the light-level
 * file first for HDR. The encoder's size comes from the first frame (rounded down to even numbers
 * for 4:2:0).
 */
final class SegmentSink implements FramePipeline.Sink {
    private final Path file;
    private final Path lightFile;
    private final int segmentFrames;
    private final String encoder;
    private final AVRational timeBase;
    private final AVRational frameRate;
    private final AVRational sampleAspectRatio;
    private final Colour tagged;
    private final VideoOptions options;
    private final Optional<HdrOutput> hdr;
    private final VideoProgress progress;
    private final long totalFrames;
    private EncoderSettings settings;
    private long encodeNanos;

    SegmentSink(Path file, Path lightFile, int segmentFrames, String encoder, VideoSource source,
                VideoOptions options, Optional<HdrOutput> hdr, VideoProgress progress, long totalFrames) {
        this.file = file;
        this.lightFile = lightFile;
        this.hdr = hdr;
        this.segmentFrames = segmentFrames;
        this.encoder = encoder;
        this.timeBase = source.timeBase();
        this.frameRate = source.frameRate();
        this.sampleAspectRatio = source.sampleAspectRatio();
        this.tagged = source.taggedColour();
        this.options = options;
        this.progress = progress;
        this.totalFrames = totalFrames;
    }

    @Override
    public void drain(FramePipeline.Frames frames) {
        DecodedFrame first = frames.take();
        if (first == null) {
            return;
        }
        settings = settingsFor(first);
        try {
            AtomicFiles.write(file, out -> writeSegment(first, frames, out));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new VideoException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Encodes {@code first} and every frame after it into {@code out}. */
    private void writeSegment(DecodedFrame first, FramePipeline.Frames frames, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        try (SegmentWriter writer = new SegmentWriter(file, out, settings)) {
            DecodedFrame frame = first;
            while (frame != null) {
                writer.write(frame.rgb(), frame.pts(), frame.duration());
                progress.frameDone(frame.index() + 1, totalFrames);
                encodeNanos += System.nanoTime() - t0;
                frame = frames.take();
                t0 = System.nanoTime();
            }
            ContentLightLevel light = writer.finish();
            if (settings.hdr() != null) {
                SegmentLight.write(lightFile, light);
            }
        } finally {
            encodeNanos += System.nanoTime() - t0;
        }
    }

    private EncoderSettings settingsFor(DecodedFrame frame) {
        int width = frame.rgb().width() & ~1;
        int height = frame.rgb().height() & ~1;
        if (width < 2 || height < 2) {
            throw new VideoException("upscaled frames of " + frame.rgb().width() + "x" + frame.rgb().height()
                    + " are too small to encode");
        }
        return new EncoderSettings(encoder, width, height, timeBase.num(), timeBase.den(),
                frameRate.num(), frameRate.den(), sampleAspectRatio.num(), sampleAspectRatio.den(),
                outputColour(tagged, hdr, height), options.crf(), options.preset(), segmentFrames, hdr.orElse(null));
    }

    /**
     * The colour description of the encoded video. SDR converted to HDR: BT.2020 with the chosen
     * transfer. Otherwise (SDR, or HDR kept): the tagged values kept, what the input leaves unsaid
     * chosen for the output's height (the join chooses it again from the segments' height).
     */
    static Colour outputColour(Colour tagged, Optional<HdrOutput> hdr, int height) {
        if (hdr.isPresent() && hdr.get().converted()) {
            return Colour.hdr(hdr.get().target().format());
        }
        Colour colour = tagged.matrix() == AVCOL_SPC_RGB
                ? new Colour(org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED, tagged.primaries(),
                        tagged.transfer(), tagged.range(), tagged.chromaLocation())
                : tagged;
        return colour.effective(height);
    }

    /** Width of the encoded segment (0 if it had no frame). */
    int width() {
        return settings != null ? settings.width() : 0;
    }

    /** Height of the encoded segment (0 if it had no frame). */
    int height() {
        return settings != null ? settings.height() : 0;
    }

    double encodeSeconds() {
        return encodeNanos / 1e9;
    }
}
