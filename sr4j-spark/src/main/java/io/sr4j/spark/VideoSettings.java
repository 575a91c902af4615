package io.sr4j.spark;

import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a batch job encodes its videos (the options of {@code sr4j video} that are not the pipeline's:
 * model, scale and denoise level come from {@link BatchSettings}); shipped to the executors.
 *
 * @param codec          {@code h264} or {@code h265}
 * @param crf            constant rate factor 0–51
 * @param preset         encoder preset
 * @param segmentSeconds length of a segment, the unit of work of one task
 */
public record VideoSettings(String codec, int crf, String preset, double segmentSeconds) implements Serializable {
    public VideoSettings {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(preset, "preset");
        if (!(segmentSeconds > 0) || Double.isInfinite(segmentSeconds)) {
            throw new IllegalArgumentException("segment length must be > 0 seconds, got " + segmentSeconds);
        }
        options(codec, crf, preset, segmentSeconds); // the video options' own checks (crf range)
    }

    /** The defaults of {@code sr4j video}: h264, crf 18, preset medium, 2-second segments. */
    public static VideoSettings defaults() {
        return new VideoSettings("h264", VideoOptions.DEFAULT_CRF, VideoOptions.DEFAULT_PRESET,
                VideoOptions.DEFAULT_SEGMENT.toMillis() / 1000.0);
    }

    public VideoSettings withCodec(String name) {
        return new VideoSettings(name, crf, preset, segmentSeconds);
    }

    public VideoSettings withCrf(int value) {
        return new VideoSettings(codec, value, preset, segmentSeconds);
    }

    public VideoSettings withPreset(String name) {
        return new VideoSettings(codec, crf, name, segmentSeconds);
    }

    public VideoSettings withSegmentSeconds(double seconds) {
        return new VideoSettings(codec, crf, preset, seconds);
    }

    /** The options of {@code sr4j video --codec … --crf … --preset … --segment …}. */
    VideoOptions options() {
        return options(codec, crf, preset, segmentSeconds);
    }

    private static VideoOptions options(String codec, int crf, String preset, double segmentSeconds) {
        return VideoOptions.builder().codec(VideoCodec.fromName(codec)).crf(crf).preset(preset)
                .segmentLength(Duration.ofMillis(Math.round(segmentSeconds * 1000))).build();
    }
}
