package io.sr4j.video;

import io.sr4j.pipeline.HdrTarget;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a video is upscaled and encoded. Build with {@link #builder()}; every field has a default.
 *
 * @param scale         factor to enlarge by; empty: the model's own
 * @param codec         output video codec
 * @param crf           constant rate factor (0-51, lower is better and bigger) for libx264 / libx265
 * @param preset        encoder speed preset ({@code ultrafast} … {@code veryslow})
 * @param start         where in the input to begin
 * @param duration      how much of the input to take; empty: to its end
 * @param segmentLength video is encoded in segments of about this length, each starting with a key
 *                      frame; an interrupted run resumes from its last finished segment
 * @param resume        continue from the finished segments a previous run with the same settings left
 * @param queueFrames   frames held between decoding, the network and encoding (memory stays flat)
 * @param hdr           write HDR10 / HLG: 10-bit BT.2020 with the PQ or HLG transfer (docs/HDR.md);
 *                      empty: SDR as the input
 * @param enhance       grade every frame automatically (exposure, white balance, contrast), the grade
 *                      smoothed over each scene so that it does not flicker (docs/HDR.md, "Grading")
 * @param bitDepth      bits per sample of SDR output, 8 or 10 (10: no banding; HDR output is always 10)
 */
public record VideoOptions(Optional<Double> scale, VideoCodec codec, int crf, String preset, Duration start,
                           Optional<Duration> duration, Duration segmentLength, boolean resume, int queueFrames,
                           Optional<HdrTarget> hdr, boolean enhance, int bitDepth) {
    public static final int DEFAULT_CRF = 18;
    public static final String DEFAULT_PRESET = "medium";
    public static final Duration DEFAULT_SEGMENT = Duration.ofSeconds(2);

    public VideoOptions {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(segmentLength, "segmentLength");
        Objects.requireNonNull(hdr, "hdr");
        scale.ifPresent(s -> {
            if (!(s > 0) || s.isInfinite()) {
                throw new IllegalArgumentException("scale must be a number > 0, got " + s);
            }
        });
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("crf must be 0..51, got " + crf);
        }
        if (start.isNegative()) {
            throw new IllegalArgumentException("start must be >= 0, got " + start);
        }
        duration.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be > 0, got " + d);
            }
        });
        if (segmentLength.isNegative() || segmentLength.isZero()) {
            throw new IllegalArgumentException("segment length must be > 0, got " + segmentLength);
        }
        if (queueFrames < 1) {
            throw new IllegalArgumentException("queue must hold >= 1 frame, got " + queueFrames);
        }
        if (bitDepth != 8 && bitDepth != 10) {
            throw new IllegalArgumentException("bit depth must be 8 or 10, got " + bitDepth);
        }
        if (hdr.isPresent() && bitDepth != 10) {
            throw new IllegalArgumentException("HDR video (" + hdr.get() + ") is written with 10 bits, not "
                    + bitDepth);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of {@link VideoOptions}; {@link #build()} checks them. */
    public static final class Builder {
        private Double scale;
        private VideoCodec codec = VideoCodec.H264;
        private int crf = DEFAULT_CRF;
        private String preset = DEFAULT_PRESET;
        private Duration start = Duration.ZERO;
        private Duration duration;
        private Duration segmentLength = DEFAULT_SEGMENT;
        private boolean resume;
        private int queueFrames = 4;
        private HdrTarget hdr;
        private boolean enhance;
        private Integer bitDepth;

        private Builder() {
        }

        public Builder scale(double factor) {
            this.scale = factor;
            return this;
        }

        public Builder codec(VideoCodec videoCodec) {
            this.codec = videoCodec;
            return this;
        }

        public Builder crf(int value) {
            this.crf = value;
            return this;
        }

        public Builder preset(String name) {
            this.preset = name;
            return this;
        }

        public Builder start(Duration offset) {
            this.start = offset;
            return this;
        }

        public Builder duration(Duration length) {
            this.duration = length;
            return this;
        }

        public Builder segmentLength(Duration length) {
            this.segmentLength = length;
            return this;
        }

        public Builder resume(boolean value) {
            this.resume = value;
            return this;
        }

        public Builder queueFrames(int frames) {
            this.queueFrames = frames;
            return this;
        }

        /** HDR output (null: SDR). */
        public Builder hdr(HdrTarget target) {
            this.hdr = target;
            return this;
        }

        /** Grade every frame automatically, smoothed over each scene. */
        public Builder enhance(boolean value) {
            this.enhance = value;
            return this;
        }

        /** Bits per sample, 8 or 10. Default: 10 for HDR output, else 8. */
        public Builder bitDepth(int bits) {
            this.bitDepth = bits;
            return this;
        }

        public VideoOptions build() {
            int bits = bitDepth != null ? bitDepth : hdr != null ? 10 : 8;
            return new VideoOptions(Optional.ofNullable(scale), codec, crf, preset, start, Optional.ofNullable(duration),
                    segmentLength, resume, queueFrames, Optional.ofNullable(hdr), enhance, bits);
        }
    }
}
