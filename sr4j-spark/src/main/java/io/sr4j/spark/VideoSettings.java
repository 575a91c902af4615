package io.sr4j.spark;

import io.sr4j.pipeline.HdrTarget;
import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a batch job encodes its videos (the options of {@code sr4j video} that are not the pipeline's:
 * model, scale, denoise level and the HDR output come from {@link BatchSettings}); shipped to the
 * executors.
 *
 * @param codec          {@code h264} or {@code h265}; null to choose per video as {@code sr4j video}
 *                       does without {@code --codec} (h265 for HDR output, asked or kept, else h264)
 * @param crf            constant rate factor 0–51
 * @param preset         encoder preset
 * @param segmentSeconds length of a segment, the unit of work of one task
 * @param start          where in each video to begin ({@code --start})
 * @param duration       how much of each video to take from there; null: to its end ({@code --duration})
 * @param bitDepth       bits per sample of SDR output, 8 or 10 ({@code --bit-depth}); null: 8, and HDR
 *                       output (asked, or HDR input kept) is always 10
 */
public record VideoSettings(String codec, int crf, String preset, double segmentSeconds, Duration start,
                            Duration duration, Integer bitDepth) implements Serializable {
    public VideoSettings {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(start, "start");
        if (!(segmentSeconds > 0) || Double.isInfinite(segmentSeconds)) {
            throw new IllegalArgumentException("segment length must be > 0 seconds, got " + segmentSeconds);
        }
        options(codec == null ? VideoCodec.H264 : VideoCodec.fromName(codec), crf, preset, segmentSeconds, start,
                duration, bitDepth, null, false); // the video options' own checks (crf range, window, bit depth)
    }

    /** The defaults of {@code sr4j video}: the codec per video, crf 18, preset medium, 2-second segments, all of it. */
    public static VideoSettings defaults() {
        return new VideoSettings(null, VideoOptions.DEFAULT_CRF, VideoOptions.DEFAULT_PRESET,
                VideoOptions.DEFAULT_SEGMENT.toMillis() / 1000.0, Duration.ZERO, null, null);
    }

    public VideoSettings withCodec(String name) {
        return new VideoSettings(name, crf, preset, segmentSeconds, start, duration, bitDepth);
    }

    public VideoSettings withCrf(int value) {
        return new VideoSettings(codec, value, preset, segmentSeconds, start, duration, bitDepth);
    }

    public VideoSettings withPreset(String name) {
        return new VideoSettings(codec, crf, name, segmentSeconds, start, duration, bitDepth);
    }

    public VideoSettings withSegmentSeconds(double seconds) {
        return new VideoSettings(codec, crf, preset, seconds, start, duration, bitDepth);
    }

    /** The window of each video: from {@code from}, {@code length} of it (null: to the end). */
    public VideoSettings withWindow(Duration from, Duration length) {
        return new VideoSettings(codec, crf, preset, segmentSeconds, from, length, bitDepth);
    }

    /** Bits per sample of SDR output, 8 or 10 ({@code --bit-depth}); null for the default. */
    public VideoSettings withBitDepth(Integer bits) {
        return new VideoSettings(codec, crf, preset, segmentSeconds, start, duration, bits);
    }

    /** Bits per sample written for a video whose output is HDR ({@code hdrOutput}) or not. */
    int bitsFor(boolean hdrOutput) {
        return hdrOutput ? 10 : bitDepth == null ? 8 : bitDepth;
    }

    /**
     * These settings for one video, the codec chosen as {@code sr4j video} chooses it without
     * {@code --codec}: h265 when the output is HDR ({@code hdrOutput}: asked, or HDR input kept), else h264.
     */
    VideoSettings forVideo(boolean hdrOutput) {
        return codec != null ? this : withCodec((hdrOutput ? VideoCodec.H265 : VideoCodec.H264).displayName());
    }

    /**
     * The options of {@code sr4j video --codec … --crf … --preset … --segment … --start … --duration …
     * --bit-depth …} with {@code hdr} ({@code --hdr}; null for none) and {@code enhance} ({@code --enhance
     * auto}); the codec must have been chosen ({@link #forVideo}).
     */
    VideoOptions options(HdrTarget hdr, boolean enhance) {
        if (codec == null) {
            throw new IllegalStateException("the codec of a video is chosen when it is planned");
        }
        return options(VideoCodec.fromName(codec), crf, preset, segmentSeconds, start, duration, bitDepth, hdr,
                enhance);
    }

    private static VideoOptions options(VideoCodec codec, int crf, String preset, double segmentSeconds,
                                        Duration start, Duration duration, Integer bitDepth, HdrTarget hdr,
                                        boolean enhance) {
        VideoOptions.Builder b = VideoOptions.builder().codec(codec).crf(crf).preset(preset).start(start)
                .duration(duration).segmentLength(Duration.ofMillis(Math.round(segmentSeconds * 1000))).hdr(hdr)
                .enhance(enhance);
        if (bitDepth != null) {
            b.bitDepth(bitDepth);
        }
        return b.build();
    }
}
