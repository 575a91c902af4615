package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;

import io.sr4j.color.ContentLightLevel;
import io.sr4j.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * The encoding stage: cuts the upscaled frames into segments of {@code segmentFrames} frames (by
 * frame index, so a resumed run cuts at the same places) and writes each with a
 * {@link SegmentWriter}, atomically. The encoder's size comes from the first frame (rounded down
 * to even numbers for 4:2:0).
 */
final class SegmentSink implements FramePipeline.Sink {
    private final SegmentFiles work;
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
    private long framesSeen;
    private long encodeNanos;
    private long conversionNanos;
    private long lightNanos;
    private boolean ended;
    /** The size of the segments an earlier run finished, for a run that encodes none itself (read once asked). */
    private int[] finishedSize;

    SegmentSink(SegmentFiles work, int segmentFrames, String encoder, VideoSource source, VideoOptions options,
                Optional<HdrOutput> hdr, VideoProgress progress, long totalFrames) {
        this.work = work;
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
        while (!ended) {
            DecodedFrame first = frames.take();
            if (first == null) {
                return;
            }
            if (settings == null) {
                settings = settingsFor(first);
            }
            int segment = Math.toIntExact(first.index() / segmentFrames);
            try {
                AtomicFiles.write(work.segment(segment), out -> writeSegment(first, frames, out, segment));
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new VideoException(work.segment(segment) + ": cannot write (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Encodes {@code first} and the frames after it, up to the segment's last, into {@code file}. */
    private void writeSegment(DecodedFrame first, FramePipeline.Frames frames, OutputStream out, int segment)
            throws IOException {
        long t0 = System.nanoTime();
        try (SegmentWriter writer = new SegmentWriter(work.segment(segment), out, settings)) {
            DecodedFrame frame = first;
            while (true) {
                writer.write(frame.rgb(), frame.pts(), frame.duration());
                framesSeen = frame.index() + 1;
                progress.frameDone(framesSeen, totalFrames);
                if ((frame.index() + 1) % segmentFrames == 0) {
                    break;
                }
                encodeNanos += System.nanoTime() - t0;
                frame = frames.take();
                t0 = System.nanoTime();
                if (frame == null) {
                    ended = true;
                    break;
                }
            }
            ContentLightLevel light = writer.finish();
            conversionNanos += writer.conversionNanos();
            lightNanos += writer.lightNanos();
            if (settings.hdr() != null) {
                SegmentLight.write(work.segmentLight(segment), light);
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
                outputColour(tagged, hdr, height), options.crf(), options.preset(), segmentFrames, hdr.orElse(null),
                RunSettings.bitDepth(options, hdr));
    }

    /**
     * SDR converted to HDR: BT.2020 with the chosen transfer. Otherwise (SDR, or HDR kept): the tagged
     * values kept, what the input leaves unsaid chosen for the output's height.
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

    /**
     * The colour description of the encoded video: this run's, or when this run encoded nothing
     * (every segment was finished by an earlier run) the one chosen for the segments' height, as
     * that run chose it.
     */
    Colour outputColour() {
        return settings != null ? settings.colour() : outputColour(tagged, hdr, height());
    }

    /** Index after the last frame encoded in this run (0 if none). */
    long framesSeen() {
        return framesSeen;
    }

    /** Width of the encoded video: this run's, else the finished segments' (0 if there are none). */
    int width() {
        return settings != null ? settings.width() : finishedSize()[0];
    }

    /** Height of the encoded video: this run's, else the finished segments' (0 if there are none). */
    int height() {
        return settings != null ? settings.height() : finishedSize()[1];
    }

    /** Width and height written in segment 0 if an earlier run finished it, else zeros. */
    private int[] finishedSize() {
        if (finishedSize == null) {
            finishedSize = finishedSize(work.segment(0));
        }
        return finishedSize;
    }

    /** Width and height written in {@code segment}, or zeros if it is absent. */
    static int[] finishedSize(Path segment) {
        if (!Files.isRegularFile(segment)) {
            return new int[] {0, 0};
        }
        try (SegmentFile.Reader reader = new SegmentFile.Reader(segment)) {
            return new int[] {reader.width(), reader.height()};
        }
    }

    double encodeSeconds() {
        return encodeNanos / 1e9;
    }

    /** Of {@link #encodeSeconds()}: converting float RGB to the encoder's YCbCr (8 or 10 bits). */
    double conversionSeconds() {
        return conversionNanos / 1e9;
    }

    /** Of {@link #encodeSeconds()}: decoding the encoded frames to measure MaxCLL/MaxFALL (HDR; else 0). */
    double lightSeconds() {
        return lightNanos / 1e9;
    }
}
