package io.sr4j.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What the server accepts as a video job, and how it runs one. Videos only run as jobs, never
 * through the synchronous route, and have their own (larger) limits than images.
 *
 * @param maxUploadBytes     largest video upload (413 above)
 * @param maxFrames          most frames a video may have, estimated from its duration and frame rate
 *                           (422 above)
 * @param maxFramePixels     largest output frame, width × height (422 above)
 * @param timeout            longest one video job may run before it fails (a resumed run starts a
 *                           new period)
 * @param defaultModel       model used when a video job names none
 * @param segmentLength      video is encoded in segments of about this length; after a restart a
 *                           job continues from its last finished segment
 */
public record VideoLimits(long maxUploadBytes, long maxFrames, long maxFramePixels, Duration timeout,
                          String defaultModel, Duration segmentLength) {
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;
    /** Ten minutes at 30 frames per second. */
    public static final long DEFAULT_MAX_FRAMES = 18_000;
    /** 3840 × 2160 (4K UHD). */
    public static final long DEFAULT_MAX_FRAME_PIXELS = 3840L * 2160;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
    /** The video model's x2 variant: quick enough for a shared server, the size of most requests. */
    public static final String DEFAULT_MODEL = "realesr-animevideov3-x2";

    public VideoLimits {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(defaultModel, "defaultModel");
        Objects.requireNonNull(segmentLength, "segmentLength");
        if (maxUploadBytes <= 0 || maxFrames <= 0 || maxFramePixels <= 0) {
            throw new IllegalArgumentException("video limits must be > 0");
        }
        if (timeout.isNegative() || timeout.isZero() || segmentLength.isNegative() || segmentLength.isZero()) {
            throw new IllegalArgumentException("video timeout and segment length must be positive");
        }
    }

    /** The defaults of {@code sr4j serve}. */
    public static VideoLimits defaults() {
        return new VideoLimits(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_FRAMES, DEFAULT_MAX_FRAME_PIXELS, DEFAULT_TIMEOUT,
                DEFAULT_MODEL, Duration.ofSeconds(2));
    }

    public VideoLimits withMaxUploadBytes(long value) {
        return new VideoLimits(value, maxFrames, maxFramePixels, timeout, defaultModel, segmentLength);
    }

    public VideoLimits withMaxFrames(long value) {
        return new VideoLimits(maxUploadBytes, value, maxFramePixels, timeout, defaultModel, segmentLength);
    }

    public VideoLimits withMaxFramePixels(long value) {
        return new VideoLimits(maxUploadBytes, maxFrames, value, timeout, defaultModel, segmentLength);
    }

    public VideoLimits withTimeout(Duration value) {
        return new VideoLimits(maxUploadBytes, maxFrames, maxFramePixels, value, defaultModel, segmentLength);
    }

    public VideoLimits withDefaultModel(String value) {
        return new VideoLimits(maxUploadBytes, maxFrames, maxFramePixels, timeout, value, segmentLength);
    }

    public VideoLimits withSegmentLength(Duration value) {
        return new VideoLimits(maxUploadBytes, maxFrames, maxFramePixels, timeout, defaultModel, value);
    }
}
